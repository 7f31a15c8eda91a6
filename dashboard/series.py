"""Per-day series: one point for every day of the range, zero where nothing happened."""

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from .ranges import DateRange


def _day(value: date | datetime) -> date:
    return value.date() if isinstance(value, datetime) else value


def series_fill(
    rows: Iterable[dict[str, Any]], date_range: DateRange, *, key: str, day: str = "day"
) -> list[int]:
    by_day = {_day(row[day]): int(row[key] or 0) for row in rows if row[day] is not None}
    return [by_day.get(d, 0) for d in date_range.days]


def rate(part: int, whole: int) -> float:
    """A percentage with one decimal; 0 when there is nothing to divide by."""
    return round(100 * part / whole, 1) if whole else 0.0
