from django.urls import path

from xarxa.content import kind_views
from xarxa.wikis import views
from xarxa.wikis.models import KIND

app_name = "wikis"
kind = {"kind": KIND}
urlpatterns = [
    path("wiki/", kind_views.item_list, kind, name="index"),
    path("wiki/new/", kind_views.create, kind, name="create"),
    path("wiki/pages/<int:pk>/", views.detail, name="detail"),
    path("wiki/pages/<int:pk>/edit/", kind_views.edit, kind, name="edit"),
    path("wiki/pages/<int:pk>/delete/", kind_views.delete, kind, name="delete"),
    path("wiki/pages/<int:pk>/history/", views.history, name="history"),
    path("wiki/pages/<int:pk>/diff/", views.diff, name="diff"),
    path("wiki/pages/<int:pk>/protect/", views.protect, name="protect"),
    path("wiki/pages/<int:pk>/revisions/<int:number>/", views.revision, name="revision"),
    path("wiki/pages/<int:pk>/revisions/<int:number>/revert/", views.revert, name="revert"),
    path("groups/<slug:slug>/wiki/", kind_views.space_list, kind, name="space_index"),
    path("groups/<slug:slug>/wiki/new/", kind_views.create, kind, name="space_create"),
    # Readable addresses by path, last so "new" and "pages/<id>" above win (those slugs are reserved).
    path("wiki/<path:path>/", views.page_detail, name="page"),
    path("groups/<slug:slug>/wiki/<path:path>/", views.space_page_detail, name="space_page"),
]
