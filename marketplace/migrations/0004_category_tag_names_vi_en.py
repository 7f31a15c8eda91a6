"""Categories and tags get Vietnamese and English names; listings' search text gains them.

The old ``Category.name`` was English: it becomes ``name_en``, and the seeded categories get
their Vietnamese names (any other category starts with its English name in both).
"""

from django.db import migrations, models

from marketplace.search import fold

CATEGORIES = [  # as migration 0002 seeded them: (slug, English name)
    ("food-drink", "Food & drink"),
    ("real-estate", "Real estate"),
    ("education", "Education & courses"),
    ("beauty-spa", "Beauty & spa"),
    ("events", "Events"),
    ("apps-tech", "Apps & tech"),
    ("services", "Professional services"),
    ("ecommerce", "Online shop"),
]

CATEGORY_NAMES_VI = {
    "food-drink": "Ăn uống",
    "real-estate": "Bất động sản",
    "education": "Giáo dục & khóa học",
    "beauty-spa": "Làm đẹp & spa",
    "events": "Sự kiện",
    "apps-tech": "Ứng dụng & công nghệ",
    "services": "Dịch vụ chuyên nghiệp",
    "ecommerce": "Cửa hàng trực tuyến",
}

# The demo's tags, named in both languages: (vietnamese, english).
TAG_NAMES = {
    "banh mi": ("bánh mì", "bakery"),
    "bakery": ("tiệm bánh", "bakery"),
    "cafe": ("cà phê", "cafe"),
    "coffee": ("cà phê", "coffee"),
    "restaurant": ("nhà hàng", "restaurant"),
    "nha hang": ("nhà hàng", "restaurant"),
    "menu": ("thực đơn", "menu"),
    "su kien": ("sự kiện", "event"),
    "hoi thao": ("hội thảo", "workshop"),
    "mobile": ("di động", "mobile"),
    "tu van": ("tư vấn", "consulting"),
    "b2b": ("b2b", "b2b"),
    "food": ("ăn uống", "food"),
    "spa": ("spa", "spa"),
    "beauty": ("làm đẹp", "beauty"),
    "real estate": ("bất động sản", "real estate"),
    "apartment": ("căn hộ", "apartment"),
    "course": ("khóa học", "course"),
    "education": ("giáo dục", "education"),
    "english": ("tiếng anh", "english"),
    "event": ("sự kiện", "event"),
    "wedding": ("đám cưới", "wedding"),
    "app": ("ứng dụng", "app"),
    "shop": ("cửa hàng", "shop"),
    "fashion": ("thời trang", "fashion"),
}


def create_categories(apps, schema_editor):
    """The seeded categories as this migration leaves them (for tests that flushed them)."""
    Category = apps.get_model("marketplace", "Category")
    for position, (slug, name) in enumerate(CATEGORIES):
        Category.objects.get_or_create(
            slug=slug,
            defaults={"name_en": name, "name_vi": CATEGORY_NAMES_VI[slug], "position": position},
        )


def names_forward(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    for category in Category.objects.all():
        category.name_en = category.name
        category.name_vi = CATEGORY_NAMES_VI.get(category.slug, category.name)
        category.save(update_fields=["name_en", "name_vi"])
    Tag = apps.get_model("marketplace", "Tag")
    for tag in Tag.objects.filter(name__in=list(TAG_NAMES)):
        tag.name_vi, tag.name_en = TAG_NAMES[tag.name]
        tag.save(update_fields=["name_vi", "name_en"])


def names_backward(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    Category.objects.update(name=models.F("name_en"))


def search_text_forward(apps, schema_editor):
    MarketplacePage = apps.get_model("marketplace", "MarketplacePage")
    for listing in MarketplacePage.objects.select_related("category").prefetch_related("tags"):
        words = [listing.category.name_vi, listing.category.name_en]
        for tag in listing.tags.all():
            words += [tag.name, tag.name_vi, tag.name_en]
        text = fold(" ".join([listing.title, listing.description, *(w for w in words if w)]))
        MarketplacePage.objects.filter(pk=listing.pk).update(search_text=text)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0003_search_vector_column")]

    operations = [
        migrations.AddField(
            model_name="category",
            name="name_en",
            field=models.CharField(max_length=80, null=True, verbose_name="English name"),
        ),
        migrations.AddField(
            model_name="category",
            name="name_vi",
            field=models.CharField(max_length=80, null=True, verbose_name="Vietnamese name"),
        ),
        migrations.AddField(
            model_name="tag",
            name="name_en",
            field=models.CharField(
                blank=True, default="", max_length=40, verbose_name="English name"
            ),
        ),
        migrations.AddField(
            model_name="tag",
            name="name_vi",
            field=models.CharField(
                blank=True, default="", max_length=40, verbose_name="Vietnamese name"
            ),
        ),
        # Reversible: on the way back ``name`` returns empty and names_backward fills it
        # before it is unique again.
        migrations.AlterField(
            model_name="category",
            name="name",
            field=models.CharField(max_length=80, null=True),
        ),
        migrations.RunPython(names_forward, names_backward),
        migrations.AlterField(
            model_name="category",
            name="name_en",
            field=models.CharField(max_length=80, unique=True, verbose_name="English name"),
        ),
        migrations.AlterField(
            model_name="category",
            name="name_vi",
            field=models.CharField(max_length=80, unique=True, verbose_name="Vietnamese name"),
        ),
        migrations.AlterModelOptions(
            name="category",
            options={"ordering": ["position", "slug"], "verbose_name_plural": "categories"},
        ),
        migrations.RemoveField(model_name="category", name="name"),
        migrations.RunPython(search_text_forward, migrations.RunPython.noop),
    ]
