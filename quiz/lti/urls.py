from django.urls import path
from lti_tool.views import jwks

from . import views

app_name = "lti"

# What a platform's administrator enters (README, "LTI 1.3"): the login URL, the launch
# (redirect) URL, which is also the deep-linking URL, and the key-set URL.
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("launch/", views.launch, name="launch"),
    path("jwks.json", jwks, name="jwks"),
    path("pick/", views.pick, name="pick"),
    path("quizzes/<slug:slug>/", views.launched, name="launched"),
]
