import pytest

from pages.services import page_publish
from pages.serving import origin

from .factories import PageFactory


@pytest.fixture(autouse=True)
def _pages_settings(settings, tmp_path):
    settings.PUBLISHED_PAGES_DOMAIN = "pages.localhost:8000"
    settings.MEDIA_ROOT = tmp_path / "media"
    origin._document.cache_clear()
    yield
    origin._document.cache_clear()


@pytest.fixture
def page(user):
    return PageFactory(owner=user)


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a page as the API does (publish → on-commit task, eager here)."""

    def _publish(page):
        with django_capture_on_commit_callbacks(execute=True):
            page_publish(page=page)
        page.refresh_from_db()
        return page

    return _publish


@pytest.fixture
def published(page, publish):
    return publish(page)


def host_of(page) -> str:
    return f"{page.slug}.pages.localhost:8000"
