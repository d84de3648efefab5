"""Public pages that read nothing but the settings: how long the privacy page says each
thing is kept comes from the same settings that keep it so long."""

from django.conf import settings
from django.views.generic import TemplateView

from ..accounts.services import CONFIRM_DAYS

DAY = 24 * 3600


def periods() -> dict[str, int]:
    """How long logins, links and failed-login records last, in the units the page says."""
    return {
        "session_days": settings.SESSION_COOKIE_AGE // DAY,
        "lockout_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "confirm_days": CONFIRM_DAYS,
        "reset_days": max(1, settings.PASSWORD_RESET_TIMEOUT // DAY),
    }


class PrivacyView(TemplateView):
    template_name = "pages/privacy.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **periods()}
