import io

import factory
from PIL import Image

from accounts.tests.factories import UserFactory
from marketplace import services
from marketplace.models import Category, MarketplacePage
from pages.tests.factories import PageFactory


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ["slug"]

    name_vi = factory.Sequence(lambda n: f"Danh mục {n}")
    name_en = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")


def listing_for(
    seller=None,
    *,
    title="Bánh mì landing",
    description="Một trang đẹp cho tiệm bánh mì",
    price=99_000,
    tags=("food",),
    category=None,
    page=None,
):
    seller = seller or UserFactory()
    page = page or PageFactory(owner=seller)
    return services.listing_create(
        seller=seller,
        page_id=page.pk,
        fields=services.ListingFields(
            title=title,
            description=description,
            category=category or CategoryFactory(),
            price=price,
            tags=list(tags),
        ),
    )


def active_listing(seller=None, reviewer=None, **kwargs) -> MarketplacePage:
    listing = listing_for(seller, **kwargs)
    revision = services.listing_submit(listing=listing)
    return services.listing_review(
        listing=listing,
        reviewer=reviewer or UserFactory(role="admin"),
        approve=True,
        revision_number=revision.number,
    )


def png_bytes(size=(800, 500), color=(91, 75, 219), fmt="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()
