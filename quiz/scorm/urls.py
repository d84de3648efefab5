app_name = "scorm"

urlpatterns = []
