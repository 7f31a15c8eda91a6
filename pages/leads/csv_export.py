"""CSV of a page's leads, streamed: one column per field name seen, formulas neutralised."""

import csv
from collections.abc import Iterator

from django.http import StreamingHttpResponse
from django.utils import timezone

from pages.models import Page
from pages.selectors import lead_list_for_page

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value) -> str:
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    # Spreadsheet apps run cells that start like a formula (CSV injection).
    return "'" + text if text.startswith(_FORMULA_START) else text


def leads_csv_rows(*, page: Page) -> Iterator[str]:
    leads = lead_list_for_page(page=page)
    columns: list[str] = []
    for data in leads.values_list("data", flat=True).iterator():
        for key in data or {}:
            if key not in columns:
                columns.append(key)
    writer = csv.writer(_Echo())
    # Field names come from the visitor's form post, so the header is escaped like the values.
    header = ["created_at", *(_cell(c) for c in columns), "ip_address"]
    yield "\ufeff" + writer.writerow(header)
    for lead in leads.iterator():
        created = timezone.localtime(lead.created_at).strftime("%Y-%m-%d %H:%M:%S")
        row = [_cell((lead.data or {}).get(c, "")) for c in columns]
        yield writer.writerow([created, *row, lead.ip_address or ""])


def leads_csv_filename(page: Page) -> str:
    return f"leads-{page.slug}-{timezone.localdate().isoformat()}.csv"


def leads_csv_response(page: Page) -> StreamingHttpResponse:
    """The download both the leads page and ``GET /api/pages/:id/leads.csv`` answer."""
    response = StreamingHttpResponse(
        leads_csv_rows(page=page), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{leads_csv_filename(page)}"'
    return response
