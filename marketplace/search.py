"""Search text for listings: Vietnamese with and without diacritics both match.

``search_text`` holds the title, description, category and tags (their names in Vietnamese
and English) folded to plain ASCII-ish lowercase
("Bánh mì Đà Nẵng" → "banh mi da nang"), and queries are folded the same way, so a buyer who
types without accents still finds the listing. PostgreSQL searches it with a GIN-indexed
``to_tsvector('simple', ...)``; SQLite falls back to ``LIKE`` per word.
"""

import re
import unicodedata

from django.db.models import BooleanField, Expression, F

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def search_words(query: str, *, limit: int = 8) -> list[str]:
    """The words of a query, folded; punctuation and operators are dropped, never interpreted."""
    return _WORD.findall(fold(query))[:limit]


def search_text_build(*, title: str, description: str, words: list[str]) -> str:
    """``words``: the category's and the tags' names in both languages, so that a listing is
    found by "food" as by "ăn uống" (or "an uong")."""
    return fold(" ".join([title, description, *(w for w in words if w)]))


class VectorMatch(Expression):
    """``search_vector @@ to_tsquery('simple', <tsquery>)`` on PostgreSQL's stored, GIN-indexed
    vector (migration 0003).

    ``search_vector`` is not a model field (SQLite has no tsvector), so the column is reached
    through ``search_text``'s: compiled as ``F("search_text")`` is, it carries the alias of the
    query it ends up in. The hard-coded table name it replaces pointed the match of an aliased
    subquery (the page's ids in ``selectors.ListingResults``) at the outer query's row, silently.
    """

    output_field = BooleanField()

    def __init__(self, tsquery: str) -> None:
        super().__init__()
        self.tsquery = tsquery
        self.text = F("search_text")

    def get_source_expressions(self) -> list[Expression]:
        return [self.text]

    def set_source_expressions(self, exprs: list[Expression]) -> None:
        (self.text,) = exprs

    def as_sql(self, compiler, connection):
        text_sql, params = compiler.compile(self.text)
        text_column = connection.ops.quote_name("search_text")
        if not text_sql.endswith(text_column):
            raise ValueError(f"VectorMatch needs the search_text column, not {text_sql}")
        vector_sql = text_sql.removesuffix(text_column) + connection.ops.quote_name("search_vector")
        return f"{vector_sql} @@ to_tsquery('simple', %s)", [*params, self.tsquery]
