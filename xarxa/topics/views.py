from datetime import UTC, datetime, timedelta

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from xarxa.accounts.models import Profile
from xarxa.content import kinds as content_kinds
from xarxa.content.models import Content
from xarxa.core.pagination import paginate
from xarxa.follows.services import is_following
from xarxa.spaces.models import Space
from xarxa.topics.models import Topic

CONTENT_PER_PAGE = 20
GROUPS_SHOWN = 8
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def topic_list(request):
    topics = Topic.objects.annotate(expert_count=Count("experts", distinct=True)).order_by("-expert_count", "name")
    return render(request, "topics/list.html", {"page": paginate(request, topics, per_page=60)})


def cursor_for(item) -> str:
    """Where the next (older) page starts: "<microseconds since 1970>-<id>", exact and URL-safe."""
    return f"{(item.published_at - EPOCH) // timedelta(microseconds=1)}-{item.pk}"


def parse_cursor(raw):
    """(published_at, id) from cursor_for, or None for a missing or malformed cursor (the newest page)."""
    try:
        stamp, pk = (raw or "").split("-")
        return EPOCH + timedelta(microseconds=int(stamp)), int(pk)
    except (ValueError, OverflowError):
        return None


def topic_content(user, topic, kind="", before=None, per_page=None):
    """One page of the items tagged with `topic` that `user` may read, newest first, one per item
    (originals), older than `before` (a parsed cursor). Keyset pagination: each page costs the same
    however deep, and no COUNT over a popular topic. Returns (items, cursor of the next page or "")."""
    per_page = per_page or CONTENT_PER_PAGE
    items = Content.objects.visible_to(user).published().originals().filter(topics=topic).for_lists()
    if kind:
        items = items.of_kind(kind)
    if before:
        published_at, pk = before
        items = items.filter(Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk))
    items = list(items.order_by("-published_at", "-pk")[:per_page + 1])
    older = cursor_for(items[per_page - 1]) if len(items) > per_page else ""
    items = items[:per_page]
    for item in items:
        kind_entry = content_kinds.get(item.kind)
        item.kind_label = kind_entry.label if kind_entry else item.kind
    return items, older


def topic_groups(user, topic):
    """The largest groups about this topic that `user` may know of."""
    groups = Space.objects.visible_to(user).of_kind(Space.Kind.GROUP).filter(topics=topic)
    return list(groups.order_by("-member_count", "name")[:GROUPS_SHOWN])


def kind_choices():
    return [(kind.key, kind.label_plural) for kind in content_kinds.all_kinds()]


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    kinds = kind_choices()
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else ""
    before = parse_cursor(request.GET.get("before"))
    contents, older = topic_content(request.user, topic, kind, before)
    experts = Profile.objects.visible_to(request.user).for_cards().filter(topics=topic)
    context = {
        "topic": topic,
        "contents": contents,
        "older": older,
        "is_older_page": before is not None,
        "kind": kind,
        "kinds": kinds,
        "groups": topic_groups(request.user, topic),
        "page": paginate(request, experts.order_by("full_name", "user_id")),
        # The members' pages keep the content filter (the content cursor restarts at the newest).
        "query_string": f"kind={kind}" if kind else "",
        "is_following": is_following(request.user, topic),
        "followers_count": topic.followers.count(),
    }
    return render(request, "topics/detail.html", context)
