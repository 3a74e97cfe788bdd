from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from xarxa.core.adminwidgets import TolerantAutocompleteMixin
from xarxa.organisations import services
from xarxa.organisations.models import Organisation


class MergeForm(forms.Form):
    keep = forms.ModelChoiceField(label=_("Keep this organisation"), queryset=Organisation.objects.none(),
                                  widget=forms.RadioSelect)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].queryset = candidates


@admin.register(Organisation)
class OrganisationAdmin(TolerantAutocompleteMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "level", "country", "status", "parent"]
    list_filter = ["status", "kind", "level", "country"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "merged_into", "proposed_by"]
    list_select_related = ["parent"]
    actions = ["approve_selected", "merge_selected"]

    @admin.action(description=_("Approve the selected proposed organisations"))
    def approve_selected(self, request, queryset):
        count = services.approve_organisations(request.user, list(queryset))
        self.message_user(request, ngettext("%(count)d organisation approved.", "%(count)d organisations approved.",
                                            count) % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Merge the selected duplicates into one"))
    def merge_selected(self, request, queryset):
        if "apply" in request.POST:
            form = MergeForm(request.POST, candidates=queryset)
            if form.is_valid():
                try:
                    count = services.merge_organisations(request.user, form.cleaned_data["keep"], list(queryset))
                except ValidationError as error:
                    self.message_user(request, error.messages[0], messages.ERROR)
                    return None
                merged = ngettext("%(count)d duplicate merged.", "%(count)d duplicates merged.", count)
                self.message_user(request, merged % {"count": count}, messages.SUCCESS)
                return None
        else:
            form = MergeForm(candidates=queryset)
        context = {**self.admin_site.each_context(request), "form": form, "organisations": queryset,
                   "opts": self.model._meta, "title": _("Merge organisations")}
        return render(request, "admin/organisations/merge.html", context)
