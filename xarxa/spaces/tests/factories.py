import factory

from xarxa.accounts.tests.factories import UserFactory
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation


class SpaceFactory(factory.django.DjangoModelFactory):
    """A group; pass owner=<user> to give it an owner (member_count follows)."""

    class Meta:
        model = Space
        skip_postgeneration_save = True

    kind = Space.Kind.GROUP
    name = factory.Sequence(lambda n: f"Grupo {n}")
    slug = factory.Sequence(lambda n: f"grupo-{n}")
    description = "Un grupo para **compartir** lo que funciona."
    visibility = Space.Visibility.PUBLIC
    join_policy = Space.JoinPolicy.OPEN

    @factory.post_generation
    def owner(obj, create, extracted, **kwargs):
        if create and extracted is not None:
            add_member(obj, extracted, Membership.Role.OWNER)


def add_member(space, user, role=Membership.Role.MEMBER):
    membership = Membership.objects.create(space=space, user=user, role=role)
    space.member_count = Membership.objects.filter(space=space).count()
    Space.objects.filter(pk=space.pk).update(member_count=space.member_count)
    return membership


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    space = factory.SubFactory(SpaceFactory)
    user = factory.SubFactory(UserFactory)
    role = Membership.Role.MEMBER


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    space = factory.SubFactory(SpaceFactory, join_policy=Space.JoinPolicy.REQUEST)
    user = factory.SubFactory(UserFactory)
    message = "Trabajo en contratación pública y me gustaría participar."


class SpaceInvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceInvitation

    space = factory.SubFactory(SpaceFactory)
    invited_by = factory.SubFactory(UserFactory)
    user = factory.SubFactory(UserFactory)
    email = factory.LazyAttribute(lambda i: i.user.email if i.user else "someone@example.org")
