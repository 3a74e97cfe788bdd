from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabConfig(AppConfig):
    name = "xarxa.lab"
    label = "lab"
    verbose_name = _("Government Lab")

    def ready(self):
        from xarxa.content import kinds
        from xarxa.core import sections
        from xarxa.lab import rules  # noqa: F401  (registers the rules)

        register_challenge_kind(kinds)
        # A project's log lines are content in the project's space: feeds, search and the timeline read
        # them through the space's visibility; their address is their place on the project's page.
        kinds.register("lablog", _("Project log"), _("Project log"), "lab:log_entry", app="lab",
                       attribute="lablog", translatable=False)
        sections.register(
            "lab", _("Lab"), "lab:home", app_names=["lab"], order=30,
            description=_("Administrations post challenges; mixed teams build and test prototypes; what works "
                          "goes to the library."))


def register_challenge_kind(kinds):
    """A challenge is a content kind: its page, create and edit forms are content.kind_views'. It is a draft
    (its author's alone) until the moderators approve it (lab.lifecycles.CHALLENGE)."""
    from xarxa.content.services import delete_item
    from xarxa.lab import services, views
    from xarxa.lab.forms import ChallengeForm

    kinds.register(
        "challenge", _("Challenge"), _("Challenges"), "lab:detail",
        app="lab", attribute="challenge", form=ChallengeForm,
        create=services.create_challenge, edit=services.edit_challenge, delete=delete_item,
        edit_rule="lab.edit_challenge", can_create=views.can_create_challenge,
        edit_form_kwargs=views.edit_form_kwargs, edit_arguments=views.edit_arguments,
        detail_context=views.detail_context, detail_related=("challenge__organisation",),
        list_name="home", translatable=False,
        templates={"detail": "lab/challenge_detail.html", "form": "lab/challenge_form.html"},
        texts={
            "new_heading": _("Post a challenge"), "edit_heading": _("Edit the challenge"),
            "created": _("Your challenge is sent to the moderators. You will see it here once they approve it."),
            "drafted": _("Your challenge is sent to the moderators. Only you can see it until they approve it."),
            "saved": _("The challenge has been saved."), "deleted": _("The challenge has been deleted."),
        },
    )
