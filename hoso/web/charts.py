"""Charts drawn on the server as inline SVG: no script, no CDN, readable without JavaScript."""

from __future__ import annotations

from collections import Counter

from markupsafe import Markup, escape

from hoso.web.models import CompletionPoint

# Okabe–Ito: eight colours told apart with every common colour-vision deficiency.
PALETTE = (
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#F0E442",
)
MAX_SERIES = len(PALETTE)
WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 48, 20, 14, 34
INSET = 24  # keeps the first and last year's points off the axis labels


def completion_chart(points: list[CompletionPoint], label: str, unknown: str = "—") -> Markup:
    """A line chart of completion percent per year, one line per body (the bodies with the most
    points, at most MAX_SERIES), with a legend; empty markup when there is nothing to draw.
    `unknown` names the series of counts no body was found for."""
    if not points:
        return Markup("")
    by_points = Counter(p.body for p in points)
    bodies = [b for b, _ in sorted(by_points.items(), key=lambda kv: (-kv[1], kv[0]))]
    bodies = bodies[:MAX_SERIES]
    years = sorted({p.year for p in points if p.body in bodies})
    span = max(years[-1] - years[0], 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(year: int) -> float:
        if len(years) == 1:
            return LEFT + plot_w / 2
        return LEFT + INSET + (year - years[0]) / span * (plot_w - 2 * INSET)

    def y(percent: float) -> float:
        return TOP + (1 - min(max(percent, 0.0), 100.0) / 100) * plot_h

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for tick in (0, 25, 50, 75, 100):
        ty = y(tick)
        parts.append(
            f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{ty:.1f}" y2="{ty:.1f}" class="grid"/>'
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" class="tick">{tick}%</text>'
        )
    step = max(1, len(years) // 12)
    for year in years[::step]:
        parts.append(
            f'<text x="{x(year):.1f}" y="{HEIGHT - 10}" text-anchor="middle" class="tick">'
            f"{year}</text>"
        )
    legend = []
    for i, body in enumerate(bodies):
        color = PALETTE[i]
        name = unknown if body == "—" else body
        series = sorted((p for p in points if p.body == body), key=lambda p: p.year)
        if len(series) > 1:
            coords = " ".join(f"{x(p.year):.1f},{y(p.percent):.1f}" for p in series)
            parts.append(
                f'<polyline points="{coords}" fill="none" stroke="{color}" stroke-width="2"/>'
            )
        for p in series:
            tip = f"{name} — {p.year}: {p.percent:g}% ({p.completed:g}/{p.total:g})"
            parts.append(
                f'<circle cx="{x(p.year):.1f}" cy="{y(p.percent):.1f}" r="4.5" fill="{color}">'
                f"<title>{escape(tip)}</title></circle>"
            )
        legend.append(
            f'<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" '
            f'rx="2" fill="{color}"/></svg>{escape(name)}</li>'
        )
    parts.append("</svg>")
    return Markup(
        '<figure class="chart-figure">'
        + "".join(parts)
        + '<ul class="legend">'
        + "".join(legend)
        + "</ul></figure>"
    )
