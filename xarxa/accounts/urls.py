from django.urls import path

from xarxa.accounts import views
from xarxa.follows import views as follow_views

app_name = "accounts"
urlpatterns = [
    path("u/<str:username>/", views.profile, name="profile"),
    path("u/<str:username>/followers/", follow_views.followers, name="followers"),
    path("u/<str:username>/following/", follow_views.following, name="following"),
    path("u/<str:username>/verification/", views.set_verification, name="set_verification"),
    path("settings/profile/", views.edit_profile, name="edit_profile"),
    path("members/", views.directory, name="directory"),
    path("invitations/", views.invitations, name="invitations"),
    path("invite/<str:token>/", views.accept_invitation, name="accept_invitation"),
    path("pending/", views.pending, name="pending"),
]
