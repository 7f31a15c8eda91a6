"""Search text for listings: Vietnamese with and without diacritics both match.

``search_text`` holds the title, description and tags folded to plain ASCII-ish lowercase
("Bánh mì Đà Nẵng" → "banh mi da nang"), and queries are folded the same way, so a buyer who
types without accents still finds the listing. PostgreSQL searches it with a GIN-indexed
``to_tsvector('simple', ...)``; SQLite falls back to ``LIKE`` per word.
"""

import re
import unicodedata

_WORD = re.compile(r"\w+", re.UNICODE)


def fold(text: str) -> str:
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return stripped.lower()


def search_words(query: str, *, limit: int = 8) -> list[str]:
    """The words of a query, folded; punctuation and operators are dropped, never interpreted."""
    return _WORD.findall(fold(query))[:limit]


def search_text_build(*, title: str, description: str, tags: list[str]) -> str:
    return fold(" ".join([title, description, *tags]))
