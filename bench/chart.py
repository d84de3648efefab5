"""A chart of a benchmark report as SVG, written by hand: throughput and latency per page."""

from html import escape
from pathlib import Path

WIDTH = 900
BAR = 22
GAP = 10
LEFT = 170
RIGHT = 90
FLOOR_COLOUR = "#8c8c8c"
PAGE_COLOUR = "#1f5fa8"
LATENCY_COLOURS = {"p50_ms": "#9ecae1", "p95_ms": "#4292c6", "p99_ms": "#08519c"}


def bars(title: str, rows: list[tuple[str, float, str]], unit: str, top: int) -> tuple[list, int]:
    """Horizontal bars, one per row (label, value, colour); returns SVG parts and height."""
    parts = [
        f'<text x="10" y="{top + 16}" font-size="15" font-weight="bold">{escape(title)}</text>'
    ]
    scale = max((value for _, value, _ in rows), default=1) or 1
    span = WIDTH - LEFT - RIGHT
    y = top + 30
    for label, value, colour in rows:
        length = max(1.0, span * value / scale)
        parts.append(f'<text x="{LEFT - 8}" y="{y + 16}" text-anchor="end">{escape(label)}</text>')
        parts.append(
            f'<rect x="{LEFT}" y="{y}" width="{length:.1f}" height="{BAR}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{LEFT + length + 6:.1f}" y="{y + 16}">{value:,.1f} {unit}</text>')
        y += BAR + GAP
    return parts, y - top


def latency_rows(report: dict) -> list[tuple[str, float, str]]:
    pages = [(f"{name} (alone)", row) for name, row in report["alone"].items()]
    for label, path in report["paths"].items():
        pages += [(f"{name} ({label})", row) for name, row in path["pages"].items()]
    return [
        (f"{label} {key[:3]}", row[key] or 0, colour)  # None: no request succeeded
        for label, row in pages
        for key, colour in LATENCY_COLOURS.items()
    ]


def write_chart(report: dict, path: Path) -> None:
    """Throughput of every page, alone and on the path, then its latency percentiles."""
    floors = {"fixed", "widgets", "loop"}
    throughput = [
        (f"{name} (alone)", row["rps"] or 0, FLOOR_COLOUR if name in floors else PAGE_COLOUR)
        for name, row in report["alone"].items()
    ]
    for label, run in report["paths"].items():
        throughput += [
            (f"{n} ({label})", row["rps"] or 0, PAGE_COLOUR) for n, row in run["pages"].items()
        ]
    title = (
        f"{report['label']}: {report['trainees']} trainees at once, gunicorn "
        f"{report['workers']} workers, {report['machine']['cores']} cores, "
        f"{report['machine']['date']}"
    )
    parts = [f'<text x="10" y="22" font-size="16" font-weight="bold">{escape(title)}</text>']
    first, height = bars("Throughput (requests per second; grey: floors)", throughput, "req/s", 40)
    second, more = bars("Latency (ms): p50, p95, p99", latency_rows(report), "ms", 50 + height)
    parts += first + second
    total = 70 + height + more
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{total}" '
        f'viewBox="0 0 {WIDTH} {total}" font-family="sans-serif" font-size="12">\n'
        f'<rect width="100%" height="100%" fill="white"/>\n' + "\n".join(parts) + "\n</svg>\n"
    )
    path.write_text(svg)
