"""What a signed-in user could hit as a 500, owned templates, review and bilingual search
(issue 11): each a clear answer in the user's language."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace import services
from marketplace.models import MarketplacePage
from orders import services as order_services
from pages.tests.factories import PageFactory

from .factories import CategoryFactory, active_listing, listing_for, png_bytes

pytestmark = pytest.mark.django_db
Status = MarketplacePage.Status


@pytest.fixture
def seller_client(client, user):
    client.force_login(user)
    return client


def _form(page, **overrides):
    category = CategoryFactory(slug="food-drink")
    data = {
        "page": page.pk,
        "title": "Bánh mì",
        "description": "",
        "category": category.slug,
        "price": 500,
        "tags": "",
    }
    data.update(overrides)
    return data


# --- 500s -----------------------------------------------------------------------------------


@pytest.mark.parametrize("price", [1, 500, 999])
def test_listing_form_price_below_the_gateway_minimum_is_a_form_error(seller_client, user, price):
    response = seller_client.post("/marketplace/new/", _form(PageFactory(owner=user), price=price))
    assert response.status_code == 200
    assert "A paid template costs at least 1.000\u00a0₫ (or 0 for free)." in (
        response.content.decode()
    )
    assert not MarketplacePage.objects.exists()


def test_listing_form_price_error_in_vietnamese(seller_client, user):
    response = seller_client.post(
        "/marketplace/new/", _form(PageFactory(owner=user), price=999), HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "Mẫu trả phí có giá tối thiểu 1.000\u00a0₫ (hoặc 0 nếu miễn phí)." in (
        response.content.decode()
    )


def test_listing_edit_form_price_below_minimum_is_a_form_error(seller_client, user):
    listing = listing_for(user)
    data = _form(PageFactory(owner=user), price=999)
    del data["page"]
    response = seller_client.post(f"/marketplace/{listing.pk}/edit/", data)
    assert response.status_code == 200 and b"costs at least" in response.content
    listing.refresh_from_db()
    assert listing.price == 99_000


ACTIONS = ["submit", "withdraw", "screenshot", "screenshot-delete"]


@pytest.mark.parametrize("whose", ["missing", "foreign"])
def test_edit_and_every_action_on_a_missing_or_foreign_listing_is_404(
    seller_client, other_user, whose
):
    pk = listing_for(other_user).pk if whose == "foreign" else 999_999
    assert seller_client.get(f"/marketplace/{pk}/edit/").status_code == 404
    assert seller_client.post(f"/marketplace/{pk}/edit/", {"title": "x"}).status_code == 404
    for action in ACTIONS:
        response = seller_client.post(f"/marketplace/{pk}/{action}/", {"id": "1"})
        assert response.status_code == 404, action
    assert MarketplacePage.objects.filter(status=Status.DRAFT).count() == (whose == "foreign")


def test_unknown_action_is_404(seller_client, user):
    listing = listing_for(user)
    assert seller_client.post(f"/marketplace/{listing.pk}/explode/").status_code == 404


@pytest.mark.parametrize("shot_id", ["abc", "", "1.5", "-1", "²", "9" * 40])
def test_screenshot_delete_with_a_bad_id_is_404(seller_client, user, shot_id):
    listing = listing_for(user)
    services.screenshot_add(listing=listing, data=png_bytes())
    url = f"/marketplace/{listing.pk}/screenshot-delete/"
    assert seller_client.post(url, {"id": shot_id}).status_code == 404
    assert listing.screenshots.count() == 1


@pytest.mark.parametrize("body", ['["title"]', '"Renamed"', "42", "null"])
def test_patch_with_a_json_list_or_string_is_a_400_envelope(auth_client, user, body):
    listing = listing_for(user)
    response = auth_client.patch(
        f"/api/marketplace/{listing.pk}", body, content_type="application/json"
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "validation_error"
    listing.refresh_from_db()
    assert listing.title == "Bánh mì landing"


def test_invalid_image_upload_is_explained_in_vietnamese(seller_client, user):
    listing = listing_for(user)
    upload = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = seller_client.post(
        f"/marketplace/{listing.pk}/screenshot/",
        {"image": upload},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert "Tệp này không phải là ảnh hợp lệ." in response.content.decode()


# --- Owned templates --------------------------------------------------------------------------


def test_your_own_listing_shows_your_listing_with_edit_and_no_buy(seller_client, user):
    listing = active_listing(seller=user)
    page = seller_client.get(f"/marketplace/{listing.pk}/").content.decode()
    assert "Your listing" in page and f'href="/marketplace/{listing.pk}/edit/"' in page
    assert 'data-testid="buy"' not in page


def test_a_template_you_bought_shows_open_my_copy_and_download(seller_client, user):
    listing = active_listing(price=0)
    order, _ = order_services.order_create(buyer=user, listing_id=listing.pk, payment_method="")
    order.refresh_from_db()
    page = seller_client.get(f"/marketplace/{listing.pk}/").content.decode()
    assert "You own this" in page and 'data-testid="buy"' not in page
    assert f'href="{reverse("pages:builder", args=[order.page_id])}"' in page
    assert f'href="/api/orders/{order.pk}/download"' in page


def test_others_see_the_buy_button(client, user):
    listing = active_listing()
    assert b'data-testid="buy"' in client.get(f"/marketplace/{listing.pk}/").content
    client.force_login(user)
    page = client.get(f"/marketplace/{listing.pk}/").content.decode()
    assert 'data-testid="buy"' in page and "You own this" not in page


def test_api_detail_carries_the_viewer_for_a_signed_in_viewer(
    api_client, auth_client, other_client, user, other_user
):
    listing = active_listing(seller=user, price=0)
    assert "viewer" not in api_client.get(f"/api/marketplace/{listing.pk}").json()
    mine = auth_client.get(f"/api/marketplace/{listing.pk}").json()
    assert mine["viewer"] == {"is_seller": True, "owns": False}
    assert other_client.get(f"/api/marketplace/{listing.pk}").json()["viewer"] == {
        "is_seller": False,
        "owns": False,
    }
    order_services.order_create(buyer=other_user, listing_id=listing.pk, payment_method="")
    assert other_client.get(f"/api/marketplace/{listing.pk}").json()["viewer"] == {
        "is_seller": False,
        "owns": True,
    }


def test_buying_your_own_template_over_the_api_fails_in_vietnamese(auth_client, user):
    listing = active_listing(seller=user)
    response = auth_client.post(
        "/api/orders",
        {"marketplace_page_id": listing.pk, "payment_method": "momo"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Bạn không thể mua mẫu trang của chính mình."


# --- Review -----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", None])
def test_approve_with_an_empty_reason_is_accepted(admin_client_api, reason):
    listing = listing_for()
    services.listing_submit(listing=listing)
    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "approve", "reason": reason, "revision": 1},
        format="json",
    )
    assert response.status_code == 200, response.content
    listing.refresh_from_db()
    assert listing.status == Status.ACTIVE


def test_reject_with_an_empty_reason_is_still_400(admin_client_api):
    listing = listing_for()
    services.listing_submit(listing=listing)
    response = admin_client_api.post(
        f"/api/marketplace/{listing.pk}/review",
        {"decision": "reject", "reason": "", "revision": 1},
        format="json",
    )
    assert response.status_code == 400
    assert "reason" in response.json()["error"]["details"]["fields"]


def test_my_listings_page_listens_for_the_review(seller_client, user):
    listing = listing_for(user)
    page = seller_client.get("/marketplace/my/").content.decode()
    assert "js/my-listings.js" in page and 'id="review-strings"' in page
    assert f'data-listing-id="{listing.pk}"' in page


# --- Search in both languages -----------------------------------------------------------------


def _food_listing():
    return active_listing(
        title="Tiệm bánh mì",
        description="Trang đích cho tiệm bánh",
        category=CategoryFactory(slug="food-drink", name_vi="Ăn uống", name_en="Food & drink"),
        tags=("bánh mì",),
    )


@pytest.mark.parametrize("query", ["food", "Food & drink", "ăn uống", "an uong", "ĂN UỐNG"])
def test_a_listing_is_found_by_its_category_in_either_language(api_client, query):
    listing = _food_listing()
    active_listing(
        title="Spa thư giãn",
        category=CategoryFactory(
            slug="beauty-spa", name_vi="Làm đẹp & spa", name_en="Beauty & spa"
        ),
        tags=(),
    )
    response = api_client.get("/api/marketplace", {"search": query})
    assert [r["id"] for r in response.json()["results"]] == [listing.pk]


def test_browse_page_finds_by_category_in_either_language(client):
    listing = _food_listing()
    for query in ("food", "ăn uống", "an uong"):
        page = client.get("/marketplace/", {"search": query}).content.decode()
        assert f'href="/marketplace/{listing.pk}/"' in page, query


def test_a_tag_named_in_both_languages_is_found_by_either(api_client):
    listing = _food_listing()
    tag = listing.tags.get()
    tag.name_vi, tag.name_en = "bánh mì", "bakery"
    tag.save()
    services.listing_search_text_refresh(listings=MarketplacePage.objects.all())
    for query in ("bakery", "banh mi", "bánh mì"):
        response = api_client.get("/api/marketplace", {"search": query})
        assert [r["id"] for r in response.json()["results"]] == [listing.pk], query


def test_category_names_follow_the_request_language(api_client):
    _food_listing()
    english = api_client.get("/api/marketplace/categories", HTTP_ACCEPT_LANGUAGE="en").json()
    food = next(c for c in english if c["slug"] == "food-drink")
    assert food == {
        "slug": "food-drink",
        "name": "Food & drink",
        "name_vi": "Ăn uống",
        "name_en": "Food & drink",
    }
    vietnamese = api_client.get("/api/marketplace", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert vietnamese["results"][0]["category"]["name"] == "Ăn uống"


def test_category_names_in_the_ui_language(client):
    listing = _food_listing()
    for lang, name in (("vi", "Ăn uống"), ("en", "Food &amp; drink")):
        browse = client.get("/marketplace/", HTTP_ACCEPT_LANGUAGE=lang).content.decode()
        assert f'<option value="food-drink" >{name}</option>' in browse, lang
        detail = client.get(f"/marketplace/{listing.pk}/", HTTP_ACCEPT_LANGUAGE=lang)
        assert name in detail.content.decode()


def test_min_price_above_max_price_is_a_400_envelope(api_client):
    response = api_client.get("/api/marketplace", {"min_price": 500, "max_price": 100})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_error" and "max_price" in error["details"]["fields"]
