"""Freezing a page for sale: its content and a private copy of every file it uses.

The snapshot must not change when the seller later edits or deletes the page, so every
stored file the page refers to (found by its storage URL in the HTML, CSS and project JSON)
is copied under the snapshot's own prefix and the references are rewritten to the copies.
External URLs are left as they are.

Only keys the content's owner owns are copied: for a page, the files uploaded to the seller's
own pages (``PageAsset``); for a sold revision, the copies its snapshot made. Any other stored
key the HTML, CSS or project JSON names (another user's upload, another listing's paid files,
a published document) is left as a plain reference and never copied into the snapshot.
"""

import contextlib
import json
import mimetypes
import posixpath
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.storage import default_storage

from pages.models import Page, PageAsset

MAX_ASSETS = 100


@dataclass
class Snapshot:
    project_data: dict
    html_content: str
    css_content: str
    assets: list[dict] = field(default_factory=list)
    js_content: str = ""


def _url_prefixes() -> list[str]:
    prefixes = {settings.MEDIA_URL}
    # A storage without a URL for "" (some S3 setups) still has MEDIA_URL.
    with contextlib.suppress(Exception):
        prefixes.add(default_storage.url(""))
    return sorted((p for p in prefixes if p), key=len, reverse=True)


def _stored_refs(text: str) -> dict[str, str]:
    """Map each storage URL found in ``text`` to its storage key."""
    refs: dict[str, str] = {}
    for prefix in _url_prefixes():
        pattern = re.compile(re.escape(prefix) + r"([A-Za-z0-9_\-./%]+)")
        for match in pattern.finditer(text):
            key = match.group(1)
            if ".." not in key and key not in refs.values():
                refs[match.group(0)] = key
    return refs


def page_snapshot(*, page: Page, prefix: str) -> Snapshot:
    owned = PageAsset.objects.filter(page__owner_id=page.owner_id).values_list("file", flat=True)
    return content_copy(
        project_data=page.project_data or {},
        html_content=page.html_content or "",
        css_content=page.css_content or "",
        js_content=page.js_content or "",
        prefix=prefix,
        allowed_keys=set(owned),
    )


def content_copy(
    *,
    project_data: dict,
    html_content: str,
    css_content: str,
    prefix: str,
    allowed_keys: set[str],
    js_content: str = "",
) -> Snapshot:
    """Copy the stored files the content refers to under ``prefix`` and point to the copies;
    only keys in ``allowed_keys`` are copied (see the module docstring)."""
    project_json = json.dumps(project_data)
    html, css = html_content, css_content
    refs = _stored_refs("\n".join([html, css, project_json]))
    refs = {url: key for url, key in refs.items() if key in allowed_keys}
    assets = []
    for url, key in list(refs.items())[:MAX_ASSETS]:
        if not default_storage.exists(key):
            continue
        name = posixpath.basename(key)
        with default_storage.open(key, "rb") as source:
            copy_key = default_storage.save(f"{prefix}/assets/{name}", source)
        copy_url = default_storage.url(copy_key)
        html, css, project_json = (s.replace(url, copy_url) for s in (html, css, project_json))
        assets.append(
            {
                "name": name,
                "path": copy_key,
                "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
            }
        )
    return Snapshot(
        project_data=json.loads(project_json),
        html_content=html,
        css_content=css,
        assets=assets,
        js_content=js_content,
    )
