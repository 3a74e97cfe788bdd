"""The awards on the admin site. The Vote model is deliberately NOT registered (nor shown inline anywhere):
a vote row holds a pseudonym and fraud features, and no screen shows votes one by one outside the
organisers' pseudonymous review. See vote_models for the secrecy guarantee."""

from django.contrib import admin

from xarxa.awards.models import Category, EligibilityDecision, Nomination


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "edition", "nominee_kind", "voters", "finalists"]
    list_filter = ["nominee_kind", "voters"]
    search_fields = ["name"]
    readonly_fields = ["signals_computed_at"]


class EligibilityDecisionInline(admin.TabularInline):
    model = EligibilityDecision
    extra = 0
    can_delete = False
    readonly_fields = ["decided_by", "eligible", "reason", "decided_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "category", "status", "award"]
    list_filter = ["status", "award"]
    raw_id_fields = ["content", "nominee", "organisation", "practice"]
    inlines = [EligibilityDecisionInline]
