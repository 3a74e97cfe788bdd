from django.urls import path

from xarxa.content.kind_views import urlpatterns_for
from xarxa.lab import views

app_name = "lab"

urlpatterns = [
    path("", views.home, name="home"),
    # The kind's generic pages (content.kind_views): post, read, edit, delete a challenge.
    *urlpatterns_for("challenge", "challenges/", "", names=("create", "detail", "edit", "delete")),
    path("challenges/<int:pk>/apply/", views.apply, name="apply"),
    path("challenges/<int:pk>/board/", views.seek, name="seek"),
    path("challenges/<int:pk>/review/", views.review, name="review"),
    path("review/", views.review_queue, name="review_queue"),
    path("applications/<int:pk>/decide/", views.decide, name="decide"),
    path("projects/<slug:slug>/", views.project_page, name="project"),
    path("projects/<slug:slug>/deliverable/", views.deliverable, name="deliverable"),
    path("projects/<slug:slug>/ask-review/", views.ask_review, name="ask_review"),
    path("projects/<slug:slug>/gate/", views.gate, name="gate"),
    path("projects/<slug:slug>/stop/", views.stop, name="stop"),
    path("projects/<slug:slug>/mentors/", views.add_mentor, name="add_mentor"),
    path("projects/<slug:slug>/testers/", views.invite_testers, name="invite_testers"),
    path("projects/<slug:slug>/transfer/", views.transfer, name="transfer"),
    path("test/<str:token>/", views.tester, name="tester"),
    path("log/<int:pk>/", views.log_entry, name="log_entry"),
    path("opendata/lab.json", views.opendata, {"fmt": "json"}, name="opendata_json"),
    path("opendata/lab.csv", views.opendata, {"fmt": "csv"}, name="opendata_csv"),
]
