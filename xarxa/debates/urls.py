from django.urls import path

from xarxa.debates import views

app_name = "debates"
urlpatterns = [
    path("debates/", views.debate_list, name="list"),
    path("debates/new/", views.create, name="create"),
    path("debates/drafts/", views.drafts, name="drafts"),
    path("debates/<int:pk>/", views.detail, name="detail"),
    path("debates/<int:pk>/edit/", views.edit, name="edit"),
    path("debates/<int:pk>/close/", views.close, name="close"),
    path("debates/<int:pk>/publish/", views.publish, name="publish"),
    path("debates/<int:pk>/reopen/", views.reopen, name="reopen"),
    path("debates/<int:pk>/useful/<int:comment_pk>/", views.mark_useful, name="mark_useful"),
    path("groups/<slug:slug>/debates/", views.space_debate_list, name="space_list"),
    path("groups/<slug:slug>/debates/new/", views.create, name="space_create"),
]
