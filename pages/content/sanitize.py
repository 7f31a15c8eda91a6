"""Cleaning user-authored HTML, CSS and GrapesJS project JSON before it is stored.

Runs on every save (and again on publish through the stored values), so what the editor
loads, what the marketplace copies and what the published origin serves never carry a
script, an event handler, a ``javascript:`` URL or an iframe from a host not in
``IFRAME_HOSTS``. nh3 (ammonia) does the HTML; its default tag list lacks what landing pages
need (sections, forms, inputs, iframes), hence the explicit allowlist below.
"""

import re
from typing import Any
from urllib.parse import urlsplit

import nh3

from landinghub.exceptions import ApplicationError
from pages.exceptions import TOO_DEEP

TAGS = {
    "a", "abbr", "address", "article", "aside", "b", "blockquote", "br", "button", "caption",
    "code", "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hr", "i", "iframe", "img", "input", "ins", "label", "legend", "li", "main", "mark", "nav",
    "ol", "optgroup", "option", "p", "picture", "pre", "q", "s", "section", "select", "small",
    "source", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "textarea",
    "tfoot", "th", "thead", "time", "tr", "u", "ul", "video",
}  # fmt: skip
GENERIC_ATTRIBUTES = {"id", "class", "style", "title", "role", "lang", "dir", "hidden"}
ATTRIBUTES = {
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height", "loading", "srcset", "sizes"},
    "source": {"src", "srcset", "type", "media"},
    "video": {"src", "controls", "autoplay", "muted", "loop", "poster", "playsinline",
              "width", "height"},
    "iframe": {"src", "width", "height", "allow", "allowfullscreen", "frameborder", "loading"},
    "form": {"name", "novalidate"},
    "input": {"type", "name", "placeholder", "required", "value", "checked", "min", "max",
              "step", "pattern", "maxlength", "minlength", "autocomplete", "inputmode"},
    "textarea": {"name", "placeholder", "rows", "cols", "required", "maxlength"},
    "select": {"name", "required", "multiple"},
    "option": {"value", "selected"},
    "optgroup": {"label"},
    "label": {"for"},
    "button": {"type", "name", "value"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "time": {"datetime"},
    "ol": {"start", "reversed"},
    "details": {"open"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
URL_ATTRIBUTES = {"href", "src", "poster", "action", "formaction", "srcset", "xlink:href"}
INPUT_TYPES = {"text", "email", "tel", "number", "date", "time", "url", "checkbox", "radio",
               "hidden", "submit", "reset", "button", "search"}  # fmt: skip
# Embeds a landing page needs (videos, maps), by host and path: a host alone is not enough,
# since www.google.com/url?q=... redirects anywhere. Everything else loses its src. The
# published origin's CSP frame-src is built from the same table (pages.serving.responses).
IFRAME_SOURCES = {
    "www.youtube.com": "/embed/", "youtube.com": "/embed/",
    "www.youtube-nocookie.com": "/embed/", "player.vimeo.com": "/video/",
    "www.google.com": "/maps/embed",
}  # fmt: skip
IFRAME_HOSTS = set(IFRAME_SOURCES)
FORBIDDEN_TAGS = {"script", "style", "object", "embed", "link", "meta", "base", "frame",
                  "frameset", "applet", "svg", "math", "template", "noscript", "animate",
                  "set", "animatemotion", "animatetransform", "foreignobject", "use"}  # fmt: skip
# GrapesJS component types that render SVG (their tagName may be missing from the JSON).
FORBIDDEN_TYPES = {"script", "script-export", "svg", "svg-in"}
CSS_IMPORT_HOSTS = {"fonts.googleapis.com"}
MAX_DEPTH = 200

_ATTR_NAME = re.compile(r"^[a-zA-Z_:][-a-zA-Z0-9_:.]*$")
_EMPTY_IFRAME = re.compile(r"<iframe(?![^>]*\ssrc=)[^>]*>\s*</iframe>")
_CSS_BAD = re.compile(r"expression\(|javascript:|vbscript:|behavior:|-moz-binding|<", re.I)
_CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\")\s;]+)['\"]?\s*\)?[^;]*;?", re.I)
_CSS_DECL = re.compile(r"[^;{}]+")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(\n)|(.))", re.S)
_CSS_ESCAPED_AT_RULE = re.compile(r"@[-\w]*\\[^;{}]*;?")
_SCRIPT_URL = re.compile(r"(?:java|vb)script:|data:text/html", re.I)


def iframe_frame_sources() -> str:
    """The CSP ``frame-src`` sources matching ``IFRAME_SOURCES`` (host and path)."""
    return " ".join(f"https://{host}{path}" for host, path in sorted(IFRAME_SOURCES.items()))


def _iframe_src_allowed(value: str) -> bool:
    parts = urlsplit(value.strip())
    prefix = IFRAME_SOURCES.get(parts.hostname or "")
    if parts.scheme != "https" or prefix is None or parts.port or parts.username:
        return False
    path = parts.path
    if ".." in path or "%" in path or "\\" in path:
        return False
    return path.startswith(prefix) if prefix.endswith("/") else path in (prefix, prefix + "/")


def _srcset_allowed(value: str) -> bool:
    """Every candidate URL of a ``srcset`` (``a.png 1x, b.png 2x``) must be allowed."""
    return all(url_allowed(c.strip().split(" ", 1)[0]) for c in value.split(",") if c.strip())


def _carries_script_url(value: str) -> bool:
    return bool(_SCRIPT_URL.search(re.sub(r"[\x00-\x20]", "", _css_decode(value))))


def url_allowed(value: str) -> bool:
    """Relative URLs and the schemes in ``URL_SCHEMES``; control characters are ignored first,
    as browsers do (``java\\tscript:``)."""
    compact = re.sub(r"[\x00-\x20]", "", value).lower()
    if ":" not in compact.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]:
        return True
    return compact.split(":", 1)[0] in URL_SCHEMES


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "iframe" and attr == "src":
        return value if _iframe_src_allowed(value) else None
    if tag == "input" and attr == "type":
        return value if value.lower() in INPUT_TYPES else "text"
    if tag == "a" and attr == "target":
        return "_blank" if value == "_blank" else None
    if attr == "style":
        return None if css_is_unsafe(value) else value
    if attr == "srcset":
        return value if _srcset_allowed(value) else None
    return value


