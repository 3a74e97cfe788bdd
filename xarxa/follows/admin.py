from django.contrib import admin

from xarxa.core.adminwidgets import TolerantAutocompleteMixin
from xarxa.follows.models import Follow


@admin.register(Follow)
class FollowAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["follower", "target", "created_at"]
    list_select_related = ["follower", "user", "organisation", "topic"]
    search_fields = ["follower__username", "user__username", "organisation__name", "topic__name"]
    autocomplete_fields = ["follower", "user", "organisation", "topic"]
