"""Geometry of the report's bar charts, drawn as SVG by the template. Pure, no database.

Each chart carries a title and a description for its text alternative; every bar has
its value written beside it, so nothing is told by colour or length alone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    value_text: str
    x: float
    y: float
    width: float
    height: float
    label_x: float
    label_y: float
    value_x: float
    value_y: float
    flagged: bool = False


@dataclass(frozen=True)
class Guide:
    """A dashed reference line across the plot, with its label."""

    label: str
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    bars: list[Bar]
    guides: list[Guide]
    baseline: tuple[float, float, float, float]


def column_chart(values: list[tuple[str, int]], *, width: int = 640, height: int = 240) -> Chart:
    """Vertical bars, one per (label, count), the count written above each bar."""
    left, right, top, bottom = 16, 16, 24, 32
    plot_width, plot_height = width - left - right, height - top - bottom
    slot = plot_width / max(len(values), 1)
    highest = max((count for _label, count in values), default=0) or 1
    bars = []
    for i, (label, count) in enumerate(values):
        bar_height = plot_height * count / highest
        x = left + i * slot + 3
        y = top + plot_height - bar_height
        bars.append(
            Bar(
                label=label,
                value_text=str(count),
                x=round(x, 1),
                y=round(y, 1),
                width=round(slot - 6, 1),
                height=round(bar_height, 1),
                label_x=round(x + (slot - 6) / 2, 1),
                label_y=top + plot_height + 20,
                value_x=round(x + (slot - 6) / 2, 1),
                value_y=round(y - 6, 1),
            )
        )
    base = top + plot_height
    return Chart(width, height, bars, [], (left, base, width - right, base))


def share_bar_chart(
    values: list[tuple[str, float, bool]],
    *,
    guides: list[tuple[str, float]] = (),
    width: int = 640,
    row_height: int = 22,
) -> Chart:
    """Horizontal bars, one per (label, share from 0 to 1, flagged), the percent after each."""
    left, right, top, bottom = 56, 120, 24, 8
    plot_width = width - left - right
    height = top + bottom + row_height * max(len(values), 1)
    bars = []
    for i, (label, share, flagged) in enumerate(values):
        y = top + i * row_height + 3
        bar_width = plot_width * share
        text = f"{share:.0%}" + (" ⚠" if flagged else "")
        bars.append(
            Bar(
                label=label,
                value_text=text,
                x=left,
                y=y,
                width=round(bar_width, 1),
                height=row_height - 6,
                label_x=left - 8,
                label_y=y + row_height - 10,
                value_x=round(left + bar_width + 6, 1),
                value_y=y + row_height - 10,
                flagged=flagged,
            )
        )
    lines = [
        Guide(
            label,
            round(left + plot_width * share, 1),
            top - 6,
            round(left + plot_width * share, 1),
            height - bottom,
        )
        for label, share in guides
    ]
    return Chart(width, height, bars, lines, (left, top - 6, left, height - bottom))
