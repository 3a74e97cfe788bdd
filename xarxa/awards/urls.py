from django.urls import path

from xarxa.awards import jury_views, views, vote_views
from xarxa.content.kind_views import urlpatterns_for

app_name = "awards"

# Mounted under "congress/" (xarxa/urls.py), before the congress's own addresses.
urlpatterns = [
    *urlpatterns_for("nomination", "awards/nominations/", "", names=("detail", "edit", "delete")),
    path("awards/nominations/<int:pk>/answer/", views.answer, name="answer"),
    path("awards/nominations/<int:pk>/eligibility/", views.decide_eligibility, name="eligibility"),
    path("awards/nominations/<int:pk>/jury/", jury_views.jury_nominee, name="jury_nominee"),
    path("awards/confirm/<str:token>/", vote_views.confirm_vote, name="confirm_vote"),
    path("<slug:slug>/awards/", views.home, name="home"),
    path("<slug:slug>/awards/new/", views.new_category, name="new_category"),
    path("<slug:slug>/awards/winners/", jury_views.announcement, name="announcement"),
    path("<slug:slug>/awards/transparency/", vote_views.transparency, name="transparency"),
    path("<slug:slug>/awards/<slug:category>/", views.category_page, name="category"),
    path("<slug:slug>/awards/<slug:category>/edit/", views.edit_category, name="edit_category"),
    path("<slug:slug>/awards/<slug:category>/nominate/", views.nominate, name="nominate"),
    path("<slug:slug>/awards/<slug:category>/vote/", vote_views.vote, name="vote"),
    path("<slug:slug>/awards/<slug:category>/votes/", vote_views.review_votes, name="review_votes"),
    path("<slug:slug>/awards/<slug:category>/results.<str:format>", vote_views.export, name="export"),
    path("<slug:slug>/awards/<slug:category>/jury/", jury_views.jury_home, name="jury"),
    path("<slug:slug>/awards/<slug:category>/jury/tie/", jury_views.break_tie, name="break_tie"),
    path("<slug:slug>/awards/<slug:category>/results/", jury_views.manage, name="manage_jury"),
]
