import factory

from xarxa.blogs.models import Post
from xarxa.content.tests.factories import ContentFactory


class PostFactory(factory.django.DjangoModelFactory):
    """A published post on its author's blog: PostFactory(content__space=group) for a group's blog."""

    class Meta:
        model = Post

    content = factory.SubFactory(ContentFactory, kind="post")
    excerpt = "Un resumen del artículo."
