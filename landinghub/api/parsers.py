"""The JSON parser every API view uses: DRF's, plus two refusals that used to be 500s.

- Nesting deeper than Python's recursion limit raised ``RecursionError`` (not a
  ``ValueError``, so DRF did not turn it into a parse error).
- A lone UTF-16 surrogate (``"\\ud800"``) is valid JSON text but no valid Unicode: it passed
  the parser and made PostgreSQL refuse the ``jsonb`` value. DRF's ``CharField`` already
  refuses it; ``JSONField`` values and dict keys did not.
"""

import json

from rest_framework import parsers
from rest_framework.exceptions import ParseError


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            raise ParseError("JSON parse error - lone surrogate in a string.") from None
        except RecursionError:
            raise ParseError("JSON parse error - nested too deeply.") from None
        return data
