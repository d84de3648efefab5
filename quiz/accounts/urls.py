"""Sign-up, the profile, password change in the site's layout, the rate-limited reset
request and the reset link, beside Django's own login, logout and password views."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/done/", views.signup_done, name="signup_done"),
    path("confirm/<str:token>/", views.confirm_email, name="confirm_email"),
    path("profile/", views.profile, name="profile"),
    path("email/confirm/<str:token>/", views.confirm_email_change, name="confirm_email_change"),
    # Django's own views and templates. Named apart from django.contrib.auth.urls, whose
    # password_change/ addresses still answer and whose names reverse() would give.
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("change_password_done")),
        name="change_password",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="change_password_done",
    ),
    # Before django.contrib.auth.urls, so that these views answer instead of Django's.
    path("login/", views.LoginView.as_view(), name="login"),
    path("password_reset/", views.password_reset, name="password_reset"),
    path(
        "reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
]
