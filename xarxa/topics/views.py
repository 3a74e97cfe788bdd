from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from xarxa.accounts.models import Profile
from xarxa.content import kinds as content_kinds
from xarxa.content.models import Content
from xarxa.core.pagination import paginate
from xarxa.follows.services import is_following
from xarxa.topics.models import Topic


def topic_list(request):
    topics = Topic.objects.annotate(expert_count=Count("experts", distinct=True)).order_by("-expert_count", "name")
    return render(request, "topics/list.html", {"page": paginate(request, topics, per_page=60)})


TOPIC_CONTENT_LIMIT = 10


def topic_content(user, topic):
    """The newest items tagged with `topic` that `user` may read, one per item (originals)."""
    items = list(Content.objects.visible_to(user).published().originals().filter(topics=topic).for_lists()
                 .order_by("-published_at", "-pk")[:TOPIC_CONTENT_LIMIT])
    for item in items:
        kind = content_kinds.get(item.kind)
        item.kind_label = kind.label if kind else item.kind
    return items


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    experts = Profile.objects.visible_to(request.user).for_cards().filter(topics=topic)
    context = {
        "topic": topic,
        "contents": topic_content(request.user, topic),
        "page": paginate(request, experts.order_by("full_name", "user_id")),
        "is_following": is_following(request.user, topic),
        "followers_count": topic.followers.count(),
    }
    return render(request, "topics/detail.html", context)
