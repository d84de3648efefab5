"""`manage.py check --deploy`: settings that start fine but go wrong on a real server."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def site_url_is_https(app_configs, **kwargs):
    """Mails, SCORM zips and xAPI ids carry SITE_URL; an LMS page on HTTPS cannot ask an
    http:// address for the outcome (mixed content), so scores would never arrive."""
    if settings.SESSION_COOKIE_SECURE and not settings.SITE_URL.startswith("https://"):
        return [
            Error(
                f"DJANGO_SITE_URL is {settings.SITE_URL!r}, not an https:// address.",
                hint="Set DJANGO_SITE_URL to the site's public address, e.g. "
                "https://training.example.org.",
                id="quiz.E001",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def client_address_behind_a_proxy(app_configs, **kwargs):
    """Behind a proxy every request comes from the proxy's address: rate limits and login
    throttling would count the whole site as one client."""
    if settings.SECURE_PROXY_SSL_HEADER and not settings.CLIENT_IP_HEADER:
        return [
            Warning(
                "Behind a proxy (DJANGO_SECURE_PROXY_SSL_HEADER) the client's address is "
                "the proxy's unless DJANGO_CLIENT_IP_HEADER names the header it sets.",
                hint="Set DJANGO_CLIENT_IP_HEADER, e.g. HTTP_X_REAL_IP.",
                id="quiz.W001",
            )
        ]
    return []
