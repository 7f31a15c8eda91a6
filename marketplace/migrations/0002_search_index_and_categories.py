from django.db import migrations

CATEGORIES = [
    ("food-drink", "Food & drink"),
    ("real-estate", "Real estate"),
    ("education", "Education & courses"),
    ("beauty-spa", "Beauty & spa"),
    ("events", "Events"),
    ("apps-tech", "Apps & tech"),
    ("services", "Professional services"),
    ("ecommerce", "Online shop"),
]

# Matches what SearchVector("search_text", config="simple") compiles to, so the planner uses it.
SEARCH_INDEX = (
    "CREATE INDEX IF NOT EXISTS mkt_search_gin ON marketplace_marketplacepage "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(search_text, '')))"
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS mkt_search_gin")


def create_categories(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "position": position})


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
        migrations.RunPython(create_categories, migrations.RunPython.noop),
    ]
