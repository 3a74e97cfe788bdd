from django.urls import path

from xarxa.spaces import views

app_name = "spaces"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("new/", views.create, name="create"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("<slug:slug>/", views.detail, name="detail"),
    path("<slug:slug>/cover/", views.cover, name="cover"),
    path("<slug:slug>/members/", views.members, name="members"),
    path("<slug:slug>/edit/", views.edit, name="edit"),
    path("<slug:slug>/join/", views.join, name="join"),
    path("<slug:slug>/leave/", views.leave, name="leave"),
    path("<slug:slug>/follow-closely/", views.follow_closely, name="follow_closely"),
    path("<slug:slug>/request/", views.request_to_join, name="request"),
    path("<slug:slug>/request/cancel/", views.cancel_request, name="cancel_request"),
    path("<slug:slug>/manage/", views.manage, name="manage"),
    path("<slug:slug>/manage/requests/<int:pk>/", views.decide_request, name="decide_request"),
    path("<slug:slug>/manage/invitations/<int:pk>/revoke/", views.revoke_invitation, name="revoke_invitation"),
    path("<slug:slug>/manage/members/<str:username>/role/", views.change_role, name="change_role"),
    path("<slug:slug>/manage/members/<str:username>/translator/", views.set_translator, name="set_translator"),
    path("<slug:slug>/manage/members/<str:username>/remove/", views.remove_member, name="remove_member"),
]
