import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password

from xarxa.accounts.models import Profile, User
from xarxa.organisations.models import Organisation
from xarxa.topics.models import Topic

PASSWORD = "correct-horse-battery-9"
_PASSWORD_HASH = None


def password_hash():
    """Hash once per run: Argon2 is slow on purpose."""
    global _PASSWORD_HASH
    if _PASSWORD_HASH is None:
        _PASSWORD_HASH = make_password(PASSWORD)
    return _PASSWORD_HASH


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Topic {n}")
    slug = factory.Sequence(lambda n: f"topic-{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ayuntamiento {n}")
    slug = factory.Sequence(lambda n: f"ayuntamiento-{n}")
    kind = Organisation.Kind.ADMINISTRATION
    level = Organisation.Level.LOCAL
    country = "ES"


class UserFactory(factory.django.DjangoModelFactory):
    """A member with a profile and a verified primary e-mail address."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"member{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.LazyFunction(password_hash)
    is_approved = True

    @factory.post_generation
    def profile(obj, create, extracted, **kwargs):
        if not create:
            return
        defaults = {"full_name": obj.username.title(), "visibility": Profile.Visibility.EVERYONE}
        defaults.update(kwargs)
        Profile.objects.create(user=obj, **defaults)

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, primary=True,
                                        verified=True if extracted is None else extracted)
