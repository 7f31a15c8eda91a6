import factory

from accounts.tests.factories import UserFactory
from pages.models import Lead, Page

HTML = (
    '<section class="hero"><h1>Bánh mì Cô Ba</h1><p>Giao hàng tận nơi</p>'
    '<form class="lh-form"><input type="text" name="name"><input type="email" name="email">'
    '<button type="submit">Gửi</button></form></section>'
)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    owner = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Trang {n}")
    slug = factory.Sequence(lambda n: f"trang-{n}")
    html_content = HTML
    css_content = ".hero{padding:40px;color:#5b4bdb}"
    project_data = factory.LazyFunction(lambda: {"pages": [{"component": HTML}]})


class LeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lead

    page = factory.SubFactory(PageFactory)
    data = factory.LazyFunction(lambda: {"name": "Lan", "email": "lan@example.com"})
    ip_address = "203.0.113.5"
