"""ZIP export of a page, streamed: ``index.html``, ``styles.css``, ``script.js`` (when the page
has its own JavaScript) and ``images/``.

The archive is written into a small buffer that is drained after each member, so memory stays
at about one image however large the page; ``zipfile`` handles the unseekable stream by
writing data descriptors.
"""

import io
import posixpath
import zipfile
from collections.abc import Iterator

from pages.models import Page
from pages.publishing.render import document_render
from pages.serving.hosts import page_url


class _Sink(io.RawIOBase):
    def __init__(self) -> None:
        self._buffer = bytearray()
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        self._buffer.extend(data)
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:
        return self._offset

    def drain(self) -> bytes:
        chunk = bytes(self._buffer)
        self._buffer.clear()
        return chunk


def page_zip_stream(*, page: Page) -> Iterator[bytes]:
    assets = list(page.assets.all())
    names = {}
    for asset in assets:
        names[asset.file.url] = f"images/{posixpath.basename(asset.file.name)}"
    lead_action = page_url(page.slug) + "_leads"
    html = document_render(
        page, lead_action=lead_action, stylesheet="styles.css", script="script.js", replace=names
    )
    css = page.css_content
    for old, new in names.items():
        css = css.replace(old, new)
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.html", html)
        archive.writestr("styles.css", css)
        if page.js_content:
            archive.writestr("script.js", page.js_content)
        yield sink.drain()
        for asset in assets:
            with asset.file.open("rb") as source, archive.open(names[asset.file.url], "w") as dest:
                for chunk in iter(lambda s=source: s.read(64 * 1024), b""):
                    dest.write(chunk)
                    yield sink.drain()
    yield sink.drain()
