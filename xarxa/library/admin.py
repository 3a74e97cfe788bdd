from django.contrib import admin

from xarxa.library.models import Collection, Replication, Resource, Review


@admin.register(Resource)
class ResourceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "resource_kind", "policy_area", "level", "year", "replication_count"]
    list_filter = ["resource_kind", "policy_area", "level", "stage"]
    raw_id_fields = ["content", "organisations", "contacts"]
    list_select_related = ["content"]


@admin.register(Replication)
class ReplicationAdmin(admin.ModelAdmin):
    list_display = ["place", "country", "level", "created_at"]
    raw_id_fields = ["resource", "member", "organisation"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["resource", "author", "rating", "updated_at"]
    raw_id_fields = ["resource", "author"]


@admin.register(Collection)
class CollectionAdmin(admin.ModelAdmin):
    list_display = ["title", "owner", "is_curated", "updated_at"]
    raw_id_fields = ["owner"]
