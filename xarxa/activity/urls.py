from django.urls import path

from xarxa.activity import views

app_name = "activity"
urlpatterns = [
    path("", views.network, name="network"),
    path("home/", views.home_feed, name="home"),
    path("group/<slug:slug>/", views.space_feed, name="space"),
    path("member/<str:username>/", views.member_feed, name="member"),
    path("muted/", views.muted, name="muted"),
    path("mute/member/<str:username>/", views.mute_member, name="mute_member"),
    path("mute/group/<slug:slug>/", views.mute_space, name="mute_space"),
]
