import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from accounts.tests.factories import UserFactory
from marketplace.tests.factories import active_listing
from orders import services
from pages.models import Page, PageAsset
from pages.tests.factories import PageFactory

from .factories import pending_order

pytestmark = pytest.mark.django_db


def _delivered(buyer, price=99_000):
    order = pending_order(buyer, price=price)
    return services.order_deliver(
        order_id=order.order_id, amount=price, transaction_id=f"T{order.pk}"
    )


def test_my_orders_and_detail(auth_client, user):
    order = _delivered(user)
    pending_order()  # someone else's
    body = auth_client.get("/api/orders/my").json()
    assert body["count"] == 1 and body["results"][0]["order_id"] == order.order_id
    detail = auth_client.get(f"/api/orders/{order.pk}").json()
    assert detail["status"] == "delivered" and detail["page_id"] == order.page_id


def test_seller_sees_sales_with_totals(auth_client, user):
    listing = active_listing(user, price=200_000)
    for _ in range(2):
        order = pending_order(listing=listing)
        services.order_deliver(
            order_id=order.order_id, amount=200_000, transaction_id=f"S{order.pk}"
        )
    body = auth_client.get("/api/orders/seller").json()
    assert body["count"] == 2
    assert body["totals"]["gross"] == 400_000 and body["totals"]["revenue"] == 360_000
    assert sum(d["revenue"] for d in body["totals"]["by_day"]) == 360_000


def test_someone_elses_order_and_download_are_404(other_client, user):
    order = _delivered(user)
    for url in (f"/api/orders/{order.pk}", f"/api/orders/{order.pk}/download"):
        response = other_client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_download_of_an_undelivered_order_is_404(auth_client, user):
    order = pending_order(user)
    assert auth_client.get(f"/api/orders/{order.pk}/download").status_code == 404


def test_download_is_a_zip_of_the_snapshot(auth_client, user):
    order = _delivered(user)
    response = auth_client.get(f"/api/orders/{order.pk}/download")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert {"index.html", "css/styles.css"} <= set(archive.namelist())
    index = archive.read("index.html").decode()
    assert "Bánh mì Cô Ba" in index and 'href="css/styles.css"' in index


def test_orders_need_authentication(api_client):
    response = api_client.get("/api/orders/my")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_the_buyers_copy_and_zip_carry_the_templates_images(auth_client, user, settings, tmp_path):
    """The seller's image travels with the template: the buyer's copy points at a file of its
    own (the seller deleting theirs changes nothing), and the ZIP has it under assets/ with
    index.html and the CSS pointing at it."""
    settings.MEDIA_ROOT = tmp_path
    seller = UserFactory()
    page = PageFactory(owner=seller)
    asset = PageAsset(page=page, name="hero.png", content_type="image/png", size=14)
    asset.file.save("hero.png", ContentFile(b"hero-png-bytes"))  # uploaded in the builder
    seller_key = asset.file.name
    page.html_content = f'<section><img src="/media/{seller_key}"><h1>Bánh mì Cô Ba</h1></section>'
    page.css_content = f'section{{background:url("/media/{seller_key}")}}'
    page.save()
    listing = active_listing(seller, page=page, price=99_000)
    default_storage.delete(seller_key)  # the seller tidies up after the listing went on sale
    order = pending_order(user, listing=listing)
    order = services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="TA1")

    copy = Page.objects.get(pk=order.page_id, owner=user)
    prefix = f"/media/pages/{user.pk}/purchases/{order.order_id}/"
    assert prefix in copy.html_content and seller_key not in copy.html_content
    own_key = copy.html_content.split('src="/media/', 1)[1].split('"', 1)[0]
    with default_storage.open(own_key) as f:
        assert f.read() == b"hero-png-bytes"

    response = auth_client.get(f"/api/orders/{order.pk}/download")
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    images = [n for n in archive.namelist() if n.startswith("assets/")]
    assert len(images) == 1 and archive.read(images[0]) == b"hero-png-bytes"
    assert f'src="{images[0]}"' in archive.read("index.html").decode()
    assert f"../{images[0]}" in archive.read("css/styles.css").decode()


def test_the_zip_carries_the_templates_javascript_and_the_buyers_copy_does_not(auth_client, user):
    seller = UserFactory()
    page = PageFactory(owner=seller, js_content="document.body.dataset.promo = 'on';")
    listing = active_listing(seller, page=page, price=99_000)
    order = pending_order(user, listing=listing)
    order = services.order_deliver(order_id=order.order_id, amount=99_000, transaction_id="TJ1")
    # Publishing the copy must not run a script the buyer never saw, next to their leads.
    assert Page.objects.get(pk=order.page_id).js_content == ""

    response = auth_client.get(f"/api/orders/{order.pk}/download")
    archive = zipfile.ZipFile(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    assert archive.read("js/script.js").decode() == page.js_content
    assert '<script src="js/script.js"></script>' in archive.read("index.html").decode()
