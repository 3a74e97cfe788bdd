from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WikisConfig(AppConfig):
    name = "xarxa.wikis"
    label = "wikis"
    verbose_name = _("Wikis")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.spaces import tools
        from xarxa.wikis import rules, services, views
        from xarxa.wikis.forms import PageForm
        from xarxa.wikis.models import loaded_page_url

        kinds.register(
            "wiki_page", _("Wiki page"), _("Wiki pages"), "wikis:detail", url_builder=loaded_page_url,
            app="wikis", attribute="wiki_page", form=PageForm, create=services.create_page, edit=services.save_page,
            delete=services.delete_page,
            can_create=rules.can_write_in_wiki, edit_rule="wikis.edit_page", create_initial=views.create_initial,
            form_kwargs=views.form_kwargs, edit_form_kwargs=views.edit_form_kwargs, edit_arguments=views.edit_arguments,
            on_refusal=views.on_refusal, list_context=views.page_rows, detail_context=views.detail_context,
            detail_related=("wiki_page__parent__content",), translatable=False, space_tab="wiki",
            list_name="index", space_list_name="space_index",
            templates={"list": "wikis/index.html", "space_list": "wikis/space_index.html"},
            texts={
                "list_title": _("Wiki"), "space_list_title": _("Wiki"),
                "new_heading": _("New wiki page"), "edit_heading": _("Edit the page"),
                "created": _("The page has been created."), "saved": _("The page has been saved."),
                "deleted": _("The page has been deleted."),
            },
        )
        tools.register("wiki", _("Wiki"), "wikis:space_index")
