"""The steps of the lost-work outage test, run in their own processes (not a test module).

``python -c <...> setup|outage|status``, with the settings and ``DATABASE_URL`` of the test's
worker: ``setup`` makes a verified owner, a page with content and a bot room; ``outage``
does, while Redis is down, what the views do (a chat message to the bot, a lead, a publish),
each committing while its enqueue fails; ``status`` prints as JSON how much of that work
the worker has done.
"""

import json
import sys

import django

django.setup()

from django.db import transaction  # noqa: E402

from accounts.tests.factories import UserFactory  # noqa: E402
from pages import services as pages  # noqa: E402
from pages.models import Lead, Page  # noqa: E402
from pages.tests.factories import PageFactory  # noqa: E402
from support import services as support  # noqa: E402
from support.models import ChatMessage, ChatRoom  # noqa: E402


def setup() -> None:
    owner = UserFactory(email="chu-trang@example.com")
    PageFactory(owner=owner, slug="mat-redis", notify_leads_by_email=True)
    support.room_open(user=owner, subject="Xuất bản")


def outage() -> None:
    page = Page.objects.get(slug="mat-redis")
    room = ChatRoom.objects.get(user=page.owner)
    with transaction.atomic():
        support.message_send(actor=page.owner, room_id=room.pk, text="Làm sao để xuất bản?")
    with transaction.atomic():
        pages.page_publish(page=page)
    pages.lead_create(
        page_id=page.pk, fields={"name": ["Lan"], "email": ["lan@example.com"]},
        ip_address="203.0.113.5",
    )  # fmt: skip


def status() -> None:
    page = Page.objects.get(slug="mat-redis")
    print(json.dumps({
        "user_messages": ChatMessage.objects.filter(sender_type="user").count(),
        "bot_replies": ChatMessage.objects.filter(client_id__startswith="bot:").count(),
        "deploy_status": page.deploy_status,
        "deployed": page.deployed,
        "leads": Lead.objects.filter(page=page).count(),
        "leads_pending_email": Lead.objects.filter(page=page, email_pending=True).count(),
    }))  # fmt: skip


if __name__ == "__main__":
    {"setup": setup, "outage": outage, "status": status}[sys.argv[1]]()
