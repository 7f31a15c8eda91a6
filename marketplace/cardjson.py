"""The public list's page as JSON built by PostgreSQL: one statement, one round trip.

``ListingCardsJson`` is what ``selectors.ListingResults`` is (a paginator's object list: ``count()``
and slicing), except that a page comes back as the JSON text of its cards, made by
``json_agg(json_build_object(...))``, with the count in the same statement (a scalar subquery,
planned on its own: ``COUNT(*) OVER ()`` would buffer every match before the LIMIT). Python then
builds no model, no dict and no serializer output: the miss path's cost is the database's.

The cards are ``marketplace.api.serializers.ListingCardSerializer``'s, value for value (a test
holds the two equal): the category's ``name`` in the active language, the screenshot URLs as the
storage writes them (prefix + ``filepath_to_uri`` of the name, percent-encoded in SQL), the
datetimes as DRF writes them (ISO 8601 in the current time zone, microseconds only when not
zero, ``Z`` for UTC). ``listing_cards_json`` answers ``None`` where that cannot hold (not
PostgreSQL, a storage whose URLs are not prefix + path, a time zone without an IANA name): the
caller then takes the ORM path.

The statement goes through a server-binding psycopg cursor, so PostgreSQL prepares it once the
connection has run it ``prepare_threshold`` times (settings: ``DB_PREPARE_THRESHOLD``); Django's
own cursors bind on the client and never prepare.

The statement is written here, not compiled by the ORM: compiling the filters cost more Python
than the rest of a miss. Its WHERE is ``selectors._matching_public``'s, clause for clause (the
tests run every filter through both paths and compare); each shape of it (which filters, which
sort, which language, with or without the count) is built once per process.

(S608: what is spliced into the SQL is quoted identifiers from the models and fixed clauses;
every value is a parameter.)
"""

from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.translation import get_language

from .models import Category, ListingScreenshot, MarketplacePage, Tag
from .search import search_words

# Every sort ends on the id, so a page's order is total (selectors.SORTS).
SORTS = {
    "newest": ("-approved_at", "-id"),
    "popular": ("-likes", "-views", "-id"),
    "price_asc": ("price", "-id"),
    "price_desc": ("-price", "-id"),
    "best_selling": ("-sold_count", "-id"),
}

# Characters ``filepath_to_uri`` (``urllib.parse.quote`` with safe="/~!*()'") leaves as they are.
_SAFE = "[A-Za-z0-9_.~!*()''/-]"
_PROBE = "probe/ả b.png"


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _url_prefix() -> str | None:
    """What the storage puts before ``filepath_to_uri(name)``, if that is all it does."""
    probe = default_storage.url(_PROBE)
    tail = filepath_to_uri(_PROBE)
    if not probe.endswith(tail):
        return None
    prefix = probe.removesuffix(tail)
    if default_storage.url("x/y.png") != prefix + "x/y.png":
        return None
    return prefix


# The screenshot's two URLs, per row: ``prefix || filepath_to_uri(name)`` (the backslash made a
# slash, every byte outside the safe set percent-encoded, in upper case as ``quote`` writes it).
_URLS = (
    f"LEFT JOIN LATERAL (SELECT array_agg(%(prefix)s || CASE WHEN n ~ '^{_SAFE}*$' THEN n "  # noqa: S608
    f"ELSE (SELECT string_agg(CASE WHEN ch ~ '^{_SAFE}$' THEN ch ELSE upper(regexp_replace("
    "encode(convert_to(ch, 'UTF8'), 'hex'), '(..)', '%%\\1', 'g')) END, '' ORDER BY j) "
    "FROM regexp_split_to_table(n, '') WITH ORDINALITY AS q(ch, j)) END ORDER BY i) AS t "
    "FROM unnest(ARRAY[replace(s.image, '\\', '/'), replace(s.thumbnail, '\\', '/')]) "
    "WITH ORDINALITY AS f(n, i)) AS urls ON true"
)