def html_clean(html: str) -> str:
    cleaned = nh3.clean(
        html or "",
        tags=TAGS,
        clean_content_tags={"script", "style"},
        attributes={"*": GENERIC_ATTRIBUTES, **ATTRIBUTES},
        generic_attribute_prefixes={"data-", "aria-"},
        attribute_filter=_attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return _EMPTY_IFRAME.sub("", cleaned)


def css_is_unsafe(css: str) -> bool:
    return bool(_CSS_BAD.search(_css_normalised(css)))


def _css_decode(css: str) -> str:
    """CSS escapes decoded as a browser reads them: ``\\78`` is ``x``, ``\\6a `` is ``j``."""

    def char(match: re.Match) -> str:
        hex_digits, newline, other = match.groups()
        if hex_digits:
            code = int(hex_digits, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else ""
        return "" if newline else other

    return _CSS_ESCAPE.sub(char, css)


def _css_normalised(css: str) -> str:
    # Comments and escapes can hide a keyword (``expr/**/ession``, ``e\\78pression(``,
    # ``url(\\6a avascript:``): drop comments, decode escapes, then drop all whitespace.
    without_comments = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return re.sub(r"[\x00-\x20]", "", _css_decode(without_comments))


def _keep_import(match: re.Match) -> str:
    host = urlsplit(match.group(1)).hostname or ""
    return (
        match.group(0) if host in CSS_IMPORT_HOSTS and match.group(1).startswith("https:") else ""
    )


def css_clean(css: str) -> str:
    """Drop ``@import`` of other origins and any declaration using ``expression()``,
    ``javascript:``/``vbscript:`` URLs or ``behavior``; ``<`` cannot close the ``<style>``."""
    css = re.sub(r"/\*.*?\*/", "", css or "", flags=re.S)
    # No real stylesheet escapes an at-rule's name; ``@\\69mport`` is an @import in disguise.
    css = _CSS_ESCAPED_AT_RULE.sub("", css)
    css = _CSS_IMPORT.sub(_keep_import, css)

    def declaration(match: re.Match) -> str:
        return "" if css_is_unsafe(match.group(0)) else match.group(0)

    return _CSS_DECL.sub(declaration, css).replace("<", "")


def _clean_attributes(tag: str, attributes: dict) -> dict:
    kept = {}
    for name, value in attributes.items():
        name = str(name)
        lowered = name.lower()
        if not _ATTR_NAME.match(name) or lowered.startswith("on") or lowered == "srcdoc":
            continue
        if isinstance(value, str) and not _value_allowed(tag, lowered, value):
            continue
        kept[name] = value
    return kept


def _value_allowed(tag: str, name: str, value: str) -> bool:
    if name in URL_ATTRIBUTES and not url_allowed(value):
        return False
    if name == "srcset" and not _srcset_allowed(value):
        return False
    if tag == "iframe" and name == "src" and not _iframe_src_allowed(value):
        return False
    if name == "style":
        return not css_is_unsafe(value)
    # SVG animation tricks (``values``/``to`` = ``javascript:...``) and any other attribute
    # smuggling a script URL: no attribute of a landing page needs one.
    return not _carries_script_url(value)


def _clean_node(node: Any, depth: int) -> Any:
    if depth > MAX_DEPTH:
        raise ApplicationError("The page structure is nested too deeply.", code=TOO_DEEP)
    if isinstance(node, list):
        cleaned = (_clean_node(item, depth + 1) for item in node)
        return [item for item in cleaned if item is not _DROP]
    if not isinstance(node, dict):
        return node
    tag = str(node.get("tagName") or "").lower()
    if tag in FORBIDDEN_TAGS or node.get("type") in FORBIDDEN_TYPES:
        return _DROP
    tag = tag or ("iframe" if node.get("type") == "iframe" else "")
    result = {}
    for key, value in node.items():
        if key in {"script", "script-export", "script-props"}:
            continue
        lowered = str(key).lower()
        # Component properties that become attributes (an image's ``src``, an asset's).
        url_property = lowered in URL_ATTRIBUTES and isinstance(value, str)
        if url_property and not _value_allowed(tag, lowered, value):
            continue
        if key == "attributes" and isinstance(value, dict):
            result[key] = _clean_attributes(tag, value)
        elif key in {"content", "components"} and isinstance(value, str):
            result[key] = html_clean(value) if "<" in value else value
        elif key == "style" and isinstance(value, dict):
            result[key] = {k: v for k, v in value.items() if not css_is_unsafe(f"{k}:{v}")}
        else:
            result[key] = _clean_node(value, depth + 1)
    return result


_DROP = object()


def project_clean(project_data: dict) -> dict:
    """Walk the GrapesJS project JSON: drop script components and script props, unsafe
    attributes (``on*``, bad URLs, foreign iframes) and unsafe style values; HTML strings
    inside components go through ``html_clean``."""
    cleaned = _clean_node(project_data or {}, 0)
    return cleaned if isinstance(cleaned, dict) else {}
