import factory
from allauth.account.models import EmailAddress

from accounts.models import User

DEFAULT_PASSWORD = "correct-Horse-battery-9"


class UserFactory(factory.django.DjangoModelFactory):
    """A user whose e-mail address is confirmed (an allauth ``EmailAddress``), as most tests
    need to publish, sell and buy; ``UserFactory(unverified=True)`` for one that is not."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(email_verified=False)

    email = factory.Sequence(lambda n: f"user{n}@example.com")
    name = factory.Faker("name")
    role = User.Role.USER

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or DEFAULT_PASSWORD)
        if create:
            self.save(update_fields=["password"])

    @factory.post_generation
    def email_verified(self, create, extracted, **kwargs):
        if create:
            verified = True if extracted is None else bool(extracted)
            EmailAddress.objects.create(
                user=self, email=self.email, verified=verified, primary=True
            )
