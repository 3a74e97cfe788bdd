from django.db.models import Count
from django.shortcuts import get_object_or_404, render

from xarxa.accounts.models import Profile
from xarxa.core.pagination import paginate
from xarxa.follows.services import is_following
from xarxa.topics.models import Topic


def topic_list(request):
    topics = Topic.objects.annotate(expert_count=Count("experts", distinct=True)).order_by("-expert_count", "name")
    return render(request, "topics/list.html", {"page": paginate(request, topics, per_page=60)})


def topic_detail(request, slug):
    topic = get_object_or_404(Topic, slug=slug)
    experts = Profile.objects.visible_to(request.user).for_cards().filter(topics=topic)
    context = {
        "topic": topic,
        "page": paginate(request, experts.order_by("full_name", "user_id")),
        "is_following": is_following(request.user, topic),
        "followers_count": topic.followers.count(),
    }
    return render(request, "topics/detail.html", context)
