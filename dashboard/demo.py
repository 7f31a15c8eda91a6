"""Demo activity for the embedded default, so a first run looks alive: the demo user's published
pages with 30 days of views and leads, active listings with screenshots from two sellers, and
delivered orders both ways, and support conversations (one the bot answered, one waiting for
a person, one an admin resolved). Called by ``accounts``' ``seed_demo`` command; it composes every
app's services, which is why it lives in the project package (see ``dashboard``).

Idempotent: it does nothing once the demo user owns a page. Deterministic (a fixed seed).
"""

import random
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import User
from accounts.services import email_mark_verified
from marketplace import services as marketplace_services
from marketplace import tasks as marketplace_tasks
from marketplace.models import Category, MarketplacePage, Tag
from marketplace.placeholders import placeholder_png
from orders import services as order_services
from orders.models import Order
from pages.models import Lead, Page, PageViewDaily
from pages.publishing.publish import page_version_publish
from pages.services import page_create

DAYS = 30
NAMES = [
    "Nguyễn Thị Lan", "Trần Văn Minh", "Lê Hoàng Anh", "Phạm Thu Hà", "Võ Quốc Bảo",
    "Đặng Mỹ Linh", "Bùi Đức Thắng", "Hoàng Ngọc Mai", "Huỳnh Gia Huy", "Phan Khánh Vy",
]  # fmt: skip
# The bánh mì shop starts from the restaurant starter (its look) with its own content: the
# starter itself is a phở restaurant, the seller's "Nhà hàng sang trọng" listing.
OWN_CONTENT = {"Bánh mì Cô Ba — đặt hàng online": "banh-mi.html"}
DEMO_PAGES = [
    ("Bánh mì Cô Ba — đặt hàng online", "restaurant", True),
    ("Hội thảo Bán hàng Online 2026", "event", True),
    ("Ra mắt ứng dụng Sổ Thu Chi", "product-launch", True),
    ("Tư vấn thuế cho hộ kinh doanh", "consulting", False),
]
SELLER_LISTINGS = [
    ("Nhà hàng sang trọng", "restaurant", "food-drink", 199_000, ["nhà hàng", "thực đơn"]),
    ("Sự kiện & hội thảo", "event", "events", 149_000, ["sự kiện", "hội thảo"]),
    ("Ứng dụng di động", "app-download", "apps-tech", 0, ["ứng dụng", "di động"]),
    ("Văn phòng tư vấn", "consulting", "services", 299_000, ["tư vấn", "b2b"]),
]
# The demo's tags in both languages (tag: Vietnamese, English), so that a buyer finds the
# listings in either: "restaurant" as "nhà hàng".
TAG_NAMES = {
    "nhà hàng": ("nhà hàng", "restaurant"),
    "thực đơn": ("thực đơn", "menu"),
    "sự kiện": ("sự kiện", "event"),
    "hội thảo": ("hội thảo", "workshop"),
    "ứng dụng": ("ứng dụng", "app"),
    "di động": ("di động", "mobile"),
    "tư vấn": ("tư vấn", "consulting"),
    "b2b": ("b2b", "b2b"),
    "bánh mì": ("bánh mì", "bakery"),
}


def _screenshot(listing, revision, accent: str) -> None:
    """A real screenshot of the template, taken by headless Chromium (when screenshots are on and
    there is a Chromium); else a drawn placeholder, in a font with the Vietnamese glyphs."""
    chromium = settings.MARKETPLACE_AUTO_SCREENSHOTS and Path(settings.CHROMIUM_PATH).exists()
    if chromium and marketplace_tasks.listing_screenshot_generate_task(revision.pk) == "generated":
        return
    marketplace_services.screenshot_add(
        listing=listing, data=placeholder_png(title=listing.title, accent=accent)
    )


def _at(day_offset: int, rng: random.Random) -> datetime:
    day = timezone.localdate() - timedelta(days=day_offset)
    moment = time(hour=rng.randint(8, 21), minute=rng.randint(0, 59))
    return min(timezone.make_aware(datetime.combine(day, moment)), timezone.now())


def _lead_data(rng: random.Random) -> dict[str, str]:
    name = rng.choice(NAMES)
    email = f"{name.split()[-1].lower()}{rng.randint(1, 999)}@example.vn"
    return {"name": name, "email": email, "phone": f"09{rng.randint(10**7, 10**8 - 1)}"}


