"""Addresses of co-speakers, review and decisions; included in congress/urls.py (namespace "congress")."""

from django.urls import path

from xarxa.congress import review_views

urlpatterns = [
    path("me/speaking/", review_views.speaking, name="speaking"),
    path("me/speaking/<int:invitation_pk>/answer/", review_views.answer_invitation, name="answer_co_speaking"),
    path("proposals/<int:pk>/co-speakers/", review_views.invite_co_speaker, name="invite_co_speaker"),
    path("proposals/<int:pk>/co-speakers/<int:invitation_pk>/remove/", review_views.remove_co_speaker,
         name="remove_co_speaker"),
]
