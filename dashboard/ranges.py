"""The date range a dashboard covers: ``?days=N`` or ``?from=YYYY-MM-DD&to=YYYY-MM-DD``.

Every series is one point per day, so the range is bounded (``MAX_DAYS``): a huge range would
make the response, not the queries, grow without limit.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from landinghub.exceptions import VALIDATION_ERROR, ApplicationError

DEFAULT_DAYS = 30
MAX_DAYS = 366


@dataclass(frozen=True)
class DateRange:
    start: date
    end: date  # inclusive

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]

    @property
    def start_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def end_before(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError(message, code=VALIDATION_ERROR, details={"fields": {field: [message]}})


def _parse_date(field: str, raw: str) -> date:
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise _invalid(field, "Use a date such as 2026-01-31.") from None


def date_range_parse(params: dict[str, str]) -> DateRange:
    """Validate the query parameters; anything invalid is a 400 in the error envelope."""
    today = timezone.localdate()
    if "from" in params or "to" in params:
        if "days" in params:
            raise _invalid("days", "Give either days or from/to, not both.")
        start = _parse_date("from", params.get("from", ""))
        end = _parse_date("to", params["to"]) if params.get("to") else today
        if end < start:
            raise _invalid("to", "The end date is before the start date.")
    else:
        raw = params.get("days", str(DEFAULT_DAYS))
        if not raw.isdigit() or not 1 <= int(raw) <= MAX_DAYS:
            raise _invalid("days", f"days is a whole number from 1 to {MAX_DAYS}.")
        end = today
        start = today - timedelta(days=int(raw) - 1)
    if (end - start).days + 1 > MAX_DAYS:
        raise _invalid("from", f"The range can cover at most {MAX_DAYS} days.")
    if start.year < 2000 or end > today + timedelta(days=1):
        raise _invalid("from", "The range must lie between the year 2000 and today.")
    return DateRange(start=start, end=end)
