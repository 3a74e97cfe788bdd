from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CongressConfig(AppConfig):
    name = "xarxa.congress"
    label = "congress"
    verbose_name = _("Congress")

    def ready(self):
        from xarxa.congress import registration_rules, rules  # noqa: F401  (registers the predicates)
        from xarxa.content import kinds
        from xarxa.core import sections

        register_proposal_kind(kinds)
        register_session_kind(kinds)

        sections.register(
            "congress", _("Congress"), "congress:list", app_names=["congress"], order=20,
            description=_("The yearly meeting: members propose sessions, vote on them and meet in person "
                          "and online."))


def register_proposal_kind(kinds):
    """A proposal is a content kind: its page, edit form and submission are content.kind_views'."""
    from xarxa.congress import services, views
    from xarxa.congress.forms import ProposalEditForm

    kinds.register(
        "proposal", _("Proposal"), _("Proposals"), "congress:detail",
        app="congress", attribute="proposal", edit_form=ProposalEditForm,
        edit=services.edit_proposal, publish=services.submit_proposal, edit_rule="congress.edit_proposal",
        edit_form_kwargs=views.edit_form_kwargs, edit_arguments=views.edit_arguments,
        detail_context=views.detail_context, detail_related=(
            "proposal__edition__space", "proposal__session_format", "proposal__track"),
        translatable=False,
        templates={"detail": "congress/proposal_detail.html", "form": "congress/proposal_form.html"},
        texts={
            "new_heading": _("Propose a session"), "edit_heading": _("Edit the proposal"),
            "created": _("Your proposal is submitted. Members can now read and discuss it."),
            "drafted": _("Your draft is saved. Submit it before the call closes."),
            "published": _("Your proposal is submitted. Members can now read and discuss it."),
            "saved": _("Your proposal is saved."),
        },
    )


def register_session_kind(kinds):
    """A session is a content kind: its page (comments, reactions, attachments) is content.kind_views';
    the organisers write it through the schedule's own forms (programme_views), so no generic edit."""
    from xarxa.congress import (
        programme_rules,  # noqa: F401  (registers the programme's predicates)
        programme_views,
    )

    kinds.register(
        "session", _("Session"), _("Sessions"), "congress:session",
        app="congress", attribute="session", detail_context=programme_views.session_context,
        detail_related=("session__edition__space", "session__session_format", "session__track", "session__room"),
        translatable=False, templates={"detail": "congress/programme/session.html"},
    )
