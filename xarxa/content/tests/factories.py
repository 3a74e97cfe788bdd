import factory
from django.utils import timezone

from xarxa.accounts.tests.factories import UserFactory
from xarxa.content.models import Comment, Content, Flag, Reaction
from xarxa.core.markdown import render_markdown


class ContentFactory(factory.django.DjangoModelFactory):
    """A published item (kind "debate" unless told); use DebateFactory for a complete debate."""

    class Meta:
        model = Content

    kind = "debate"
    space = None
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"¿Cómo publicar datos abiertos? {n}")
    body = "Buscamos **buenas prácticas**."
    body_html = factory.LazyAttribute(lambda c: render_markdown(c.body))
    language = "es"
    status = Content.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    last_activity_at = factory.LazyFunction(timezone.now)


class CommentFactory(factory.django.DjangoModelFactory):
    """A reply; keeps the item's reply count true."""

    class Meta:
        model = Comment
        skip_postgeneration_save = True

    content = factory.SubFactory(ContentFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Respuesta número {n}.")
    body_html = factory.LazyAttribute(lambda c: render_markdown(c.body))
    root = factory.LazyAttribute(lambda c: (c.parent.root or c.parent) if c.parent else None)
    parent = None

    @factory.post_generation
    def recount(obj, create, extracted, **kwargs):
        if create:
            from xarxa.content.services import recount_comments

            recount_comments(obj.content)


class ReactionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reaction

    user = factory.SubFactory(UserFactory)
    content = factory.SubFactory(ContentFactory)
    kind = Reaction.Kind.LIKE


class FlagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Flag

    reporter = factory.SubFactory(UserFactory)
    content = factory.SubFactory(ContentFactory)
    space = factory.LazyAttribute(lambda f: f.content.space)
    reason = Flag.Reason.SPAM
