from django.urls import path

from xarxa.content.kind_views import urlpatterns_for
from xarxa.events import views

app_name = "events"
urlpatterns = [
    *urlpatterns_for("event", "events/", "events/",
                     names=("list", "create", "detail", "edit", "delete", "space_list", "space_create")),
    path("events/calendar.ics", views.public_calendar, name="public_calendar"),
    path("events/month/", views.month, name="month"),
    path("events/month/<int:year>/<int:month_number>/", views.month, name="month_of"),
    path("events/mine/", views.my_events, name="mine"),
    path("events/mine/reset-calendar-address/", views.reset_token, name="reset_token"),
    path("events/mine/<str:token>/calendar.ics", views.my_calendar, name="my_calendar"),
    path("events/<int:pk>/rsvp/", views.rsvp, name="rsvp"),
    path("events/<int:pk>/attendees/", views.attendees, name="attendees"),
    path("events/<int:pk>/attendees.csv", views.attendees_csv, name="attendees_csv"),
    path("events/<int:pk>/event.ics", views.event_ics, name="ics"),
    path("settings/calendars/", views.calendar_links, name="calendar_links"),
    path("groups/<slug:slug>/events.ics", views.space_calendar, name="space_calendar"),
]
