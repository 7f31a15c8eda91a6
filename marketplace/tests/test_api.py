import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.tests.factories import UserFactory
from marketplace import services
from marketplace.models import ListingLike, ListingRevision, MarketplacePage
from pages.tests.factories import PageFactory

from .factories import CategoryFactory, active_listing, listing_for, png_bytes

pytestmark = pytest.mark.django_db
Status = MarketplacePage.Status


def _error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    error = response.json()["error"]
    if code:
        assert error["code"] == code
    return error


def _payload(page, **overrides):
    category = CategoryFactory(slug="food-drink", name_en="Food & drink", name_vi="Ăn uống")
    data = {
        "page_id": page.pk,
        "title": "Nhà hàng Phở Hà Nội",
        "description": "Trang đích cho nhà hàng",
        "category": category.slug,
        "price": 150_000,
        "tags": ["Restaurant", "pho"],
    }
    data.update(overrides)
    return data


def test_seller_lists_a_page_as_draft(auth_client, user):
    page = PageFactory(owner=user)
    response = auth_client.post("/api/marketplace", _payload(page), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "DRAFT"
    assert body["price"] == 150_000
    assert body["tags"] == ["pho", "restaurant"]
    assert body["category"] == {
        "slug": "food-drink",
        "name": "Food & drink",
        "name_vi": "Ăn uống",
        "name_en": "Food & drink",
    }
    assert body["page_id"] == page.pk


def test_listing_someone_elses_page_is_404(auth_client, other_user):
    page = PageFactory(owner=other_user)
    _error(auth_client.post("/api/marketplace", _payload(page), format="json"), 404, "not_found")
    assert not MarketplacePage.objects.exists()


@pytest.mark.parametrize("price", [-1, 1500.5, 10**12, "abc", "", None, 500], ids=str)
def test_bad_price_is_400(auth_client, user, price):
    error = _error(
        auth_client.post(
            "/api/marketplace", _payload(PageFactory(owner=user), price=price), format="json"
        ),
        400,
        "validation_error",
    )
    assert "price" in error["details"]["fields"]
    assert not MarketplacePage.objects.exists()


def test_free_and_maximum_prices_are_accepted(auth_client, user):
    for price in (0, 50_000_000):
        response = auth_client.post(
            "/api/marketplace", _payload(PageFactory(owner=user), price=price), format="json"
        )
        assert response.status_code == 201


def test_unknown_category_is_400(auth_client, user):
    error = _error(
        auth_client.post(
            "/api/marketplace", _payload(PageFactory(owner=user), category="weapons"), format="json"
        ),
        400,
        "validation_error",
    )
    assert "category" in error["details"]["fields"]


def test_editing_or_deleting_someone_elses_listing_is_404(other_client):
    listing = listing_for()
    body = {"title": "Hijacked", "category": listing.category.slug, "price": 0}
    _error(other_client.put(f"/api/marketplace/{listing.pk}", body, format="json"), 404)
    _error(other_client.patch(f"/api/marketplace/{listing.pk}", body, format="json"), 404)
    _error(other_client.delete(f"/api/marketplace/{listing.pk}"), 404)
    _error(other_client.post(f"/api/marketplace/{listing.pk}/submit"), 404)
    listing.refresh_from_db()
    assert listing.title == "Bánh mì landing"


def test_submit_freezes_a_snapshot_and_twice_is_409(auth_client, user):
    listing = listing_for(user)
    response = auth_client.post(f"/api/marketplace/{listing.pk}/submit")
    assert response.status_code == 200
    assert response.json()["status"] == "PENDING"
    revision = listing.revisions.get()
    assert "Bánh mì Cô Ba" in revision.html_content
    listing.page.html_content = "<h1>Changed after submit</h1>"
    listing.page.save()
    revision.refresh_from_db()
    assert "Bánh mì Cô Ba" in revision.html_content
    _error(auth_client.post(f"/api/marketplace/{listing.pk}/submit"), 409, "already_submitted")
    assert listing.revisions.count() == 1


def test_non_staff_review_is_403(auth_client, user):
    listing = listing_for(user)
    auth_client.post(f"/api/marketplace/{listing.pk}/submit")
    _error(
        auth_client.post(
            f"/api/marketplace/{listing.pk}/review",
            {"decision": "approve", "revision": 1},
            format="json",
        ),
        403,
        "permission_denied",
    )
    listing.refresh_from_db()
    assert listing.status == Status.PENDING


def test_staff_approves_and_listing_goes_public(api_client, admin_client_api, auth_client, user):
    listing = listing_for(user)
    auth_client.post(f"/api/marketplace/{listing.pk}/submit")
    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "approve", "revision": 1},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "ACTIVE"
    public = api_client.get("/api/marketplace").json()
    assert [r["id"] for r in public["results"]] == [listing.pk]
    assert api_client.get(f"/api/marketplace/{listing.pk}").status_code == 200


