"""Login throttling with django-axes: who is locked out, and which address a login comes from.

The policy (AccountAndAddressHandler): an account is locked at one address after
AXES_FAILURE_LIMIT failures from there, and an address after LOGIN_ADDRESS_FAILURE_LIMIT
failures across accounts. An account is never locked everywhere, so strangers cannot lock
its owner out; a failure is cleared only by that account's own login at that address, or
for every address when its password is reset by email.

An "address" is an IPv4 address, or an IPv6 /64: one home or office network gets a /64 and
can use any address in it, so counting each full IPv6 address would let it guess freely.

The address-wide lock never keeps out an account's owner on a device they logged in from
before: a successful login (or password reset) leaves a signed cookie naming the account
(settings.KNOWN_DEVICE_COOKIE_NAME), and a login for that account carrying it is held
only by the account's own limit at that address. django-axes offers nothing like it: its
locks are by username, address, user agent or their combinations, none of which tells
the owner from a guesser at the same address.
A classroom behind one address where someone guessed a hundred passwords still logs in.
"""

import ipaddress

from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Sum
from django.shortcuts import render

USERNAME_MAX_LENGTH = User._meta.get_field("username").max_length
KNOWN_DEVICE_SALT = "quiz.accounts.known-device"
KNOWN_DEVICE_DAYS = 180
IPV6_NETWORK_BITS = 64


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


def client_network(request) -> str | None:
    """The address logins are counted by: the client's IPv4 address, or its IPv6 /64
    (written as the network's first address, which any address field stores)."""
    address = client_ip(request)
    try:
        parsed = ipaddress.ip_address(address)
    except ValueError:
        return address
    if parsed.version == 4:
        return str(parsed)
    if parsed.ipv4_mapped:  # ::ffff:192.0.2.1, an IPv4 client seen through IPv6
        return str(parsed.ipv4_mapped)
    network = ipaddress.ip_network(f"{parsed}/{IPV6_NETWORK_BITS}", strict=False)
    return str(network.network_address)


def lockout_response(request, original_response=None, credentials=None):
    """The page shown instead of logging in while an account or address is locked out."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": seconds // 60}
    response = render(request, "registration/locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


def remember_device(response, username: str) -> None:
    """After a successful login: this browser is one the account's owner uses."""
    response.set_signed_cookie(
        settings.KNOWN_DEVICE_COOKIE_NAME,
        username.casefold(),
        salt=KNOWN_DEVICE_SALT,
        max_age=KNOWN_DEVICE_DAYS * 24 * 3600,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_device(request, username: str) -> bool:
    remembered = request.get_signed_cookie(
        settings.KNOWN_DEVICE_COOKIE_NAME,
        default=None,
        salt=KNOWN_DEVICE_SALT,
        max_age=KNOWN_DEVICE_DAYS * 24 * 3600,
    )
    return remembered is not None and remembered == username.casefold()


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
        if address >= settings.LOGIN_ADDRESS_FAILURE_LIMIT and not is_known_device(
            request, client_username(request, credentials)
        ):
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
