"""Rendering a page into a complete HTML document: the platform's form handler and honeypot
around the sanitised content, the visitor messages in the page's language, and the CSP hashes
and ETag of the result. The published page inlines its CSS/JS; the ZIP export links them.
"""

import base64
import hashlib
import re
from html import unescape

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from pages.content import sanitize
from pages.models import Page

# The platform's own form handler: posts the form to /_leads and shows the thank-you state
# in place. Without JS the form posts normally and the 303 lands on /#lh-thanks.
FORM_HANDLER_JS = """
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches || !form.matches("form[data-lh-form]")) return;
  event.preventDefault();
  var button = form.querySelector("[type=submit], button");
  if (button) button.disabled = true;
  var options = {method: "POST", body: new FormData(form), headers: {"Accept": "application/json"}};
  fetch(form.action, options)
    .then(function (response) {
      if (!response.ok) throw response.status;
      var done = document.createElement("div");
      done.className = "lh-thanks-inline";
      done.setAttribute("role", "status");
      done.textContent = document.getElementById("lh-thanks").getAttribute("data-message");
      form.replaceWith(done);
    })
    .catch(function (status) {
      if (button) button.disabled = false;
      var messages = document.getElementById("lh-thanks");
      alert(messages.getAttribute(status === 429 ? "data-throttled" : "data-failed"));
    });
});
""".strip()

HONEYPOT_FIELD = "_hp"
_FORM_OPEN = re.compile(r"<form\b([^>]*)>")
_HONEYPOT = (
    '<div class="lh-hp" aria-hidden="true"><label>Leave this empty'
    f'<input type="text" name="{HONEYPOT_FIELD}" tabindex="-1" autocomplete="off"></label></div>'
)
_SCRIPT = re.compile(rb"<script>(.*?)</script>", re.S)


def _forms_to_leads(html: str, action: str) -> str:
    """Point every form at the lead endpoint. Sanitised HTML has no action/method of its own."""
    return _FORM_OPEN.sub(
        lambda m: f'<form{m.group(1)} action="{action}" method="post" data-lh-form>{_HONEYPOT}',
        html,
    )


def _script_safe(js: str) -> str:
    return re.sub(r"</(script)", r"<\\/\1", js, flags=re.I)


def _visitor_messages(language: str) -> dict[str, str]:
    """What the platform says to the page's visitors, in the page's own language only."""
    with translation.override(language):
        return {
            "thanks": _("Thank you! We will be in touch soon."),
            "throttled": _("You are sending too fast. Please try again in a minute."),
            "failed": _("Could not send. Please try again."),
        }


_PARAGRAPH = re.compile(r"<p\b[^>]*>(.*?)</p>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")
DESCRIPTION_MAX_CHARS = 160


def description_from_content(html: str) -> str:
    """The page's first paragraph of some length as plain text, cut at a word near 160
    characters: the search engines' snippet when the owner wrote no SEO description."""
    for match in _PARAGRAPH.finditer(html):
        text = " ".join(unescape(_TAG.sub(" ", match.group(1))).split())
        if len(text) >= 40:
            if len(text) > DESCRIPTION_MAX_CHARS:
                text = text[: DESCRIPTION_MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"
            return text
    return ""


def document_render(
    page: Page,
    *,
    lead_action: str = "/_leads",
    stylesheet: str = "",
    script: str = "",
    replace: dict | None = None,
) -> str:
    """The page as a complete document. ``stylesheet``/``script`` link the CSS/JS as files
    (the ZIP export) instead of inlining them (the published page)."""
    # Cleaned on save, and again here with today's rules (content saved before a fix).
    html, css = sanitize.html_clean(page.html_content), sanitize.css_clean(page.css_content)
    for old, new in (replace or {}).items():
        html, css = html.replace(old, new), css.replace(old, new)
    context = {
        "language": page.language or Page.Language.VI,
        "page": page,
        "title": page.seo_title or page.title,
        "description": page.seo_description or description_from_content(html),
        "social_image": page.social_image,
        "url": page.url,
        "body": mark_safe(_forms_to_leads(html, lead_action)),  # noqa: S308 - sanitised on save
        "css": mark_safe(css.replace("<", "")),  # noqa: S308 - checked on save
        "stylesheet": stylesheet,
        "form_js": mark_safe(FORM_HANDLER_JS),  # noqa: S308 - our own constant
        "user_js": mark_safe(_script_safe(page.js_content)) if page.js_content else "",  # noqa: S308
        "script": script if page.js_content else "",
        **_visitor_messages(page.language or Page.Language.VI),
    }
    return render_to_string("pages/published/document.html", context)


def script_hashes(document: bytes) -> list[str]:
    """CSP hashes of the inline scripts of a rendered document (ours and the owner's JS)."""
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(body).digest()).decode() + "'"
        for body in _SCRIPT.findall(document)
    ]


def etag_of(document: bytes) -> str:
    return '"' + hashlib.sha256(document).hexdigest()[:32] + '"'
