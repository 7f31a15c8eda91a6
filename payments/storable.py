"""What a gateway callback is stored as: always storable, whatever bytes arrived.

"Stored raw first" holds only if the insert cannot fail. PostgreSQL's ``text`` refuses NUL
and anything that is not UTF-8, and ``jsonb`` refuses ``\\u0000`` and lone surrogates
(``"\\ud800"`` is valid JSON text but no valid Unicode). So the raw body keeps every byte,
with what PostgreSQL would refuse written as a backslash escape, and parameters that could
not be stored are dropped (the raw body still has them).
"""

import json
from typing import Any


def storable_text(raw: str | bytes) -> str:
    """UTF-8 text for a ``TextField``: invalid bytes and lone surrogates become backslash
    escapes (``\\xed``, ``\\ud800``) and NUL becomes ``\\x00``; valid text is unchanged."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8", errors="backslashreplace")
    return raw.decode("utf-8", errors="backslashreplace").replace("\x00", "\\x00")


def storable_params(params: Any) -> dict:
    """``params`` if it is a JSON object PostgreSQL's ``jsonb`` accepts, else ``{}``."""
    if not isinstance(params, dict):
        return {}
    try:
        text = json.dumps(params, ensure_ascii=False)
        text.encode("utf-8")
    except (TypeError, ValueError, RecursionError):  # UnicodeEncodeError is a ValueError
        return {}
    if "\\u0000" in text:
        return {}
    return params
