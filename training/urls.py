from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # /healthz and /readyz are answered by quiz.health.HealthCheckMiddleware.
    path("admin/", admin.site.urls),
    path("accounts/", include("quiz.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("quiz.pages.urls")),
    path("", include("quiz.taking.urls")),
    path("", include("quiz.learning.urls")),
    path("lti/", include("quiz.lti.urls")),
    path("scorm/", include("quiz.scorm.urls")),
]

# A database outage answers 503, anything else a plain 500; neither shows a traceback.
handler500 = "quiz.errors.server_error"
