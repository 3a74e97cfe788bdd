"""A member with a full life on the network, and the people around them, built through the services
where a service exists (so every side table a real member leaves behind is filled)."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from xarxa.accounts.models import Invitation, Profile, User
from xarxa.accounts.tests.factories import OrganisationFactory, UserFactory
from xarxa.content import services as content_services
from xarxa.content.models import Attachment, Content
from xarxa.content.tests.factories import CommentFactory, ContentFactory
from xarxa.debates.tests.factories import DebateFactory
from xarxa.events.tests.factories import EventFactory, RsvpFactory
from xarxa.follows.models import Follow
from xarxa.library.models import Collection, CollectionItem
from xarxa.library.tests.factories import ResourceFactory, ReviewFactory
from xarxa.messaging import services as messaging
from xarxa.notifications.models import DigestSubscription, Preference
from xarxa.search import services as search
from xarxa.spaces.models import Space, SpaceInvitation
from xarxa.spaces.tests.factories import SpaceFactory, add_member

FULL_NAME = "Valentina Quirogamendi"
USERNAME = "vquirogamendi"
EMAIL = "valentina.quirogamendi@ayto-example.org"
SECOND_EMAIL = "vq.personal@mail-example.org"
PHONE = "+34 600 123 987"


@dataclass
class World:
    member: User
    friend: User
    stranger: User
    own_debate: Content
    friends_debate: Content
    secret_debate: Content


def member_with_a_life() -> World:
    member = UserFactory(username=USERNAME, email=EMAIL, profile__full_name=FULL_NAME)
    EmailAddress.objects.create(user=member, email=SECOND_EMAIL, verified=True, primary=False)
    profile = member.profile
    profile.phone = PHONE
    profile.position = "Jefa de servicio de innovación"
    profile.organisation = OrganisationFactory(name="Ayuntamiento de Villaprueba")
    profile.photo.save("portrait.png", ContentFile(b"\x89PNG portrait bytes"), save=False)
    profile.save()
    search.index_member(profile)
    friend = UserFactory(username="bruno", profile__full_name="Bruno Alves")
    stranger = UserFactory(username="carla", profile__full_name="Carla Ruiz")

    group = SpaceFactory(name="Datos abiertos", owner=friend)
    add_member(group, member)
    secret = SpaceFactory(name="Fusiones", visibility=Space.Visibility.SECRET, owner=stranger)
    secret_debate = ContentFactory(author=stranger, space=secret, title="Plan secreto de fusión",
                                   body="Nadie fuera del grupo debe leer esto.")
    own_debate = DebateFactory(content__author=member, content__space=group, content__title="Portal de datos municipal",
                               content__body="Publicamos los contratos cada semana.").content
    Attachment.objects.create(content=own_debate, file=ContentFile(b"quarterly figures", name="figures.csv"),
                              name="figures.csv", size=17, mime_type="text/csv", uploaded_by=member)
    friends_debate = DebateFactory(content__author=friend, content__space=group,
                                   content__title="Licencias abiertas").content
    reply = CommentFactory(content=friends_debate, author=member, body="Usamos CC BY en todo.")
    CommentFactory(content=friends_debate, author=friend, parent=reply, body="Nosotros también.")
    CommentFactory(content=friends_debate, author=member, body="Otra idea sin respuesta.")
    content_services.toggle_reaction(member, "like", content=friends_debate)
    for item in (own_debate, friends_debate):
        search.index_content(item)

    conversation = messaging.start_conversation(member, [friend.username], "¿Hablamos el lunes del portal?")
    messaging.send_message(friend, conversation, "Sí, el lunes a las diez.")
    messaging.start_conversation(stranger, [friend.username], "Confidencial: la fusión se anuncia en marzo.")

    event = EventFactory(content__author=friend, content__space=group, content__title="Encuentro de datos")
    RsvpFactory(event=event, user=member)
    resource = ResourceFactory(content__author=friend)
    ReviewFactory(resource=resource, author=member, rating=5, text="Muy útil para nuestro ayuntamiento.")
    collection = Collection.objects.create(owner=member, title="Para el pleno", description="Ideas")
    CollectionItem.objects.create(collection=collection, resource=resource)
    Follow.objects.create(follower=member, user=friend)
    Follow.objects.create(follower=friend, user=member)
    Preference.objects.create(user=member, kind="message", channel="email")
    DigestSubscription.objects.create(user=member, frequency="daily")

    SpaceInvitation.objects.create(space=group, invited_by=friend, user=None, email=SECOND_EMAIL)
    Invitation.objects.create(created_by=friend, email=SECOND_EMAIL)
    LogEntry.objects.create(user=stranger, content_type=ContentType.objects.get_for_model(Profile),
                            object_id=str(member.pk), object_repr=str(profile), action_flag=CHANGE,
                            change_message=f"Changed position of {FULL_NAME}.")
    return World(member=member, friend=friend, stranger=stranger, own_debate=own_debate,
                 friends_debate=friends_debate, secret_debate=secret_debate)
