from django.contrib import admin

from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Space)
class SpaceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "visibility", "join_policy", "member_count", "created_at"]
    list_filter = ["kind", "visibility", "join_policy"]
    search_fields = ["name", "slug"]
    raw_id_fields = ["organisation", "created_by"]
    filter_horizontal = ["topics"]
    inlines = [MembershipInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = ["space", "user", "status", "created_at", "decided_at"]
    list_filter = ["status"]
    raw_id_fields = ["space", "user", "decided_by"]


@admin.register(SpaceInvitation)
class SpaceInvitationAdmin(admin.ModelAdmin):
    list_display = ["space", "user", "email", "status", "created_at", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["space", "user", "invited_by"]
    search_fields = ["email"]
