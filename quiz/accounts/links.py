"""The absolute addresses of the links the account mails carry, for one request."""

from django.urls import reverse


def link_maker(request, url_name: str):
    """link(token): the address of the view `url_name` for that token, on this site."""
    return lambda token: request.build_absolute_uri(reverse(url_name, args=[token]))
