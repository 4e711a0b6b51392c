"""Bar charts as plain SVG geometry, computed on the server.

Written by hand on purpose: a lesson figure is a handful of labelled bars, and a
charting library (matplotlib, pygal) would add tens of megabytes or client-side
script for what is a few rectangles. The template draws the SVG from these numbers.
"""

from dataclasses import dataclass
from decimal import Decimal

BAR_HEIGHT = 28
GAP = 14
LABEL_WIDTH = 220
PLOT_WIDTH = 360
VALUE_WIDTH = 80


@dataclass(frozen=True)
class Bar:
    """One bar: its label, value, and where it is drawn."""

    label: str
    value: Decimal
    display: str
    y: int
    width: float
    text_y: int


@dataclass(frozen=True)
class BarChart:
    """The bars and the size of the drawing."""

    bars: list[Bar]
    width: int
    height: int
    label_width: int
    unit: str


def _display(value: Decimal, unit: str) -> str:
    number = f"{value:,.1f}".rstrip("0").rstrip(".") if value % 1 else f"{value:,.0f}"
    return f"{number}{unit}"


def bar_chart(rows: list[tuple[str, Decimal]], *, unit: str = "%") -> BarChart:
    """Lay out horizontal bars; percentages are scaled to 100, other units to the largest value."""
    values = [Decimal(str(value)) for _label, value in rows]
    scale_max = (
        Decimal(100) if unit == "%" and all(v <= 100 for v in values) else max(values or [1])
    )
    scale_max = scale_max or Decimal(1)
    bars = []
    for index, ((label, _raw), value) in enumerate(zip(rows, values, strict=True)):
        y = GAP + index * (BAR_HEIGHT + GAP)
        bars.append(
            Bar(
                label=label,
                value=value,
                display=_display(value, unit),
                y=y,
                width=round(float(value / scale_max) * PLOT_WIDTH, 1),
                text_y=y + BAR_HEIGHT // 2 + 5,
            )
        )
    height = GAP + len(bars) * (BAR_HEIGHT + GAP)
    return BarChart(
        bars=bars,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=height,
        label_width=LABEL_WIDTH,
        unit=unit,
    )
