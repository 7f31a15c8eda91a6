"""The public list cache: repeated reads skip the database, listing changes show at once."""

import pytest

from marketplace import services

from .factories import active_listing, listing_for

pytestmark = pytest.mark.django_db


def _ids(client, **params):
    return [r["id"] for r in client.get("/api/marketplace", params).json()["results"]]


def test_repeated_list_is_answered_without_queries(settings, api_client, django_assert_num_queries):
    settings.MARKETPLACE_LIST_CACHE_SECONDS = 30
    first = active_listing()
    assert _ids(api_client) == [first.pk]
    with django_assert_num_queries(0):
        assert _ids(api_client) == [first.pk]
    # Different filters are different entries.
    assert _ids(api_client, search="no-such-words-anywhere") == []


def test_approval_and_withdrawal_show_at_once(
    settings, api_client, admin_user, user, django_capture_on_commit_callbacks
):
    settings.MARKETPLACE_LIST_CACHE_SECONDS = 30
    old = active_listing()
    assert _ids(api_client) == [old.pk]

    new = listing_for(user)
    revision = services.listing_submit(listing=new)
    with django_capture_on_commit_callbacks(execute=True):
        services.listing_review(
            listing=new, reviewer=admin_user, approve=True, revision_number=revision.number
        )
    assert set(_ids(api_client)) == {old.pk, new.pk}

    with django_capture_on_commit_callbacks(execute=True):
        services.listing_withdraw(listing=new)
    assert _ids(api_client) == [old.pk]


def test_zero_seconds_turns_the_cache_off(settings, api_client):
    settings.MARKETPLACE_LIST_CACHE_SECONDS = 0
    first = active_listing()
    assert _ids(api_client) == [first.pk]
    second = active_listing()  # no commit hook runs: only a disabled cache can see it
    assert set(_ids(api_client)) == {first.pk, second.pk}
