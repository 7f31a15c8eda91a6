"""The first help articles named buttons and pages that do not exist (“Kiểm tra”, “Mẫu của
tôi” → “Đăng mẫu”, “Doanh số”, Page settings → Domain…): they now name the real labels, in
quotes, as the site shows them in each language. An article staff have edited since is kept."""

from django.db import migrations

# slug: (the body as first seeded, the body now)
BODIES = {
    "xuat-ban-trang": (
        "Mở trang trong trình soạn thảo, bấm “Lưu” rồi “Xuất bản”. Trang sẽ có địa chỉ "
        "<slug>.pages.landinghub. Muốn dùng tên miền riêng, vào Cài đặt trang → Tên miền, thêm "
        "bản ghi TXT được hiển thị rồi bấm “Kiểm tra”.",
        "Vào “Trang của tôi”, bấm “Sửa” ở thẻ của trang để mở trình soạn thảo, bấm “Lưu” rồi "
        "“Xuất bản”. Trình soạn thảo hiện địa chỉ của trang ngay khi trang đã lên mạng. Muốn "
        "dùng tên miền riêng, bấm “Cài đặt” → “Tên miền riêng”, thêm bản ghi TXT được hiển thị "
        "vào tên miền của bạn rồi bấm “Xác minh”.",
    ),
    "publish-a-page": (
        "Open the page in the builder, press Save, then Publish. It goes live at "
        "<slug>.pages.landinghub. To use your own domain, open Page settings → Domain, add the "
        "TXT record shown there and press Verify.",
        "In “My pages”, press “Edit” on the page's card to open the builder, then press “Save” "
        "and “Publish”. The builder shows the page's address as soon as it is live. To use your "
        "own domain, press “Settings” → “Custom domain”, add the TXT record shown there to your "
        "domain and press “Verify”.",
    ),
    "thanh-toan-momo-vnpay": (
        "Chọn mẫu trong Chợ mẫu, bấm “Mua” và chọn MoMo hoặc VNPay. Sau khi cổng thanh toán xác "
        "nhận, đơn hàng chuyển sang “Đã giao” và bản sao của mẫu xuất hiện trong “Trang của tôi”. "
        "Nếu đã bị trừ tiền mà đơn vẫn chờ, hãy gửi mã đơn (LH…) cho nhân viên hỗ trợ.",
        "Chọn mẫu trong “Chợ mẫu”, bấm “Mua bằng MoMo hoặc VNPay” và chọn cổng thanh toán. Sau "
        "khi cổng thanh toán xác nhận, đơn hàng chuyển sang “Đã giao” và bản sao của mẫu xuất "
        "hiện trong “Trang của tôi”; đơn hàng nằm trong “Đơn mua của tôi”. Nếu đã bị trừ tiền mà "
        "đơn vẫn chờ, hãy gửi mã đơn (LH…) cho nhân viên hỗ trợ.",
    ),
    "pay-with-momo-vnpay": (
        "Pick a template in the marketplace, press Buy and choose MoMo or VNPay. When the gateway "
        "confirms, the order becomes Delivered and your copy appears in My pages, with a ZIP "
        "download in My orders. If you were charged but the order is still pending, send the "
        "order code (LH…) to a support agent.",
        "Pick a template in the “Marketplace”, press “Buy with MoMo or VNPay” and choose the "
        "gateway. When the gateway confirms, the order becomes “Delivered” and your copy appears "
        "in “My pages”; the order, with its “Download ZIP”, is in “My orders”. If you were "
        "charged but the order is still pending, send the order code (LH…) to a support agent.",
    ),
    "ban-mau-tren-cho": (
        "Vào “Mẫu của tôi” → “Đăng mẫu”, chọn trang, đặt tên, giá và ảnh chụp rồi gửi duyệt. Đội "
        "ngũ sẽ duyệt trong 1–2 ngày. Mỗi lần bán, nền tảng giữ 10% phí, phần còn lại là doanh "
        "thu của bạn, xem trong “Doanh số”.",
        "Vào “Tin đăng của tôi” (menu tài khoản) → “Đăng bán một trang”, chọn trang, đặt tên, mô "
        "tả, danh mục và giá, bấm “Lưu” rồi “Gửi duyệt” (ảnh chụp được tạo từ trang, hoặc bạn tải "
        "ảnh của mình lên). Đội ngũ sẽ duyệt trong 1–2 ngày. Mỗi lần bán, nền tảng giữ 10% phí, "
        "phần còn lại là doanh thu của bạn, xem trong “Doanh số của tôi”.",
    ),
    "sell-templates": (
        "Go to My listings → New listing, choose the page, set a title, price and screenshot and "
        "submit it for review. Staff review listings within 1–2 days. On each sale the platform "
        "keeps a 10% fee; the rest is your revenue, shown in My sales.",
        "Go to “My listings” (the account menu) → “List a page”, choose the page, set a title, "
        "description, category and price, press “Save”, then “Submit for review” (a screenshot "
        "is taken from the page, or upload your own). Staff review listings within 1–2 days. On "
        "each sale the platform keeps a 10% fee; the rest is your revenue, shown in “My sales”.",
    ),
    "khach-hang-tiem-nang": (
        "Mỗi lần khách gửi biểu mẫu trên trang đã xuất bản, một lead được lưu. Vào Trang của tôi "
        "→ chọn trang → Leads để xem hoặc tải CSV.",
        "Mỗi lần khách gửi biểu mẫu trên trang đã xuất bản, một khách hàng tiềm năng (lead) được "
        "lưu. Vào “Trang của tôi”, bấm “Khách hàng tiềm năng” ở thẻ của trang để xem, rồi bấm "
        "“Xuất CSV” để tải về.",
    ),
    "view-leads": (
        "Each time a visitor submits a form on a published page a lead is stored. Open My pages "
        "→ your page → Leads to read them or download a CSV.",
        "Each time a visitor submits a form on a published page a lead is stored. In “My "
        "pages”, press “Leads” on the page's card to read them, then “Export CSV” to download them.",
    ),
}


def relabel(apps, schema_editor):
    HelpArticle = apps.get_model("support", "HelpArticle")
    for slug, (seeded, now) in BODIES.items():
        HelpArticle.objects.filter(slug=slug, body=seeded).update(body=now)


def unlabel(apps, schema_editor):
    HelpArticle = apps.get_model("support", "HelpArticle")
    for slug, (seeded, now) in BODIES.items():
        HelpArticle.objects.filter(slug=slug, body=now).update(body=seeded)


class Migration(migrations.Migration):
    dependencies = [("support", "0005_help_articles_export_zip")]
    operations = [migrations.RunPython(relabel, unlabel)]
