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


@dataclass(frozen=True)
class PairedRow:
    """One label with two bars (e.g. 研修前 and 研修後) drawn one under the other."""

    label: str
    first: Bar
    second: Bar
    label_y: int


@dataclass(frozen=True)
class PairedBarChart:
    """Pairs of bars on one scale, with the size of the drawing and the legend's names."""

    rows: list[PairedRow]
    width: int
    height: int
    label_width: int
    first_name: str
    second_name: str
    bar_height: int


PAIR_BAR_HEIGHT = 16


def paired_bar_chart(
    rows: list[tuple[str, Decimal | None, Decimal | None]],
    *,
    scale_max: Decimal,
    first_name: str,
    second_name: str,
    unit: str = "",
) -> PairedBarChart:
    """Lay out two horizontal bars per label on a fixed scale; a missing value draws no bar."""
    scale = Decimal(str(scale_max)) or Decimal(1)
    pair_height = 2 * PAIR_BAR_HEIGHT + 2
    laid_out = []
    for index, (label, first, second) in enumerate(rows):
        top = GAP + index * (pair_height + GAP)
        bars = []
        for offset, value in ((0, first), (PAIR_BAR_HEIGHT + 2, second)):
            amount = Decimal(str(value)) if value is not None else Decimal(0)
            y = top + offset
            bars.append(
                Bar(
                    label=label,
                    value=amount,
                    display=_display(amount, unit) if value is not None else "—",
                    y=y,
                    width=round(float(min(amount, scale) / scale) * PLOT_WIDTH, 1),
                    text_y=y + PAIR_BAR_HEIGHT // 2 + 5,
                )
            )
        laid_out.append(
            PairedRow(
                label=label, first=bars[0], second=bars[1], label_y=top + pair_height // 2 + 5
            )
        )
    return PairedBarChart(
        rows=laid_out,
        width=LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH,
        height=GAP + len(laid_out) * (pair_height + GAP),
        label_width=LABEL_WIDTH,
        first_name=first_name,
        second_name=second_name,
        bar_height=PAIR_BAR_HEIGHT,
    )
