from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AwardsConfig(AppConfig):
    name = "xarxa.awards"
    label = "awards"
    verbose_name = _("Awards")

    def ready(self):
        from xarxa.awards import rules  # noqa: F401  (registers the predicates)
        from xarxa.content import kinds

        register_nomination_kind(kinds)


def register_nomination_kind(kinds):
    """A nomination is a content kind: its page (comments, attachments as evidence files), its edit form and
    its deletion are content.kind_views'; making one starts from its category (views.nominate)."""
    from xarxa.awards import services, views
    from xarxa.awards.forms import NominationEditForm

    kinds.register(
        "nomination", _("Nomination"), _("Nominations"), "awards:detail",
        app="awards", attribute="nomination", edit_form=NominationEditForm,
        edit=services.edit_nomination, delete=services.delete_nomination, edit_rule="awards.edit_nomination",
        edit_form_kwargs=views.edit_form_kwargs, edit_arguments=views.edit_arguments,
        detail_context=views.detail_context,
        detail_related=("nomination__category__edition__space", "nomination__organisation",
                        "nomination__nominee__profile", "nomination__practice__content"),
        translatable=False, space_list_name="home",
        templates={"detail": "awards/nomination_detail.html", "form": "awards/nomination_form.html"},
        texts={
            "new_heading": _("Nominate"), "edit_heading": _("Edit the nomination"),
            "created": _("Your nomination is made. The nominee is told and can accept it."),
            "saved": _("The nomination is saved."), "deleted": _("The nomination has been deleted."),
            "delete_warning": _("The nomination leaves the awards; its votes are lost."),
        },
    )
