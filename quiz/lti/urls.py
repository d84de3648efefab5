app_name = "lti"

urlpatterns = []
