"""The newest items of a group, for its home page. Spaces sits below content and may not read it: content
hands spaces this function in ContentConfig.ready() (spaces.tools.register_stream)."""

from django.db.models import Prefetch

from xarxa.content.models import Content
from xarxa.content.services import pick_version, reader_language

STREAM_LENGTH = 10


def space_stream(request, space, limit=STREAM_LENGTH):
    """The newest items of the space the reader may see, each in the reader's language when there is a version."""
    language = reader_language(request.LANGUAGE_CODE)
    visible = Content.objects.visible_to(request.user)
    items = list(
        visible.originals().filter(space=space).for_lists()
        .prefetch_related(Prefetch("translations", queryset=visible.only("pk", "original_id", "language", "title")))
        .order_by("-is_pinned", "-last_activity_at", "-pk")[:limit]
    )
    for item in items:
        item.shown = pick_version([item, *item.translations.all()], language)
    return items
