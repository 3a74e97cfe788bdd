from django.urls import path

from xarxa.content.kind_views import urlpatterns_for
from xarxa.library import views

app_name = "library"
urlpatterns = [
    *urlpatterns_for("resource", "library/", "library/",
                     names=("list", "create", "detail", "edit", "delete", "space_list", "space_create")),
    path("library/<int:pk>/applied/", views.replicate, name="replicate"),
    path("library/<int:pk>/review/", views.review, name="review"),
    path("library/<int:pk>/reviews/<int:review_pk>/delete/", views.delete_review, name="delete_review"),
    path("library/<int:pk>/applied/<int:replication_pk>/delete/", views.delete_replication,
         name="delete_replication"),
    path("library/<int:pk>/save/", views.collect, name="collect"),
    path("library/collections/", views.collections, name="collections"),
    path("library/collections/new/", views.create_collection, name="create_collection"),
    path("library/collections/<int:pk>/", views.collection_detail, name="collection"),
    path("library/collections/<int:pk>/remove/<int:resource_pk>/", views.uncollect, name="uncollect"),
    path("library/open-data/", views.open_data, name="open_data"),
    path("library/export.json", views.export_json, name="export_json"),
    path("library/export.csv", views.export_csv, name="export_csv"),
    path("library/catalog.jsonld", views.export_dcat, name="dcat"),
    path("library/import/", views.import_resources, name="import"),
]
