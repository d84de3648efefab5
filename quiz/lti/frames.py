"""The tool inside a platform's page: a session that began with an LTI launch may be
framed by that platform's sites only, and its cookies are sent inside that frame."""

# Session key: the origins that may frame this session's pages (services.frame_origins).
FRAME_ORIGINS = "lti_frame_origins"


class LtiFrameMiddleware:
    """Sits between django-csp's middleware and the session middleware, so that on the
    way out it sees the session's cookie already set and the CSP header not yet made."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origins = session.get(FRAME_ORIGINS) if session is not None else None
        if origins:
            open_frame_to(response, origins)
            if request.is_secure():
                send_cookies_in_frames(response)
        return response


def open_frame_to(response, origins: list[str]) -> None:
    """Let `origins` frame this response, as well as any the view let already."""
    replaced = getattr(response, "_csp_replace", {})
    origins = sorted({*replaced.get("frame-ancestors", ()), *origins})
    if not origins:
        return  # the site's own policy, 'none', stands
    response._csp_replace = {**replaced, "frame-ancestors": origins}
    # X-Frame-Options cannot name a site; frame-ancestors, which browsers prefer, does.
    response.xframe_options_exempt = True
    if "X-Frame-Options" in response:
        del response["X-Frame-Options"]


def send_cookies_in_frames(response) -> None:
    """A page framed by another site gets its cookies only if they say SameSite=None,
    which browsers take only with Secure (so over HTTPS): every cookie the site sets,
    the session's and CSRF's as well as the messages' that say why a start was refused."""
    for cookie in response.cookies.values():
        cookie["samesite"] = "None"
        cookie["secure"] = True
