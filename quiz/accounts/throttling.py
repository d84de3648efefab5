"""Which address a login attempt comes from, for django-axes' lockout by address."""

from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import render

USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or the header a trusted reverse proxy sets (DJANGO_CLIENT_IP_HEADER).

    Only a header the proxy overwrites can be trusted: a client can send any header itself.
    """
    if settings.CLIENT_IP_HEADER:
        forwarded = request.META.get(settings.CLIENT_IP_HEADER, "")
        # X-Forwarded-For style lists: the proxy appends the client's address last.
        address = forwarded.split(",")[-1].strip()
        if address:
            return address
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of logging in while an account or address is locked out."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)


def client_username(request, credentials=None) -> str:
    """The username tried, cut to the longest a username can be.

    Django's login form does not limit its length, and axes stores it in a column of
    255 characters: a longer one would fail the insert (a 500 on PostgreSQL).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    value = (credentials or {}).get(field) or request.POST.get(field, "")
    return str(value)[:USERNAME_MAX_LENGTH]
