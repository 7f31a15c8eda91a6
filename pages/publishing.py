"""Rendering a page into a complete HTML document and writing it to storage.

The document is written under a versioned, never-reused key
(``published/<page id>/v<version>-<token>/index.html``); the page row is pointed at it only
after the write succeeded, so a storage failure leaves the previous version serving. With
``CLOUDFRONT_DISTRIBUTION_ID`` set, a stable copy at ``sites/<slug>/index.html`` is written
too (what a CloudFront distribution whose origin is the bucket serves) and invalidated.
"""

import base64
import hashlib
import logging
import re
import secrets
import time

import boto3
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import sanitize
from .models import Page

logger = logging.getLogger(__name__)

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
        "description": page.seo_description,
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


def document_write(page: Page, version: int) -> tuple[str, str]:
    """Write the rendered document; returns (storage key, ETag). Raises on storage failure."""
    document = document_render(page).encode()
    key = f"published/{page.pk}/v{version}-{secrets.token_hex(4)}/index.html"
    saved = default_storage.save(key, ContentFile(document))
    if settings.CLOUDFRONT_DISTRIBUTION_ID:
        stable = stable_copy_key(page.slug)
        if default_storage.exists(stable):
            default_storage.delete(stable)
        default_storage.save(stable, ContentFile(document))
    return saved, etag_of(document)


def document_read(key: str) -> bytes:
    with default_storage.open(key, "rb") as handle:
        return handle.read()


def document_delete(key: str) -> None:
    try:
        default_storage.delete(key)
    except Exception:  # an orphaned old version costs storage, never correctness
        logger.warning("pages: could not delete %s", key, exc_info=True)


def stable_copy_key(slug: str) -> str:
    return f"sites/{slug}/index.html"


def stable_copy_delete(slug: str) -> None:
    """Remove the CDN's copy of a page that no longer serves at ``slug`` (then invalidate)."""
    key = stable_copy_key(slug)
    if default_storage.exists(key):
        default_storage.delete(key)


def cloudfront_invalidate(slug: str) -> str | None:
    """Invalidate a page's paths on the CDN; returns the invalidation id (None when off)."""
    if not settings.CLOUDFRONT_DISTRIBUTION_ID:
        return None
    client = boto3.client(
        "cloudfront",
        endpoint_url=settings.CLOUDFRONT_ENDPOINT_URL,
        region_name="us-east-1",
    )
    response = client.create_invalidation(
        DistributionId=settings.CLOUDFRONT_DISTRIBUTION_ID,
        InvalidationBatch={
            "Paths": {"Quantity": 1, "Items": [f"/sites/{slug}/*"]},
            "CallerReference": f"page-{slug}-{time.time_ns()}",
        },
    )
    return response["Invalidation"]["Id"]
