"""Addresses of the programme (added to congress.urls)."""

from django.urls import path

from xarxa.congress import programme_views as views
from xarxa.content.kind_views import detail

urlpatterns = [
    path("sessions/<int:pk>/", detail, {"kind": "session"}, name="session"),
    path("sessions/<int:pk>/edit/", views.edit_session, name="edit_session"),
    path("sessions/<int:pk>/materials/", views.materials, name="session_materials"),
    path("sessions/<int:pk>/star/", views.star, name="star"),
    path("agenda/<str:token>/agenda.ics", views.agenda_feed, name="agenda_feed"),
    path("<slug:slug>/programme/", views.programme_page, name="programme"),
    path("<slug:slug>/programme/now/", views.now_page, name="now"),
    path("<slug:slug>/programme/changes/", views.changes_page, name="changes"),
    path("<slug:slug>/programme/programme.ics", views.programme_ics, name="programme_ics"),
    path("<slug:slug>/programme/schedule.xml", views.schedule_xml, name="schedule_xml"),
    path("<slug:slug>/programme/schedule.json", views.schedule_json, name="schedule_json"),
    path("<slug:slug>/speakers/", views.speakers_page, name="speakers"),
    path("<slug:slug>/speakers/<str:username>/", views.speaker_page, name="speaker"),
    path("<slug:slug>/agenda/", views.agenda, name="agenda"),
    path("<slug:slug>/agenda/reset/", views.reset_agenda_feed, name="reset_agenda_feed"),
    path("<slug:slug>/schedule/", views.schedule, name="schedule"),
    path("<slug:slug>/schedule/sessions/new/", views.new_session, name="new_session"),
    path("<slug:slug>/schedule/sessions/<int:pk>/place/", views.place, name="place"),
    path("<slug:slug>/schedule/proposals/<int:pk>/session/", views.from_proposal, name="from_proposal"),
    path("<slug:slug>/schedule/breaks/", views.add_break, name="add_break"),
    path("<slug:slug>/schedule/breaks/<int:pk>/remove/", views.remove_break, name="remove_break"),
    path("<slug:slug>/schedule/publish/", views.publish, name="publish_programme"),
]