# The row's three datetimes as DRF's ``DateTimeField`` writes them: ``isoformat()`` in the
# current zone (``%(tz)s``), microseconds only when not zero, ``Z`` for a zero offset, the
# offset's seconds only when not zero.
_DATETIMES = (
    "CROSS JOIN LATERAL (SELECT array_agg(CASE WHEN v IS NULL THEN NULL ELSE "
    "regexp_replace(to_char(lt, 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), '\\.000000$', '') || "
    "CASE WHEN o = interval '0' THEN 'Z' ELSE CASE WHEN o < interval '0' THEN '-' ELSE '+' END "
    "|| to_char(greatest(o, -o), 'HH24:MI') || CASE WHEN extract(second FROM o) = 0 THEN '' "
    "ELSE to_char(greatest(o, -o), ':SS') END END END ORDER BY i) AS t "
    "FROM unnest(ARRAY[l.approved_at, l.created_at, l.updated_at]) WITH ORDINALITY AS e(v, i), "
    "LATERAL (SELECT v AT TIME ZONE %(tz)s AS lt, "
    "(v AT TIME ZONE %(tz)s) - (v AT TIME ZONE 'UTC') AS o) AS z) AS dates"
)


def _order_sql(order: tuple[str, ...], alias: str) -> str:
    terms = []
    for key in order:
        column = MarketplacePage._meta.get_field(key.lstrip("-")).column
        terms.append(f"{alias}.{column}{' DESC' if key.startswith('-') else ''}")
    return ", ".join(terms)


def _cards_sql(order: tuple[str, ...], page_sql: str, *, english: bool) -> str:
    listing, category = MarketplacePage._meta, Category._meta
    shot, tag = ListingScreenshot._meta, Tag._meta
    through = MarketplacePage.tags.through._meta
    seller_model = MarketplacePage._meta.get_field("seller").related_model
    name = "coalesce(nullif(c.name_en, ''), c.name_vi)"
    if not english:
        name = "coalesce(nullif(c.name_vi, ''), c.name_en)"
    tags = (
        "(SELECT coalesce(json_agg(t.name ORDER BY t.name), '[]') "  # noqa: S608
        f"FROM {_q(tag.db_table)} t JOIN {_q(through.db_table)} x ON x.tag_id = t.id "
        "WHERE x.marketplacepage_id = l.id)"
    )
    card = (
        "json_build_object('id', l.id, 'title', l.title, 'description', l.description, "
        f"'category', json_build_object('slug', c.slug, 'name', {name}, 'name_vi', c.name_vi, "
        "'name_en', c.name_en), 'price', l.price, 'is_free', l.price = 0, "
        f"'tags', {tags}, 'status', l.status, "
        "'seller', json_build_object('id', l.seller_id, 'name', u.name), "
        "'main_screenshot', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object('id', s.id, "
        "'image', urls.t[1], 'thumbnail', urls.t[2], 'width', s.width, 'height', s.height, "
        "'source', s.source) END, 'views', l.views, 'likes', l.likes, "
        "'sold_count', l.sold_count, 'approved_at', dates.t[1], 'created_at', dates.t[2], "
        "'updated_at', dates.t[3])"
    )
    return (
        f"SELECT coalesce(json_agg({card} ORDER BY {_order_sql(order, 'l')}), '[]')::text "  # noqa: S608
        f"FROM ({page_sql}) AS page JOIN {_q(listing.db_table)} l ON l.id = page.id "
        f"JOIN {_q(category.db_table)} c ON c.id = l.category_id "
        f"JOIN {_q(seller_model._meta.db_table)} u ON u.id = l.seller_id "
        f"LEFT JOIN {_q(shot.db_table)} s ON s.id = l.main_screenshot_id {_URLS} {_DATETIMES}"
    )


@dataclass(frozen=True)
class _Shape:
    """Which clauses a statement has: its text depends on nothing else."""

    category: bool
    tag: bool
    min_price: bool
    max_price: bool
    search: bool
    sort: str
    english: bool


