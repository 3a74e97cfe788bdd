"""The addresses under /topics/ (namespace "topics"): the list of topics is the topics app's own page; a
topic's page gathers content and groups of every kind, so it is discovery's (topics sits below content
and spaces and may not read them)."""

from django.urls import path

from xarxa.discovery import views
from xarxa.topics.views import topic_list

app_name = "topics"
urlpatterns = [
    path("", topic_list, name="list"),
    path("<slug:slug>/", views.topic_detail, name="detail"),
]
