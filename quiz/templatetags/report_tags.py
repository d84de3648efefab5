from django import template

register = template.Library()


@register.filter
def share(value, places=1):
    """A share from 0 to 1 as a percent ("30.0%"); a dash when there is none."""
    if value is None:
        return "—"
    return f"{value * 100:.{int(places)}f}%"
