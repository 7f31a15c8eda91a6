"""The ZIP a buyer downloads: index.html, css/styles.css, js/script.js (when the page has its
own JavaScript) and the files the page uses."""

import io
import posixpath
import zipfile

from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from marketplace.models import ListingRevision


def revision_zip(*, revision: ListingRevision) -> bytes:
    html, css = revision.html_content, revision.css_content
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for asset in revision.assets:
            name = posixpath.basename(asset["path"])
            url = default_storage.url(asset["path"])
            html, css = html.replace(url, f"assets/{name}"), css.replace(url, f"../assets/{name}")
            if default_storage.exists(asset["path"]):
                with default_storage.open(asset["path"], "rb") as source:
                    archive.writestr(f"assets/{name}", source.read())
        document = render_to_string(
            "orders/export_index.html",
            {"title": revision.title, "html": html, "has_script": bool(revision.js_content)},
        )
        archive.writestr("index.html", document)
        archive.writestr("css/styles.css", css)
        if revision.js_content:
            archive.writestr("js/script.js", revision.js_content)
    return buffer.getvalue()
