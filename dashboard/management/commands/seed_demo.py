"""Demo data for the embedded default: an admin and a demo user whose logins it prints.

Idempotent: running it again keeps existing accounts and prints the same logins (kept in the
git-ignored ``.demo-credentials`` file). The activity that makes the dashboards and the home
page look alive (pages, views, leads, listings, orders) comes from ``dashboard.demo``.
"""

import json
import secrets
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import User
from accounts.services import email_mark_verified
from dashboard.demo import demo_activity_create

CREDENTIALS_FILE = Path(settings.BASE_DIR) / ".demo-credentials"
DEMO_ACCOUNTS = [
    ("admin@landinghub.local", "Quản trị viên", User.Role.ADMIN),
    ("demo@landinghub.local", "Nguyễn Văn Demo", User.Role.USER),
]


def _load_passwords() -> dict[str, str]:
    if CREDENTIALS_FILE.exists():
        return json.loads(CREDENTIALS_FILE.read_text())
    return {}


class Command(BaseCommand):
    help = "Create the demo admin and user (and other apps' demo data) and print the logins."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        passwords = _load_passwords()
        accounts = {}
        for email, name, role in DEMO_ACCOUNTS:
            user = User.objects.filter(email__iexact=email).first()
            if user is None or email not in passwords:
                passwords[email] = secrets.token_urlsafe(12)
                if user is None:
                    user = User(email=email, name=name, role=role)
                user.is_superuser = role == User.Role.ADMIN
                user.set_password(passwords[email])
                user.save()
            email_mark_verified(user=user)  # the demo logins publish, sell and buy at once
            accounts[role] = user
        if demo_activity_create(admin=accounts[User.Role.ADMIN], user=accounts[User.Role.USER]):
            self.stdout.write("Demo pages, leads, listings and orders created.")
        CREDENTIALS_FILE.write_text(json.dumps(passwords, indent=2))
        CREDENTIALS_FILE.chmod(0o600)
        self.stdout.write(self.style.SUCCESS("Demo logins (also in .demo-credentials):"))
        for email, _name, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<5}  {email}  /  {passwords[email]}")
