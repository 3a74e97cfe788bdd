from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "xarxa.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.content.services import delete_item
        from xarxa.library import rules, services, views  # noqa: F401  (rules: the rule book)
        from xarxa.library.forms import ResourceForm
        from xarxa.spaces import tools

        kinds.register(
            "resource", _("Resource"), _("Resources"), "library:detail",
            app="library", attribute="resource", form=ResourceForm, create=services.publish_resource,
            edit=services.edit_resource, delete=delete_item, edit_rule="library.edit_resource",
            edit_form_kwargs=views.edit_form_kwargs,
            list_context=views.library_rows, list_extra=views.list_extra, detail_context=views.detail_context,
            space_tab="library", search_fields=services.search_fields, search_prefetch=("resource__country_rows",),
            texts={
                "list_title": _("Library"), "space_list_title": _("Library"),
                "new_heading": _("Share a resource"), "edit_heading": _("Edit the resource"),
                "created": _("Your resource is in the library. Thank you for sharing it."),
                "saved": _("The resource has been saved."),
            },
        )
        tools.register("library", _("Library"), "library:space_list")
        self._forget_counts_on_change()

    @staticmethod
    def _forget_counts_on_change():
        """The cached facet counts (facets.cached_counts) go stale whenever a resource, its base row, its
        countries or its goals are saved or deleted through the ORM, whoever does it; when a moderator hides
        or restores a resource (a queryset update, logged in ModerationLog); and when a group changes (its
        visibility decides who counts its resources)."""
        from django.db.models.signals import post_delete, post_save

        from xarxa.content.models import Content, ModerationLog
        from xarxa.library import facets
        from xarxa.library.models import KIND, Resource, ResourceCountry, ResourceGoal
        from xarxa.spaces.models import Space

        def forget(sender, instance, **kwargs):
            if sender is not Content or instance.kind == KIND:
                facets.invalidate_counts()

        def forget_after_moderation(sender, instance, **kwargs):
            if instance.content_id and instance.content.kind == KIND:
                facets.invalidate_counts()

        post_save.connect(forget_after_moderation, sender=ModerationLog, weak=False,
                          dispatch_uid="library-counts-moderation")
        post_save.connect(forget, sender=Space, weak=False, dispatch_uid="library-counts-space")

        for model in (Content, Resource, ResourceCountry, ResourceGoal):  # weak=False: `forget` is local
            post_save.connect(forget, sender=model, weak=False, dispatch_uid=f"library-counts-save-{model.__name__}")
            post_delete.connect(forget, sender=model, weak=False,
                                dispatch_uid=f"library-counts-delete-{model.__name__}")
