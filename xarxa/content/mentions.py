"""@mentions are recorded here; notifications will subscribe to `member_mentioned`.

A signal rather than a call: the notifications app comes later and content must not import it.
Only members who may read the item are recorded, so no mention can tell an outsider that it exists.
"""

from django.db import transaction
from django.dispatch import Signal

from xarxa.content.models import Mention

# Sent once per new mention, after the transaction commits: sender=Mention, mention=<Mention>.
member_mentioned = Signal()


def record_mentions(content, comment, author, users) -> list[Mention]:
    from xarxa.content.rules import can_read_content

    already = set(Mention.objects.filter(content=content, comment=comment).values_list("user_id", flat=True))
    new = [
        Mention(user=user, by=author, content=content, comment=comment)
        for user in users
        if user.pk not in already and user.pk != getattr(author, "pk", None) and can_read_content(user, content)
    ]
    if not new:
        return []
    Mention.objects.bulk_create(new, ignore_conflicts=True)
    for mention in new:
        transaction.on_commit(lambda m=mention: member_mentioned.send(sender=Mention, mention=m))
    return new
