"""Sign-up sits beside Django's own login, logout and password-reset views."""

from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
]
