"""Help articles about downloading a page as a ZIP, in both languages (the bot answered the
question with the publishing article because there was none)."""

from django.db import migrations

ARTICLES = [
    (
        "tai-trang-zip",
        "vi",
        "Tải trang về dưới dạng tệp ZIP",
        "tải xuống tải về xuất zip tệp html export download sao lưu lưu trữ",
        "Vào “Trang của tôi”, ở thẻ của trang bấm “Tải ZIP” (hoặc bấm “Tải ZIP” trong trình soạn "
        "thảo). Tệp ZIP gồm index.html, styles.css, script và thư mục images/ với ảnh bạn đã tải "
        "lên: mở index.html trong trình duyệt hoặc đưa lên máy chủ web bất kỳ. Mẫu đã mua: vào "
        "“Đơn mua của tôi” (menu tài khoản), mở đơn hàng rồi bấm “Tải ZIP”.",
    ),
    (
        "export-page-zip",
        "en",
        "Downloading your page as a ZIP",
        "export download zip archive html files backup offline host",
        "In “My pages”, press “Download ZIP” on the page's card (or “Download ZIP” in the "
        "builder). The ZIP holds index.html, styles.css, your script and an images/ folder with "
        "the images you uploaded: open index.html in a browser or put the files on any web host. "
        "A template you bought: open the order in “My orders” (the account menu) and press "
        "“Download ZIP”.",
    ),
]


def seed(apps, schema_editor):
    HelpArticle = apps.get_model("support", "HelpArticle")
    for slug, language, title, keywords, body in ARTICLES:
        HelpArticle.objects.get_or_create(
            slug=slug,
            defaults={"language": language, "title": title, "keywords": keywords, "body": body},
        )


def unseed(apps, schema_editor):
    apps.get_model("support", "HelpArticle").objects.filter(
        slug__in=[a[0] for a in ARTICLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("support", "0004_verbose_names")]
    operations = [migrations.RunPython(seed, unseed)]
