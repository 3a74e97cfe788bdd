from xarxa.notifications.models import Kind


def on_member_mentioned(sender, mention, **kwargs):
    """Sent after the mention's transaction committed; this is a write of its own."""
    from xarxa.notifications.services import notify

    notify(mention.user, Kind.MENTION, actor=mention.by, content=mention.content, comment=mention.comment)


# After-commit events (xarxa/core/events.py): the lower layers announce, we tell the members concerned.

def on_activity_recorded(activity):
    from xarxa.notifications.services import notify_for_activity

    notify_for_activity(activity)


def on_content_moderated(actor, content, comment, action, reason):
    from xarxa.notifications.services import notify_moderation

    notify_moderation(actor, content, comment, action=action, reason=reason)


def on_join_requested(join_request):
    from xarxa.notifications.services import notify_join_request

    notify_join_request(join_request)


def on_join_decided(join_request):
    from xarxa.notifications.services import notify_join_decision

    notify_join_decision(join_request)


def on_invited(invitation):
    from xarxa.notifications.services import notify_invitation

    notify_invitation(invitation)


def on_co_speaker_invited(invitation):
    from xarxa.notifications.services import notify_co_speaker_invited

    notify_co_speaker_invited(invitation)


def on_co_speaker_answered(invitation):
    from xarxa.notifications.services import notify_co_speaker_answered

    notify_co_speaker_answered(invitation)


def on_proposal_decided(proposal, decision, speakers):
    from xarxa.notifications.services import notify_proposal_decided

    notify_proposal_decided(proposal, decision, speakers)


def on_slot_answered(proposal, actor, answer):
    from xarxa.notifications.services import notify_slot_answered

    notify_slot_answered(proposal, actor, answer)


def on_programme_published(version):
    """A new version of a congress programme: tell those its changes concern, in the background."""
    from xarxa.notifications.tasks import notify_programme_change

    notify_programme_change.enqueue(version.pk)


def on_event_reminder_due(event_id, start, user_ids):
    """Each member's reminder is a background task of its own, retried with back-off; if it cannot even be
    queued, staff see it as a failed task (never silent)."""
    from xarxa.core.tasks import record_failure
    from xarxa.notifications.tasks import send_event_reminder

    for user_id in user_ids:
        try:
            send_event_reminder.enqueue(user_id, event_id, start.isoformat())
        except Exception as error:
            record_failure(send_event_reminder.module_path,
                           {"args": [user_id, event_id, start.isoformat()], "kwargs": {}}, 0, error)


def on_nominated(nomination):
    from xarxa.notifications.services import notify_nominated

    notify_nominated(nomination)


def subscribe_all():
    from xarxa.core.events import subscribe

    subscribe("activity.recorded", on_activity_recorded)
    subscribe("content.moderated", on_content_moderated)
    subscribe("spaces.join_requested", on_join_requested)
    subscribe("spaces.join_decided", on_join_decided)
    subscribe("spaces.invited", on_invited)
    subscribe("congress.co_speaker_invited", on_co_speaker_invited)
    subscribe("congress.co_speaker_answered", on_co_speaker_answered)
    subscribe("congress.decided", on_proposal_decided)
    subscribe("congress.slot_answered", on_slot_answered)
    subscribe("congress.programme_published", on_programme_published)
    subscribe("events.reminder_due", on_event_reminder_due)
    subscribe("awards.nominated", on_nominated)
