from django.db.models import Count
from django.shortcuts import render

from xarxa.core.pagination import paginate
from xarxa.topics.models import Topic

# A topic's own page gathers content of every kind across groups: it lives in discovery (discovery/views.py).


def topic_list(request):
    topics = Topic.objects.listed_to(request.user).annotate(expert_count=Count("experts", distinct=True)).order_by(
        "-expert_count", "name")
    return render(request, "topics/list.html", {"page": paginate(request, topics, per_page=60)})
