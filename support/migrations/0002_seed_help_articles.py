"""A few help articles so the offline bot can answer on first run (staff edit them in the admin)."""

from django.db import migrations

ARTICLES = [
    (
        "xuat-ban-trang",
        "vi",
        "Cách xuất bản trang đích",
        "xuất bản publish đăng tên miền domain subdomain",
        "Mở trang trong trình soạn thảo, bấm “Lưu” rồi “Xuất bản”. Trang sẽ có địa chỉ "
        "<slug>.pages.landinghub. Muốn dùng tên miền riêng, vào Cài đặt trang → Tên miền, thêm "
        "bản ghi TXT được hiển thị rồi bấm “Kiểm tra”.",
    ),
    (
        "publish-a-page",
        "en",
        "How to publish a landing page",
        "publish deploy domain subdomain custom url live",
        "Open the page in the builder, press Save, then Publish. It goes live at "
        "<slug>.pages.landinghub. To use your own domain, open Page settings → Domain, add the "
        "TXT record shown there and press Verify.",
    ),
    (
        "thanh-toan-momo-vnpay",
        "vi",
        "Thanh toán bằng MoMo hoặc VNPay",
        "thanh toán mua momo vnpay đơn hàng lỗi tiền hoàn",
        "Chọn mẫu trong Chợ mẫu, bấm “Mua” và chọn MoMo hoặc VNPay. Sau khi cổng thanh toán xác "
        "nhận, đơn hàng chuyển sang “Đã giao” và bản sao của mẫu xuất hiện trong “Trang của tôi”. "
        "Nếu đã bị trừ tiền mà đơn vẫn chờ, hãy gửi mã đơn (LH…) cho nhân viên hỗ trợ.",
    ),
    (
        "pay-with-momo-vnpay",
        "en",
        "Paying with MoMo or VNPay",
        "payment pay buy purchase momo vnpay order refund charged",
        "Pick a template in the marketplace, press Buy and choose MoMo or VNPay. When the gateway "
        "confirms, the order becomes Delivered and your copy appears in My pages, with a ZIP "
        "download in My orders. If you were charged but the order is still pending, send the "
        "order code (LH…) to a support agent.",
    ),
    (
        "ban-mau-tren-cho",
        "vi",
        "Bán trang của bạn trên Chợ mẫu",
        "bán mẫu chợ marketplace duyệt doanh thu phí",
        "Vào “Mẫu của tôi” → “Đăng mẫu”, chọn trang, đặt tên, giá và ảnh chụp rồi gửi duyệt. Đội "
        "ngũ sẽ duyệt trong 1–2 ngày. Mỗi lần bán, nền tảng giữ 10% phí, phần còn lại là doanh "
        "thu của bạn, xem trong “Doanh số”.",
    ),
    (
        "sell-templates",
        "en",
        "Selling your page as a template",
        "sell template marketplace listing review revenue fee",
        "Go to My listings → New listing, choose the page, set a title, price and screenshot and "
        "submit it for review. Staff review listings within 1–2 days. On each sale the platform "
        "keeps a 10% fee; the rest is your revenue, shown in My sales.",
    ),
    (
        "khach-hang-tiem-nang",
        "vi",
        "Xem khách hàng tiềm năng (leads) từ biểu mẫu",
        "lead khách hàng biểu mẫu form csv xuất",
        "Mỗi lần khách gửi biểu mẫu trên trang đã xuất bản, một lead được lưu. Vào Trang của tôi "
        "→ chọn trang → Leads để xem hoặc tải CSV.",
    ),
    (
        "view-leads",
        "en",
        "Seeing the leads from your forms",
        "leads form submissions csv export contacts",
        "Each time a visitor submits a form on a published page a lead is stored. Open My pages "
        "→ your page → Leads to read them or download a CSV.",
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
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
