"""The data migration: existing categories get their Vietnamese names (the old name was the
English one), the demo's tags theirs, and every listing is found by them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("marketplace", "0003_search_vector_column")]
AFTER = [("marketplace", "0004_category_tag_names_vi_en")]


def _latest():
    """Every app's newest migration: where the rest of the suite expects the schema to be."""
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_categories_tags_and_search_text_get_both_languages():
    old = _migrate(BEFORE)
    Category = old.get_model("marketplace", "Category")
    Tag = old.get_model("marketplace", "Tag")
    User = old.get_model("accounts", "User")
    Listing = old.get_model("marketplace", "MarketplacePage")
    Category.objects.create(slug="yoga", name="Yoga studios", position=9)
    seller = User.objects.create(email="old@example.com", name="Old")
    listing = Listing.objects.create(
        seller=seller,
        title="Tiệm bánh mì",
        # An earlier transactional test may have flushed the categories migration 0002 made.
        category=Category.objects.get_or_create(
            slug="food-drink", defaults={"name": "Food & drink", "position": 1}
        )[0],
        price=99_000,
        status="ACTIVE",
        search_text="tiem banh mi",
    )
    listing.tags.add(Tag.objects.create(name="nha hang"))
    try:
        new = _migrate(AFTER)
        Category = new.get_model("marketplace", "Category")
        food = Category.objects.get(slug="food-drink")
        assert (food.name_vi, food.name_en) == ("Ăn uống", "Food & drink")
        yoga = Category.objects.get(slug="yoga")
        assert (yoga.name_vi, yoga.name_en) == ("Yoga studios", "Yoga studios")
        tag = new.get_model("marketplace", "Tag").objects.get(name="nha hang")
        assert (tag.name_vi, tag.name_en) == ("nhà hàng", "restaurant")
        text = new.get_model("marketplace", "MarketplacePage").objects.get().search_text
        for word in ("tiem banh mi", "an uong", "food", "drink", "nha hang", "restaurant"):
            assert word in text, word
        # And back: the old names return.
        old = _migrate(BEFORE)
        assert old.get_model("marketplace", "Category").objects.get(slug="yoga").name == (
            "Yoga studios"
        )
    finally:
        new = _migrate(_latest())
        new.get_model("marketplace", "MarketplacePage").objects.all().delete()
        new.get_model("marketplace", "Category").objects.filter(slug="yoga").delete()
