import factory

from accounts.tests.factories import UserFactory
from support.models import ChatRoom, HelpArticle


class ChatRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ChatRoom

    user = factory.SubFactory(UserFactory)
    subject = "Help"


class HelpArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HelpArticle

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    body = "Body."
