from django.shortcuts import get_object_or_404, render

from xarxa.accounts.models import Profile
from xarxa.content import kinds as content_kinds
from xarxa.content.models import Content
from xarxa.core.keyset import keyset_page
from xarxa.core.pagination import paginate
from xarxa.discovery import services
from xarxa.follows.services import is_following
from xarxa.spaces.models import Space
from xarxa.topics.models import Topic

CONTENT_PER_PAGE = 20
GROUPS_SHOWN = 8


def discover(request):
    user = request.user
    context = {
        "people": services.people_you_may_know(user),
        "groups": services.groups_for_you(user),
        "trending": services.trending_content(user),
        "topics": services.trending_topics(user),
    }
    return render(request, "discovery/discover.html", context)


# A topic's page (/topics/<slug>/, the URL name topics:detail): what is tagged with it, everywhere -------

def topic_content(user, topic, kind="", cursor=None, per_page=None):
    """One page of the items tagged with `topic` that `user` may read, newest first, one per item
    (originals), after `cursor`. Keyset pagination (the shared content lists' helper): each page costs
    the same however deep, and no COUNT over a popular topic. Returns (items, cursor of the next page)."""
    items = Content.objects.visible_to(user).published().originals().filter(topics=topic).for_lists()
    if kind:
        items = items.of_kind(kind)
    return keyset_page(items, order_field="published_at", cursor=cursor, per_page=per_page or CONTENT_PER_PAGE)


def topic_groups(user, topic):
    """The largest groups about this topic that `user` may know of."""
    groups = Space.objects.visible_to(user).of_kind(Space.Kind.GROUP).filter(topics=topic)
    return list(groups.order_by("-member_count", "name")[:GROUPS_SHOWN])


def kind_choices():
    return [(kind.key, kind.label_plural) for kind in content_kinds.all_kinds()]


def topic_detail(request, slug):
    topic = get_object_or_404(Topic.objects.visible_to(request.user), slug=slug)
    kinds = kind_choices()
    kind = request.GET.get("kind", "")
    kind = kind if kind in dict(kinds) else ""
    cursor = request.GET.get("after")
    contents, older = topic_content(request.user, topic, kind, cursor)
    experts = Profile.objects.visible_to(request.user).for_cards().filter(topics=topic)
    context = {
        "topic": topic,
        "contents": contents,
        "older": older,
        "is_older_page": bool(cursor),
        "kind": kind,
        "kinds": kinds,
        "groups": topic_groups(request.user, topic),
        "page": paginate(request, experts.order_by("full_name", "user_id")),
        # The members' pages keep the content filter (the content cursor restarts at the newest).
        "query_string": f"kind={kind}" if kind else "",
        "is_following": is_following(request.user, topic),
        "followers_count": topic.followers.count(),
    }
    return render(request, "discovery/topic.html", context)