def _traffic(page: Page, rng: random.Random, base: int) -> None:
    today = timezone.localdate()
    rows, leads = [], []
    for back in range(DAYS):
        views = max(0, int(base * (1 + (DAYS - back) / DAYS) + rng.randint(-base // 3, base // 3)))
        rows.append(PageViewDaily(page=page, date=today - timedelta(days=back), views=views))
        for _ in range(sum(rng.random() < 0.06 for _ in range(views))):  # ~6 % convert
            leads.append((back, _lead_data(rng)))
    PageViewDaily.objects.bulk_create(rows)
    Page.objects.filter(pk=page.pk).update(views=sum(r.views for r in rows))
    created = Lead.objects.bulk_create(
        [Lead(page=page, data=data, ip_address="203.0.113.10") for _, data in leads]
    )
    for lead, (back, _) in zip(created, leads, strict=True):
        Lead.objects.filter(pk=lead.pk).update(created_at=_at(back, rng))


def _active_listing(seller: User, admin: User, page: Page, spec: tuple, accent: str) -> object:
    title, _starter, category, price, tags = spec
    listing = marketplace_services.listing_create(
        seller=seller,
        page_id=page.pk,
        fields=marketplace_services.ListingFields(
            title=title,
            description=f"Mẫu trang “{title}” sẵn sàng chỉnh sửa, tối ưu cho điện thoại.",
            category=Category.objects.get(slug=category),
            price=price,
            tags=tags,
        ),
    )
    revision = marketplace_services.listing_submit(listing=listing)
    _screenshot(listing, revision, accent)
    return marketplace_services.listing_review(
        listing=listing, reviewer=admin, approve=True, revision_number=revision.number
    )


def _sell(listing, buyer: User, days_ago: int, rng: random.Random) -> None:
    order, _ = order_services.order_create(
        buyer=buyer, listing_id=listing.pk, payment_method="momo"
    )
    if order.status != Order.Status.DELIVERED:
        order_services.order_deliver(
            order_id=order.order_id, amount=order.amount, transaction_id=f"DEMO-{order.order_id}"
        )
    when = _at(days_ago, rng)
    # Past sales: their receipt and sale notice count as sent (none printed at seed time).
    Order.objects.filter(pk=order.pk).update(
        created_at=when, delivered_at=when, receipt_emailed_at=when, sale_emailed_at=when
    )


@transaction.atomic
def demo_activity_create(*, admin: User, user: User) -> bool:
    """Returns False when the demo user already has pages (nothing is changed)."""
    if Page.objects.filter(owner=user).exists():
        return False
    rng = random.Random(2026)
    User.objects.filter(pk=user.pk).update(subscription=User.Subscription.PRO)
    mine = []
    for i, (title, starter, publish) in enumerate(DEMO_PAGES):
        content = {}
        if title in OWN_CONTENT:
            html = (Path(__file__).parent / "demo_pages" / OWN_CONTENT[title]).read_text("utf-8")
            content = {"html_content": html}
        page = page_create(owner=user, title=title, template=starter, **content)
        if publish:
            page_version_publish(page_id=page.pk)
            _traffic(page, rng, base=[60, 35, 20][i])
        mine.append(page)
    seller, _ = User.objects.get_or_create(
        email="seller@landinghub.local", defaults={"name": "Trần Thị Bán"}
    )
    email_mark_verified(user=seller)  # the demo's accounts sell and buy: confirmed addresses
    for name, (name_vi, name_en) in TAG_NAMES.items():
        Tag.objects.update_or_create(name=name, defaults={"name_vi": name_vi, "name_en": name_en})
    colors = ["#c2255c", "#e8590c", "#0ca678", "#1c7ed6"]
    listings = []
    for spec, accent in zip(SELLER_LISTINGS, colors, strict=True):
        page = page_create(owner=seller, title=spec[0], template=spec[1])
        listings.append(_active_listing(seller, admin, page, spec, accent))
    own = _active_listing(
        user, admin, mine[0], ("Tiệm bánh mì", "restaurant", "food-drink", 99_000, ["bánh mì"]),
        "#5b4bdb",
    )  # fmt: skip
    _sell(listings[0], user, 12, rng)
    for n in range(5):
        buyer, _ = User.objects.get_or_create(
            email=f"buyer{n + 1}@landinghub.local", defaults={"name": NAMES[n]}
        )
        email_mark_verified(user=buyer)
        _sell(own, buyer, rng.randint(0, DAYS - 1), rng)
        if n < 3:
            _sell(listings[n + 1], buyer, rng.randint(0, DAYS - 1), rng)
    _listing_views([*listings, own], rng)
    with translation.override("vi"):  # the system notes are stored in the site's language
        _support_conversations(admin=admin, user=user)
    return True


def _listing_views(listings: list, rng: random.Random) -> None:
    """Views to go with the sales: a listing seen by a few dozen people per buyer."""
    for listing in listings:
        listing.refresh_from_db(fields=["sold_count"])
        views = listing.sold_count * rng.randint(25, 60) + rng.randint(40, 160)
        MarketplacePage.objects.filter(pk=listing.pk).update(views=views)


def _support_conversations(*, admin: User, user: User) -> None:
    """A few conversations in every state: answered by the bot, waiting for a person, and
    answered and resolved by the admin, so both sides of the chat have something to show."""
    from support import services as support

    bot_only = User.objects.get(email="buyer1@landinghub.local")
    room = support.room_open(user=bot_only, subject="Tên miền riêng", context={"page": "/pages/"})
    support.message_send(
        actor=bot_only, room_id=room.pk, text="Làm sao để gắn tên miền riêng cho trang?"
    )

    waiting = User.objects.get(email="buyer2@landinghub.local")
    room = support.room_open(user=waiting, subject="Thanh toán MoMo", context={"page": "/orders/"})
    support.message_send(
        actor=waiting, room_id=room.pk, text="Tôi đã thanh toán MoMo nhưng chưa thấy mẫu."
    )
    support.room_request_admin(actor=waiting, room_id=room.pk)

    room = support.room_open(user=user, subject="Xuất bản trang", context={"page": "/pages/"})
    support.message_send(
        actor=user, room_id=room.pk, text="Tôi có thể xuất bản nhiều hơn 3 trang không?"
    )
    support.room_request_admin(actor=user, room_id=room.pk)
    support.message_send(
        actor=admin,
        room_id=room.pk,
        text="Được ạ: gói Pro của bạn cho phép 25 trang đã xuất bản. Bạn cần hỗ trợ gì thêm không?",
    )
    support.room_resolve(actor=admin, room_id=room.pk)
