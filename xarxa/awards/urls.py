from django.urls import path

from xarxa.awards import views
from xarxa.content.kind_views import urlpatterns_for

app_name = "awards"

# Mounted under "congress/" (xarxa/urls.py), before the congress's own addresses.
urlpatterns = [
    *urlpatterns_for("nomination", "awards/nominations/", "", names=("detail", "edit", "delete")),
    path("awards/nominations/<int:pk>/answer/", views.answer, name="answer"),
    path("awards/nominations/<int:pk>/eligibility/", views.decide_eligibility, name="eligibility"),
    path("<slug:slug>/awards/", views.home, name="home"),
    path("<slug:slug>/awards/new/", views.new_category, name="new_category"),
    path("<slug:slug>/awards/<slug:category>/", views.category_page, name="category"),
    path("<slug:slug>/awards/<slug:category>/edit/", views.edit_category, name="edit_category"),
    path("<slug:slug>/awards/<slug:category>/nominate/", views.nominate, name="nominate"),
]
