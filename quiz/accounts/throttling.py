"""Login throttling with django-axes: who is locked out, and which address a login comes from.

The policy (AccountAndAddressHandler): an account is locked at one address after
AXES_FAILURE_LIMIT failures from there, and an address after LOGIN_ADDRESS_FAILURE_LIMIT
failures across accounts. An account is never locked everywhere, so strangers cannot lock
its owner out; a failure is cleared only by that account's own login at that address, or
for every address when its password is reset by email.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Sum
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


class AccountAndAddressHandler(AxesDatabaseHandler):
    """django-axes' database handler with two limits instead of one.

    AXES_LOCKOUT_PARAMETERS lists the (account, address) pair first and the address
    alone second; axes compares one number with AXES_FAILURE_LIMIT, so get_failures gives
    the pair's failures, or the limit itself once the address has failed too often.
    """

    def get_failures(self, request, credentials=None) -> int:
        pair, address = (
            attempts.aggregate(failures=Sum("failures_since_start"))["failures"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(pair, settings.AXES_FAILURE_LIMIT)
        return pair

    def reset_user_attempts(self, request, credentials=None) -> int:
        """After a successful login: that account's failures at that address, nobody else's.

        axes would also clear what matches the address alone, every account's failures
        from it, so that logging into one's own account would wipe out a guesser's.
        """
        pair_attempts = self.filter_user_attempts(request, credentials)[0]
        count, _ = pair_attempts.delete()
        return count


def forget_failures_of(username: str) -> None:
    """Clear an account's failures at every address (its owner proved it by email)."""
    AccessAttempt.objects.filter(username=username).delete()
