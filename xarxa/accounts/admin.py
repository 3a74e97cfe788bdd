from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xarxa.accounts import services
from xarxa.accounts.models import Invitation, Profile, User, VerifiedDomain
from xarxa.core.adminwidgets import TolerantAutocompleteMixin


class ProfileInline(TolerantAutocompleteMixin, admin.StackedInline):
    model = Profile
    fk_name = "user"
    autocomplete_fields = ["organisation", "topics"]
    readonly_fields = ["verified_at", "verified_by"]
    extra = 0


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [ProfileInline]
    list_display = ["username", "email", "display_name", "is_approved", "is_active", "is_staff", "date_joined"]
    list_filter = ["is_approved", "is_active", "is_staff", "language", "profile__verification", "date_joined"]
    search_fields = ["username", "email", "profile__full_name"]
    list_select_related = ["profile"]
    actions = ["approve_selected", "verify_selected"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Xarxa"), {"fields": ("is_approved", "language")}),)

    @admin.action(description=_("Approve the selected accounts"))
    def approve_selected(self, request, queryset):
        count = services.approve_members(request.user, queryset)
        self.message_user(request, ngettext("%d account approved.", "%d accounts approved.", count) % count,
                          messages.SUCCESS)

    @admin.action(description=_("Verify the selected members as public employees"))
    def verify_selected(self, request, queryset):
        count = 0
        for member in queryset:
            services.verify_member(request.user, member)
            count += 1
        self.message_user(request, ngettext("%d member verified as a public employee.",
                                            "%d members verified as public employees.", count) % count,
                          messages.SUCCESS)


@admin.register(Profile)
class ProfileAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["full_name", "user", "organisation", "country", "verification", "visibility"]
    list_filter = ["verification", "visibility", "organisation__level", "country"]
    search_fields = ["full_name", "user__username", "user__email", "headline"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["organisation", "topics", "user"]
    readonly_fields = ["verified_at", "verified_by", "created_at", "updated_at"]


@admin.register(VerifiedDomain)
class VerifiedDomainAdmin(admin.ModelAdmin):
    list_display = ["domain", "note", "created_at"]
    search_fields = ["domain", "note"]


@admin.register(Invitation)
class InvitationAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["__str__", "created_by", "use_count", "max_uses", "expires_at", "created_at"]
    list_filter = ["expires_at"]
    search_fields = ["email", "note", "created_by__username"]
    autocomplete_fields = ["created_by"]
