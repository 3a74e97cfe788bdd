"""Declared lifecycles: the states a row may be in and the named transitions between them.

    CONTENT = Lifecycle("status", {
        "publish": Transition({"draft", "scheduled"}, "published"),
        "restore": Transition({"hidden"}, lambda item: item.status_before_hidden),
    })
    CONTENT.transition(content, "publish")   # sets content.status, or refuses and changes nothing

A transition only changes the attribute on the instance; the service that calls it saves, inside its
transaction, with whatever else the act changes. A refused transition raises ValidationError with the
transition's translated refusal (code "transition"), before anything is touched.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Transition:
    sources: frozenset
    target: str | Callable  # a state, or a function of the row giving one (e.g. "the state before hiding")
    refusal: str | None = None

    def __init__(self, sources, target, refusal=None):
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "refusal", refusal)

    def target_for(self, obj):
        return self.target(obj) if callable(self.target) else self.target


DEFAULT_REFUSAL = _("This cannot be done in its current state.")


class Lifecycle:
    def __init__(self, field, transitions, refusal=DEFAULT_REFUSAL):
        self.field = field
        self.transitions = dict(transitions)
        self.refusal = refusal

    def state(self, obj):
        return getattr(obj, self.field)

    def get(self, name) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise KeyError(f"no transition named {name!r}") from None

    def sources(self, name) -> frozenset:
        """The states `name` may start from (to filter rows a bulk transition applies to)."""
        return self.get(name).sources

    def can(self, obj, name) -> bool:
        return self.state(obj) in self.get(name).sources

    def check(self, obj, name) -> Transition:
        step = self.get(name)
        if self.state(obj) not in step.sources:
            raise ValidationError(str(step.refusal or self.refusal), code="transition")
        return step

    def transition(self, obj, name):
        """Move `obj` along `name` (in memory) and return the state it left; refuse if it cannot."""
        step = self.check(obj, name)
        before = self.state(obj)
        setattr(obj, self.field, step.target_for(obj))
        return before

    def apply_to(self, queryset, name, **fields) -> int:
        """Move every row of `queryset` that may take `name` (a transition to a fixed state) in one UPDATE,
        with `fields` besides; rows in other states are left as they are. Returns how many moved."""
        step = self.get(name)
        if callable(step.target):
            raise ValueError(f"{name!r} depends on each row: move them one by one")
        return queryset.filter(**{f"{self.field}__in": step.sources}).update(**{self.field: step.target}, **fields)

    def table(self):
        """[(name, sorted sources, target)] for the documentation and the tests."""
        rows = []
        for name, step in self.transitions.items():
            target = step.target if not callable(step.target) else getattr(step.target, "__doc__", "?")
            rows.append((name, sorted(step.sources), target))
        return rows
