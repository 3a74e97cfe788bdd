"""Addresses of co-speakers, review and decisions; included in congress/urls.py (namespace "congress")."""

from django.urls import path

from xarxa.congress import review_views

urlpatterns = [
    path("me/speaking/", review_views.speaking, name="speaking"),
    path("me/speaking/<int:invitation_pk>/answer/", review_views.answer_invitation, name="answer_co_speaking"),
    path("proposals/<int:pk>/co-speakers/", review_views.invite_co_speaker, name="invite_co_speaker"),
    path("proposals/<int:pk>/co-speakers/<int:invitation_pk>/remove/", review_views.remove_co_speaker,
         name="remove_co_speaker"),
    path("proposals/<int:pk>/review/", review_views.review_proposal, name="review"),
    path("proposals/<int:pk>/conflict/", review_views.declare_conflict, name="declare_conflict"),
    path("proposals/<int:pk>/decide/", review_views.decide, name="decide"),
    path("proposals/<int:pk>/slot/", review_views.answer_slot, name="answer_slot"),
    path("<slug:slug>/committee/emails/", review_views.decision_emails, name="decision_emails"),
    path("<slug:slug>/committee/", review_views.committee, name="committee"),
    path("<slug:slug>/committee/assign/", review_views.assign, name="assign_reviewers"),
    path("<slug:slug>/committee/rubric/", review_views.rubric, name="rubric"),
    path("<slug:slug>/committee/rubric/<int:criterion_pk>/remove/", review_views.remove_criterion,
         name="remove_criterion"),
    path("<slug:slug>/committee/anonymous/", review_views.anonymous_review, name="anonymous_review"),
]
