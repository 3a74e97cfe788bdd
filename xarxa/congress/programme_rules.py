"""The programme's decisions: who schedules and publishes it, who stars sessions. Reading a session is the
content rule (Content.objects.visible_to / can_read_content): an edition's sessions live in its space."""

import rules
from django.utils.translation import gettext_lazy as _

from xarxa.congress.rules import can_organise, can_read_edition
from xarxa.core.rulebook import rule


@rules.predicate
def is_session_organiser(user, session):
    return session is not None and bool(can_organise(user, session.edition))


@rules.predicate
def is_session_speaker(user, session):
    if session is None or not user.is_authenticated:
        return False
    cache = session.__dict__.setdefault("_speaker_cache", {})
    if user.pk not in cache:
        cache[user.pk] = session.speaker_rows.filter(user=user).exists()
    return cache[user.pk]


@rules.predicate
def can_read_session_edition(user, session):
    return session is not None and bool(can_read_edition(user, session.edition))


can_schedule = can_organise
can_star = rules.is_authenticated & can_read_session_edition
# A speaker adds the slides and links of their own session; the organisers any session's.
can_edit_materials = is_session_organiser | (is_session_speaker & can_read_session_edition)

rule("congress.schedule", can_schedule, refusal=_("Only the edition's organisers can change the programme."))
rule("congress.edit_session", is_session_organiser, refusal=_("Only the edition's organisers can edit sessions."))
rule("congress.star", can_star, refusal=_("Sign in and take part in the edition to build your agenda."))
rule("congress.edit_materials", can_edit_materials,
     refusal=_("Only the session's speakers and the organisers can change its materials."))