def _where(shape: _Shape, alias: str) -> str:
    """``selectors._matching_public``: ACTIVE, the category by slug (a scalar subquery), the tag
    by name, the price bounds, every search word as a prefix on the stored vector."""
    through = MarketplacePage.tags.through._meta
    clauses = [f"{alias}.status = %(status)s"]
    if shape.category:
        clauses.append(
            f"{alias}.category_id = (SELECT k.id FROM {_q(Category._meta.db_table)} k "  # noqa: S608
            "WHERE k.slug = %(category)s LIMIT 1)"
        )
    if shape.tag:
        clauses.append(
            f"EXISTS (SELECT 1 FROM {_q(through.db_table)} x JOIN {_q(Tag._meta.db_table)} y "  # noqa: S608
            f"ON y.id = x.tag_id WHERE x.marketplacepage_id = {alias}.id AND y.name = %(tag)s)"
        )
    if shape.min_price:
        clauses.append(f"{alias}.price >= %(min_price)s")
    if shape.max_price:
        clauses.append(f"{alias}.price <= %(max_price)s")
    if shape.search:
        clauses.append(f"{alias}.search_vector @@ to_tsquery('simple', %(search)s)")
    return " AND ".join(clauses)


@lru_cache(maxsize=512)
def _statement(shape: _Shape, with_count: bool) -> bytes:
    table = _q(MarketplacePage._meta.db_table)
    order = SORTS[shape.sort]
    page_sql = (
        f"SELECT m.id FROM {table} m WHERE {_where(shape, 'm')} "  # noqa: S608
        f"ORDER BY {_order_sql(order, 'm')} LIMIT %(limit)s OFFSET %(offset)s"
    )
    statement = f"SELECT ({_cards_sql(order, page_sql, english=shape.english)})"
    if with_count:
        statement += f", (SELECT count(*) FROM {table} n WHERE {_where(shape, 'n')})"  # noqa: S608
    return statement.encode()


class ListingCardsJson:
    """The paginator's object list for the JSON path: ``count()`` and ``[a:b]`` (the cards' JSON
    array as text). ``expect(a, b)`` names the page the request asks for, so that the count and
    that page come back in one statement; another slice costs one statement more."""

    def __init__(self, shape: _Shape, params: dict) -> None:
        self._shape = shape
        self._params = params
        self._expected = (0, 20)
        self._count: int | None = None
        self._page: str | None = None

    def expect(self, start: int, stop: int) -> None:
        self._expected = (start, stop)

    def _run(self, start: int, stop: int, *, with_count: bool) -> tuple[int | None, str]:
        from django.db.backends.postgresql.base import ServerBindingCursor

        params = {**self._params, "limit": stop - start, "offset": start}
        connection.ensure_connection()
        # Django's cursor wrapper (query logging, execute wrappers) around a cursor that binds
        # on the server, which is the kind psycopg prepares.
        with connection._prepare_cursor(ServerBindingCursor(connection.connection)) as cursor:
            cursor.execute(_statement(self._shape, with_count), params)
            row = cursor.fetchone()
        return (row[1] if with_count else None), row[0]

    def count(self) -> int:
        if self._count is None:
            self._count, self._page = self._run(*self._expected, with_count=True)
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> str:
        if not isinstance(page, slice):
            raise TypeError("ListingCardsJson is sliced by page, not indexed.")
        start, stop = page.start or 0, page.stop
        expected_start, expected_stop = self._expected
        # The paginator stops the last page at the count: the LIMIT stopped there too.
        if (
            self._page is not None
            and start == expected_start
            and stop in (expected_stop, self._count)
        ):
            return self._page
        return self._run(start, stop, with_count=False)[1]


def listing_cards_json(
    *,
    search: str,
    category: str,
    tag: str,
    min_price: int | None,
    max_price: int | None,
    sort: str,
) -> ListingCardsJson | None:
    """The public list's pages as JSON, or ``None`` where the ORM path must answer."""
    if connection.vendor != "postgresql":
        return None
    prefix = _url_prefix()
    zone = timezone.get_current_timezone()
    if prefix is None or not isinstance(zone, ZoneInfo):
        return None
    words = search_words(search)
    tag = tag.strip().lower() if tag else ""
    shape = _Shape(
        category=bool(category),
        tag=bool(tag),
        min_price=min_price is not None,
        max_price=max_price is not None,
        search=bool(words),
        sort=sort,
        english=(get_language() or "").startswith("en"),
    )
    params = {
        "status": MarketplacePage.Status.ACTIVE.value,
        "category": category,
        "tag": tag,
        "min_price": min_price,
        "max_price": max_price,
        "search": " & ".join(f"{w}:*" for w in words),
        "prefix": prefix,
        "tz": zone.key,
    }
    return ListingCardsJson(shape, params)
