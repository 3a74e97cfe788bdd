from django.urls import path

from xarxa.congress import review_urls, views
from xarxa.content.kind_views import urlpatterns_for

app_name = "congress"

urlpatterns = [
    path("", views.edition_list, name="list"),
    # The kind's generic page, edit form and "publish" (a draft is submitted) from content.kind_views.
    *urlpatterns_for("proposal", "proposals/", "", names=("detail", "edit", "publish")),
    path("proposals/<int:pk>/withdraw/", views.withdraw_proposal, name="withdraw_proposal"),
    path("proposals/<int:pk>/vote/", views.vote, name="vote"),
    *review_urls.urlpatterns,  # co-speakers, review and decisions (before the edition's <slug:slug>/)
    path("<slug:slug>/", views.edition_home, name="edition"),
    path("<slug:slug>/proposals/", views.proposal_list, name="proposals"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/proposals/new/", views.propose, name="propose"),
]

# The programme: sessions, schedule, versions, agenda, exports (programme_urls.py).
from xarxa.congress.programme_urls import urlpatterns as programme_urlpatterns  # noqa: E402

urlpatterns += programme_urlpatterns

# Registration, check-in, sign-ups, ratings and attendance (registration_urls.py).
from xarxa.congress.registration_urls import urlpatterns as registration_urlpatterns  # noqa: E402

urlpatterns += registration_urlpatterns
