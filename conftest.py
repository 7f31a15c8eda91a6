"""Fixtures shared by every app's tests and the cross-app journeys in tests/."""

import gc

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.tests.factories import UserFactory
from tests.support.static_files import share_static_file_scans


def pytest_configure(config):
    share_static_file_scans()


def pytest_collection_finish(session):
    # Everything imported so far (Django, the apps, the test modules) lives for the whole run:
    # moved out of the collector's reach, it is not walked again by every full collection.
    gc.collect()
    gc.freeze()


@pytest.fixture(autouse=True)
def _clean_cache():
    # Throttle and lockout counters live in the cache (Redis in CI): no test inherits another's.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # A request through the test client activates its language (LocaleMiddleware) and leaves
    # it active in the thread: no test inherits another's Vietnamese.
    yield
    translation.deactivate()


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def admin_user(db):
    return UserFactory(role="admin")


def _client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
    return client


@pytest.fixture
def auth_client(user) -> APIClient:
    return _client_for(user)


@pytest.fixture
def other_client(other_user) -> APIClient:
    return _client_for(other_user)


@pytest.fixture
def admin_client_api(admin_user) -> APIClient:
    return _client_for(admin_user)


def pytest_itemcollected(item):
    # A browser is a process of its own: every browser test is slow (left out of test-fast).
    if item.get_closest_marker("browser") is not None:
        item.add_marker(pytest.mark.slow)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests last (keeping pytest-django's order otherwise): Playwright's sync API keeps
    an event loop running in the main thread for the rest of the session, and code that calls
    ``async_to_sync`` from the main thread cannot run after it."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