def test_reject_needs_a_reason_and_shows_it_to_the_seller(admin_client_api, auth_client, user):
    listing = listing_for(user)
    auth_client.post(f"/api/marketplace/{listing.pk}/submit")
    _error(
        admin_client_api.post(
            f"/api/marketplace/{listing.pk}/review",
            {"decision": "reject", "revision": 1},
            format="json",
        ),
        400,
        "validation_error",
    )
    admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {
            "decision": "reject",
            "reason": "broken",
            "note": "The form has no submit button.",
            "revision": 1,
        },
        format="json",
    )
    mine = auth_client.get(f"/api/marketplace/{listing.pk}").json()
    assert mine["status"] == "REJECTED"
    assert mine["rejection_reason"] == "broken"
    assert mine["rejection_note"] == "The form has no submit button."
    # Fixed and resubmitted.
    assert auth_client.post(f"/api/marketplace/{listing.pk}/submit").json()["status"] == "PENDING"


def test_reviewing_nothing_pending_is_409(admin_client_api):
    listing = listing_for()
    _error(
        admin_client_api.post(
            f"/api/marketplace/{listing.pk}/review",
            {"decision": "approve", "revision": 1},
            format="json",
        ),
        409,
        "revision_changed",
    )


@pytest.mark.parametrize("state", ["draft", "pending", "rejected"])
def test_unapproved_listings_are_invisible_to_the_public(api_client, other_client, state):
    listing = listing_for()
    if state != "draft":
        services.listing_submit(listing=listing)
    if state == "rejected":
        services.listing_review(
            listing=listing,
            reviewer=UserFactory(role="admin"),
            approve=False,
            revision_number=1,
            reason="quality",
        )
    assert api_client.get("/api/marketplace").json()["count"] == 0
    _error(api_client.get(f"/api/marketplace/{listing.pk}"), 404)
    _error(other_client.get(f"/api/marketplace/{listing.pk}"), 404)
    _error(other_client.post(f"/api/marketplace/{listing.pk}/like"), 404)


def test_editing_an_active_listing_keeps_the_approved_version_on_sale(
    api_client, auth_client, user
):
    listing = active_listing(user, price=100_000)
    response = auth_client.patch(
        f"/api/marketplace/{listing.pk}", {"title": "New title", "price": 200_000}, format="json"
    )
    assert response.status_code == 200
    public = api_client.get(f"/api/marketplace/{listing.pk}").json()
    assert public["title"] == "Bánh mì landing" and public["price"] == 100_000
    assert listing.revisions.filter(status=ListingRevision.Status.PENDING).count() == 1


def test_search_filters_and_sorts(api_client):
    food, spa = CategoryFactory(slug="food"), CategoryFactory(slug="spa")
    a = active_listing(
        title="Phở Bò Hà Nội", description="", price=50_000, category=food, tags=["pho"]
    )
    b = active_listing(
        title="Spa thư giãn", description="", price=300_000, category=spa, tags=["beauty"]
    )
    c = active_listing(
        title="Bánh mì Sài Gòn", description="", price=0, category=food, tags=["banh-mi"]
    )

    def ids(**params):
        response = api_client.get("/api/marketplace", params)
        assert response.status_code == 200, response.content
        return [r["id"] for r in response.json()["results"]]

    assert ids(search="pho") == [a.pk]  # without diacritics
    assert ids(search="Phở bò") == [a.pk]
    assert ids(search="banh mi") == [c.pk]
    assert set(ids(category="food")) == {a.pk, c.pk}
    assert ids(tag="beauty") == [b.pk]
    assert ids(min_price=1, max_price=100_000) == [a.pk]
    assert ids(sort="price_asc") == [c.pk, a.pk, b.pk]
    assert ids(sort="price_desc") == [b.pk, a.pk, c.pk]


@pytest.mark.parametrize(
    "search",
    ["'; DROP TABLE marketplace_marketplacepage; --", ".*(a+)+$", "a & | ! :*", "%_%", "\\"],
)
def test_search_with_metacharacters_returns_normal_results(api_client, search):
    active_listing()
    response = api_client.get("/api/marketplace", {"search": search})
    assert response.status_code == 200
    assert MarketplacePage.objects.count() == 1


@pytest.mark.parametrize(
    "params",
    [
        {"sort": "random"},
        {"min_price": "cheap"},
        {"max_price": "-5"},
        {"min_price": 500, "max_price": 100},
        {"category": "not a slug!"},
        {"page_size": "x", "sort": "bogus"},
    ],
)
def test_invalid_filters_are_400(api_client, params):
    _error(api_client.get("/api/marketplace", params), 400, "validation_error")


