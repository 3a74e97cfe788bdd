from django.shortcuts import render

from xarxa.discovery import services


def discover(request):
    user = request.user
    context = {
        "people": services.people_you_may_know(user),
        "groups": services.groups_for_you(user),
        "trending": services.trending_content(user),
        "topics": services.trending_topics(user),
    }
    return render(request, "discovery/discover.html", context)
