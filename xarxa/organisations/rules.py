"""The rule book of organisations (core.rulebook): who reviews proposals and merges duplicates."""

from django.utils.translation import gettext_lazy as _

from xarxa.accounts.rules import is_moderator
from xarxa.core.rulebook import rule

rule("organisations.approve", is_moderator, _("Only moderators can approve organisations."))
rule("organisations.merge", is_moderator, _("Only moderators can merge organisations."))
