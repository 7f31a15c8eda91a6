"""E-mail verification arrives (issue 12): every account that exists already gets its login
address as a *verified* allauth ``EmailAddress``. They were created before verification
existed, and some have published, sold and bought; locking them out of that would break
working shops. New sign-ups start unverified (docs/accounts.md)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    have = set(EmailAddress.objects.values_list("user_id", flat=True))
    rows = [
        EmailAddress(user_id=pk, email=email, verified=True, primary=True)
        for pk, email in User.objects.values_list("pk", "email").iterator()
        if pk not in have
    ]
    EmailAddress.objects.bulk_create(rows, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_verbose_names"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
