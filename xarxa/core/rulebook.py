"""The rule book: every permission decision is one named `rules` predicate with its refusal beside it.

Each app declares its rules in its own rules.py:

    rule("content.edit", is_content_author & can_read_content, refusal=_("Only the author can edit this."))

Services call `check(user, "content.edit", content)`, which raises PermissionDenied carrying that
refusal, so a view shows the service's own words and never re-checks with a second message. Views and
templates that only need to know whether to offer an action ask `allowed()` or, in templates,
`{% load rulebook %}{% has_perm "content.edit" content as can_edit %}`.

Why not `user.has_perm`: Django's ModelBackend answers yes to every superuser for every permission,
which is wrong for decisions such as "edit someone else's post" or "read someone else's draft".
`allowed()` asks the predicate alone.
"""

import rules
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

DEFAULT_REFUSAL = _("You are not allowed to do this.")

_refusals = {}


def rule(name, predicate, refusal=DEFAULT_REFUSAL):
    """Register `predicate` as the permission `name` ("app.verb"), with the message shown when it says no
    (a text, or a function of the object giving one, such as "this page is protected")."""
    if rules.perm_exists(name):
        raise ValueError(f"the rule {name!r} is declared twice")
    rules.add_perm(name, predicate)
    _refusals[name] = refusal
    return predicate


def allowed(user, name, obj=None) -> bool:
    """Whether `user` may do `name` (to `obj`): the predicate alone, superusers included."""
    if not rules.perm_exists(name):
        raise KeyError(f"no rule named {name!r}")
    return bool(rules.has_perm(name, user, obj))


def refusal(name, obj=None) -> str:
    text = _refusals.get(name, DEFAULT_REFUSAL)
    return str(text(obj) if callable(text) else text)


def check(user, name, obj=None) -> None:
    """Raise PermissionDenied with the rule's translated refusal unless `user` may do `name`."""
    if not allowed(user, name, obj):
        raise PermissionDenied(refusal(name, obj))