@pytest.mark.parametrize(
    "params",
    [{}, {"search": "banh", "category": "food-drink", "sort": "popular", "tag": "food"}],
    ids=["all", "filtered"],
)
def test_list_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries, params):
    food = CategoryFactory(slug="food-drink")
    for _ in range(3):
        active_listing(category=food)
    with django_assert_max_num_queries(4) as few:
        api_client.get("/api/marketplace", {**params, "page_size": 100})
    for _ in range(7):
        active_listing(category=food, tags=["food", "banh-mi", "landing"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api_client.get("/api/marketplace", {**params, "page_size": 100})
    assert response.json()["count"] == 10
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = api_client.get("/api/marketplace", {**params, "page_size": 4, "page": 2})
    assert len(response.json()["results"]) == 4


def test_my_listings_show_every_state(auth_client, user):
    listing_for(user)
    active_listing(user)
    listing_for()  # someone else's
    body = auth_client.get("/api/marketplace/my/pages").json()
    assert body["count"] == 2
    assert {r["status"] for r in body["results"]} == {"DRAFT", "ACTIVE"}


def test_like_toggles_and_counts_once_per_user(auth_client, other_client):
    listing = active_listing()
    assert auth_client.post(f"/api/marketplace/{listing.pk}/like").json() == {
        "liked": True,
        "likes": 1,
    }
    assert other_client.post(f"/api/marketplace/{listing.pk}/like").json()["likes"] == 2
    assert auth_client.post(f"/api/marketplace/{listing.pk}/like").json() == {
        "liked": False,
        "likes": 1,
    }
    assert ListingLike.objects.filter(listing=listing).count() == 1


def test_anonymous_like_is_401(api_client):
    listing = active_listing()
    _error(api_client.post(f"/api/marketplace/{listing.pk}/like"), 401, "not_authenticated")


def test_withdraw_deletes_a_listing_without_orders(auth_client, user):
    listing = listing_for(user)
    assert auth_client.delete(f"/api/marketplace/{listing.pk}").status_code == 204
    assert not MarketplacePage.objects.filter(pk=listing.pk).exists()


def test_withdrawing_a_sold_listing_over_the_api_archives_it(auth_client, user, api_client):
    from orders import services as order_services
    from orders.tests.factories import pending_order

    listing = active_listing(seller=user, price=99_000)
    order = pending_order(listing=listing)
    order_services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="T-ar")
    response = auth_client.delete(f"/api/marketplace/{listing.pk}")
    assert response.status_code == 200 and response.json()["status"] == "ARCHIVED"
    listing.refresh_from_db()
    assert listing.status == MarketplacePage.Status.ARCHIVED
    order.refresh_from_db()
    assert order.marketplace_page_id == listing.pk and order.status == "delivered"
    # Archived: gone from the public list and detail, still in the seller's own list.
    assert auth_client.get("/api/marketplace").json()["count"] == 0
    assert api_client.get(f"/api/marketplace/{listing.pk}").status_code == 404
    assert auth_client.get(f"/api/marketplace/{listing.pk}").status_code == 200  # the seller
    mine = auth_client.get("/api/marketplace/my/pages").json()["results"]
    assert [(m["id"], m["status"]) for m in mine] == [(listing.pk, "ARCHIVED")]


def test_a_decompression_bomb_upload_is_a_400_and_stores_nothing(auth_client, user):
    import io

    from PIL import Image

    from marketplace.images import MAX_PIXELS

    listing = listing_for(user)
    side = int(MAX_PIXELS**0.5) + 1000
    buffer = io.BytesIO()
    Image.new("1", (side, side)).save(buffer, format="PNG")
    response = auth_client.post(
        f"/api/marketplace/{listing.pk}/screenshots",
        {"image": _file("bomb.png", buffer.getvalue())},
        format="multipart",
    )
    error = _error(response, 400)
    assert error["code"] == "image_too_large"
    assert listing.screenshots.count() == 0


def test_screenshot_upload_and_bad_files(auth_client, user):
    listing = listing_for(user)
    url = f"/api/marketplace/{listing.pk}/screenshots"
    ok = auth_client.post(url, {"image": _file("shot.png", png_bytes())}, format="multipart")
    assert ok.status_code == 201, ok.content
    assert ok.json()["width"] == 800
    listing.refresh_from_db()
    assert listing.main_screenshot_id == ok.json()["id"]
    for name, data in [
        ("doc.png", b"%PDF-1.4 fake pdf"),
        ("evil.png", b"<script>alert(1)</script>"),
        ("big.png", b"\x89PNG" + b"0" * (5 * 1024 * 1024 + 10)),
    ]:
        _error(auth_client.post(url, {"image": _file(name, data)}, format="multipart"), 400)
    assert listing.screenshots.count() == 1


def _file(name, data):
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_detail_runs_a_constant_number_of_queries(api_client, django_assert_max_num_queries):
    few = active_listing(tags=["a"])
    many = active_listing(tags=["a", "b", "c", "d", "e", "f"])
    for listing in (few, many):
        for i in range(3 if listing is few else 7):
            services.screenshot_add(listing=listing, data=png_bytes((200 + i, 120)))
    with django_assert_max_num_queries(6) as baseline:
        api_client.get(f"/api/marketplace/{few.pk}")
    with django_assert_max_num_queries(len(baseline.captured_queries)):
        response = api_client.get(f"/api/marketplace/{many.pk}")
    assert len(response.json()["screenshots"]) == 7
