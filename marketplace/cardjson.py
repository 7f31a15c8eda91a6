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

(S608: what is spliced into the SQL is quoted identifiers from the models and SQL that Django
compiled; every value is a parameter.)
"""

from zoneinfo import ZoneInfo

from django.core.files.storage import default_storage
from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.encoding import filepath_to_uri
from django.utils.translation import get_language

from .models import Category, ListingScreenshot, MarketplacePage, Tag

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


def _url(name_sql: str) -> str:
    """``prefix || filepath_to_uri(name)`` (the prefix is the statement's first parameter)."""
    name = f"replace({name_sql}, '\\', '/')"
    encoded = (
        f"(SELECT string_agg(CASE WHEN ch ~ '^{_SAFE}$' THEN ch ELSE upper(regexp_replace("  # noqa: S608
        f"encode(convert_to(ch, 'UTF8'), 'hex'), '(..)', '%%\\1', 'g')) END, '' ORDER BY i) "
        f"FROM regexp_split_to_table({name}, '') WITH ORDINALITY AS chars(ch, i))"
    )
    return (
        f"(%(prefix)s || CASE WHEN {name} ~ '^{_SAFE}*$' THEN {name} "
        f"ELSE coalesce({encoded}, '') END)"
    )


def _datetime(column_sql: str) -> str:
    """DRF's ``DateTimeField`` output: ``isoformat()`` in the current zone, ``Z`` for UTC."""
    local = f"({column_sql} AT TIME ZONE %(tz)s)"
    offset = f"({local} - ({column_sql} AT TIME ZONE 'UTC'))"
    return (
        f"CASE WHEN {column_sql} IS NULL THEN NULL ELSE "
        f"to_char({local}, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
        f" || CASE WHEN to_char({local}, 'US') = '000000' THEN '' "
        f"ELSE '.' || to_char({local}, 'US') END"
        f" || CASE WHEN {offset} = interval '0' THEN 'Z' "
        f"WHEN {offset} < interval '0' THEN '-' || to_char(-{offset}, 'HH24:MI') "
        f"ELSE '+' || to_char({offset}, 'HH24:MI') END"
        f" || CASE WHEN extract(second FROM {offset}) = 0 THEN '' "
        f"ELSE ':' || lpad(abs(extract(second FROM {offset}))::int::text, 2, '0') END END"
    )


def _order_sql(order: tuple[str, ...]) -> str:
    terms = []
    for key in order:
        column = MarketplacePage._meta.get_field(key.lstrip("-")).column
        terms.append(f"l.{_q(column)}{' DESC' if key.startswith('-') else ''}")
    return ", ".join(terms)


def _cards_sql(order: tuple[str, ...], page_sql: str) -> str:
    listing, category = MarketplacePage._meta, Category._meta
    shot, tag = ListingScreenshot._meta, Tag._meta
    through = MarketplacePage.tags.through._meta
    seller_model = MarketplacePage._meta.get_field("seller").related_model
    english = (get_language() or "").startswith("en")
    name = (
        "coalesce(nullif(c.name_en, ''), c.name_vi)"
        if english
        else "coalesce(nullif(c.name_vi, ''), c.name_en)"
    )
    tags = (
        f"(SELECT coalesce(json_agg(t.{_q('name')} ORDER BY t.{_q('name')}), '[]') "  # noqa: S608
        f"FROM {_q(tag.db_table)} t JOIN {_q(through.db_table)} tt ON tt.{_q('tag_id')} = t.id "
        f"WHERE tt.{_q('marketplacepage_id')} = l.id)"
    )
    card = f"""json_build_object(
        'id', l.id, 'title', l.title, 'description', l.description,
        'category', json_build_object(
            'slug', c.slug, 'name', {name}, 'name_vi', c.name_vi, 'name_en', c.name_en),
        'price', l.price, 'is_free', l.price = 0, 'tags', {tags}, 'status', l.status,
        'seller', json_build_object('id', l.seller_id, 'name', u.{_q("name")}),
        'main_screenshot', CASE WHEN s.id IS NULL THEN NULL ELSE json_build_object(
            'id', s.id, 'image', {_url("s.image")}, 'thumbnail', {_url("s.thumbnail")},
            'width', s.width, 'height', s.height, 'source', s.source) END,
        'views', l.views, 'likes', l.likes, 'sold_count', l.sold_count,
        'approved_at', {_datetime("l.approved_at")},
        'created_at', {_datetime("l.created_at")},
        'updated_at', {_datetime("l.updated_at")})"""
    return (
        f"SELECT coalesce(json_agg({card} ORDER BY {_order_sql(order)}), '[]')::text "  # noqa: S608
        f"FROM ({page_sql}) AS page "
        f"JOIN {_q(listing.db_table)} l ON l.id = page.id "
        f"JOIN {_q(category.db_table)} c ON c.id = l.category_id "
        f"JOIN {_q(seller_model._meta.db_table)} u ON u.id = l.seller_id "
        f"LEFT JOIN {_q(shot.db_table)} s ON s.id = l.main_screenshot_id"
    )


def _named(sql: str, params: list) -> tuple[str, dict]:
    """Django's ``%s`` placeholders as ``%(pN)s``, next to the statement's named ones."""
    parts = sql.split("%s")
    names = {f"p{i}": value for i, value in enumerate(params)}
    text = parts[0] + "".join(f"%(p{i})s{part}" for i, part in enumerate(parts[1:]))
    return text, names


class ListingCardsJson:
    """The paginator's object list for the JSON path: ``count()`` and ``[a:b]`` (the cards' JSON
    array as text). ``expect(a, b)`` names the page the request asks for, so that the count and
    that page come back in one statement; another slice costs one statement more."""

    def __init__(
        self, matching: QuerySet[MarketplacePage], order: tuple[str, ...], *, prefix: str, tz: str
    ) -> None:
        self._matching = matching
        self._order = order
        self._fixed = {"prefix": prefix, "tz": tz}
        self._expected = (0, 20)
        self._count: int | None = None
        self._page: str | None = None

    def expect(self, start: int, stop: int) -> None:
        self._expected = (start, stop)

    def _run(self, start: int, stop: int, *, with_count: bool) -> tuple[int | None, str]:
        ids_sql, ids_params = (
            self._matching.order_by(*self._order).values("id").query.sql_with_params()
        )
        ids_sql, params = _named(ids_sql, list(ids_params))
        page_sql = f"{ids_sql} LIMIT %(limit)s OFFSET %(offset)s"
        statement = f"SELECT ({_cards_sql(self._order, page_sql)})"
        if with_count:
            count_sql, count_params = self._matching.order_by().values("id").query.sql_with_params()
            count_sql, named = _named(count_sql, list(count_params))
            count_sql = count_sql.replace("%(p", "%(c")
            params.update({f"c{key[1:]}": value for key, value in named.items()})
            statement += f", (SELECT count(*) FROM ({count_sql}) AS matching)"  # noqa: S608
        params.update(self._fixed, limit=stop - start, offset=start)
        connection.ensure_connection()
        from django.db.backends.postgresql.base import ServerBindingCursor

        with connection._prepare_cursor(ServerBindingCursor(connection.connection)) as cursor:
            cursor.execute(statement, params)
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
    matching: QuerySet[MarketplacePage], order: tuple[str, ...]
) -> ListingCardsJson | None:
    if connection.vendor != "postgresql":
        return None
    prefix = _url_prefix()
    zone = timezone.get_current_timezone()
    if prefix is None or not isinstance(zone, ZoneInfo):
        return None
    return ListingCardsJson(matching, order, prefix=prefix, tz=zone.key)
