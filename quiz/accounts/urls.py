"""Sign-up and the reset link sit beside Django's own login, logout and password views."""

from django.urls import path

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Before django.contrib.auth.urls, so that this view answers the emailed link.
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
