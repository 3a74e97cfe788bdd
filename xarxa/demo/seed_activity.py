"""Demo activity, notifications and private messages, derived from what the other seeds created.

The other seeds write rows directly (bulk), not through services, so no activity was logged; this
replays their acts into the log with their own timestamps, tells authors about replies and
reactions, and starts a few conversations. Deterministic for a given random.Random and users order.

Called by seed_demo last: seed_activity(rng, users).
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from xarxa.activity.models import Activity, Verb
from xarxa.content.models import Comment, Content, Reaction
from xarxa.core.markdown import render_markdown
from xarxa.follows.models import Follow
from xarxa.messaging.models import Conversation, Message, Participant
from xarxa.notifications.models import Kind, Notification
from xarxa.spaces.models import Membership

LINES = [
    "¿Tienes un momento esta semana para hablar del pliego?",
    "Te paso el enlace al informe que comentamos.",
    "Obrigada pela ajuda com os dados abertos!",
    "Gràcies! Ho comentem a la reunió de dijous.",
    "Thanks, I will share it with my team.",
]


RECENT_FOLLOWS = 5000


@transaction.atomic
def seed_activity(rng, users) -> dict:
    rows = []
    for m in Membership.objects.order_by("pk"):
        rows.append(Activity(actor_id=m.user_id, verb=Verb.JOINED, space_id=m.space_id, created_at=m.joined_at))
    for c in Content.objects.filter(original__isnull=True, author__isnull=False).order_by("pk"):
        rows.append(Activity(actor_id=c.author_id, verb=Verb.PUBLISHED, content_id=c.pk, space_id=c.space_id,
                             created_at=c.published_at or c.created_at))
    for c in Comment.objects.filter(author__isnull=False).select_related("content").order_by("pk"):
        rows.append(Activity(actor_id=c.author_id, verb=Verb.COMMENTED, content_id=c.content_id, comment_id=c.pk,
                             space_id=c.content.space_id, created_at=c.created_at))
    for r in Reaction.objects.filter(content__isnull=False).select_related("content").order_by("pk"):
        rows.append(Activity(actor_id=r.user_id, verb=Verb.REACTED, content_id=r.content_id,
                             space_id=r.content.space_id, created_at=r.created_at))
    # The newest follows only: a large network has millions, and the feed shows the recent ones.
    for f in Follow.objects.order_by("-created_at", "-pk")[:RECENT_FOLLOWS]:
        rows.append(Activity(actor_id=f.follower_id, verb=Verb.FOLLOWED, target_user_id=f.user_id,
                             organisation_id=f.organisation_id, topic_id=f.topic_id, created_at=f.created_at))
    # created_at is auto_now_add: bulk_create keeps explicit values only through a later update.
    created = Activity.objects.bulk_create(rows, batch_size=2000)
    for activity, row in zip(created, rows, strict=True):
        activity.created_at = row.created_at
    Activity.objects.bulk_update(created, ["created_at"], batch_size=2000)

    notifications = [
        Notification(recipient_id=c.content.author_id, kind=Kind.REPLY, actor_id=c.author_id,
                     content_id=c.content_id, comment_id=c.pk, space_id=c.content.space_id)
        for c in Comment.objects.filter(author__isnull=False, content__author__isnull=False)
        .select_related("content").order_by("-pk")[:300]
        if c.author_id != c.content.author_id
    ]
    Notification.objects.bulk_create(notifications, batch_size=2000)

    conversations = 0
    people = list(users)
    now = timezone.now()
    for _ in range(min(12, len(people) // 2)):
        a, b = rng.sample(people, 2)
        conversation = Conversation.objects.create()
        Participant.objects.bulk_create([Participant(conversation=conversation, user=a),
                                         Participant(conversation=conversation, user=b)])
        when = now - timedelta(hours=rng.randint(1, 240))
        messages = []
        for turn in range(rng.randint(1, 4)):
            body = rng.choice(LINES)
            messages.append(Message(conversation=conversation, sender=(a, b)[turn % 2], body=body,
                                    body_html=render_markdown(body)))
        created_messages = Message.objects.bulk_create(messages)
        for turn, message in enumerate(created_messages):
            message.created_at = when + timedelta(minutes=7 * turn)
        Message.objects.bulk_update(created_messages, ["created_at"])
        Conversation.objects.filter(pk=conversation.pk).update(last_message_at=created_messages[-1].created_at)
        Participant.objects.filter(conversation=conversation, user=created_messages[-1].sender).update(
            last_read_at=created_messages[-1].created_at)
        conversations += 1
    return {"activities": len(created), "notifications": len(notifications), "conversations": conversations}

