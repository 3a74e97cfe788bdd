from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DebatesConfig(AppConfig):
    name = "xarxa.debates"
    label = "debates"
    verbose_name = _("Debates")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.content.services import delete_item
        from xarxa.debates import rules, services, views  # noqa: F401  (rules: the rule book)
        from xarxa.debates.forms import DebateForm
        from xarxa.spaces import tools

        kinds.register(
            "debate", _("Debate"), _("Debates"), "debates:detail",
            comment_actions_template="debates/_comment_actions.html",
            comment_actions_context=views.comment_actions_context,
            app="debates", attribute="debate", form=DebateForm, has_drafts=True,
            create=services.publish_debate, edit=services.edit_debate, publish=services.publish_draft,
            delete=delete_item,
            edit_rule="debates.edit_debate", list_context=views.debate_rows, detail_context=views.detail_context,
            detail_related=("debate__useful_answer__author__profile", "debate__closed_by__profile"),
            space_tab="debates",
            texts={
                "list_title": _("Debates"), "space_list_title": _("Debates"),
                "new_heading": _("Open a debate"), "edit_heading": _("Edit the debate"),
                "created": _("Your debate is open. Others can reply now."),
                "published": _("Your debate is open. Others can reply now."),
                "saved": _("The debate has been saved."),
            },
        )
        tools.register("debates", _("Debates"), "debates:space_list")
