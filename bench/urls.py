"""The app's own URLs and error handlers, and the floors under /bench/."""

from django.urls import path

from training import urls as app

from . import floors

urlpatterns = [
    path("bench/fixed/", floors.fixed_page, name="bench-fixed"),
    path("bench/widgets/", floors.widget_form, name="bench-widgets"),
    path("bench/loop/", floors.plain_loop, name="bench-loop"),
    *app.urlpatterns,
]

# Django reads error handlers from the root URLconf only: keep the app's (its 500 page
# answers 503 when the database is down), so errors under load look as in production.
ERROR_HANDLERS = ("handler400", "handler403", "handler404", "handler500")
globals().update({name: getattr(app, name) for name in ERROR_HANDLERS if hasattr(app, name)})
