"""The figures every benchmark reports: percentiles, and a median with its spread over rounds.

A single run on a shared machine can land anywhere (two runs of bench.live minutes
apart gave ratios of 1.5 and 4.0 on the same code), so each bench alternates the
app with its baseline over several rounds and reports the median with the spread,
never one lucky round.
"""

import math
import statistics


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile (`share` of 0.95 is p95); NaN when nothing was measured."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, math.ceil(share * len(ordered)) - 1))]


def spread(values: list[float], digits: int = 3) -> dict:
    """Median, min–max and interquartile range of per-round figures, rounded for the JSON."""
    clean = [value for value in values if value is not None and not math.isnan(value)]
    if not clean:
        return {"median": None, "min": None, "max": None, "iqr": None, "rounds": len(values)}
    if len(clean) >= 2:
        q1, _, q3 = statistics.quantiles(clean, n=4, method="inclusive")
    else:
        q1 = q3 = clean[0]
    return {
        "median": round(statistics.median(clean), digits),
        "min": round(min(clean), digits),
        "max": round(max(clean), digits),
        "iqr": [round(q1, digits), round(q3, digits)],
        "rounds": len(values),
    }


def ratio(numerator: float, denominator: float, digits: int = 3) -> float | None:
    """numerator / denominator, or None when the denominator measured nothing."""
    if not denominator or math.isnan(denominator) or math.isnan(numerator):
        return None
    return round(numerator / denominator, digits)


def round_order(index: int, app: str = "app", baseline: str = "baseline") -> tuple[str, str]:
    """Which side runs first in round `index`: alternated, so drift on the machine hits both."""
    return (baseline, app) if index % 2 == 0 else (app, baseline)


def describe(name: str, figures: dict, unit: str = "") -> str:
    """One printed line: median and spread of a per-round figure."""
    if figures["median"] is None:
        return f"{name}: not measured"
    low, high = figures["iqr"]
    return (
        f"{name}: median {figures['median']}{unit} over {figures['rounds']} rounds, "
        f"min–max {figures['min']}–{figures['max']}{unit}, IQR {low}–{high}{unit}"
    )
