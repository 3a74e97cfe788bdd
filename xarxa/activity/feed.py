"""Feeds, read from the activity log at request time (fan-out on read; see bench/feed.py for why).

Every feed starts from `visible_activities(reader)`: the live visibility of the content, the space,
the comment and the people involved is joined into the query itself, so an activity about content
that has since become private or been hidden simply drops out. Pages are keyset-paginated on
(created_at, id): activity that arrives while someone scrolls lands above what they have read and
never shifts the next page, so there are no duplicates and no gaps.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Q

from xarxa.accounts.models import Profile
from xarxa.activity.models import Activity, Mute, Verb
from xarxa.content.models import Content
from xarxa.follows.models import Follow
from xarxa.spaces.models import Membership, Space

PER_PAGE = 20
# Several members doing the same to one item read better as one line: "Ana and 4 others commented on…".
GROUPED_VERBS = {Verb.COMMENTED, Verb.REACTED, Verb.JOINED, Verb.RSVPED}


def visible_activities(reader):
    """Every activity `reader` may see, whoever did it."""
    people = Profile.objects.visible_to(reader).values("user_id")
    shown = (
        (Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(reader).values("pk")))
        & (Q(content__isnull=True) | Q(content__in=Content.objects.visible_to(reader).values("pk")))
        & (Q(comment__isnull=True) | Q(comment__is_hidden=False, comment__is_deleted=False))
        & Q(actor_id__in=people)
        & (Q(target_user__isnull=True) | Q(target_user_id__in=people))
    )
    return Activity.objects.filter(shown)


def without_muted(activities, reader):
    if not reader.is_authenticated:
        return activities
    mutes = Mute.objects.filter(user=reader)
    return activities.exclude(actor_id__in=mutes.filter(muted_user__isnull=False).values("muted_user_id")).exclude(
        space_id__in=mutes.filter(muted_space__isnull=False).values("muted_space_id"))


def home_activities(reader):
    """What the people, organisations, topics and groups `reader` follows have been doing."""
    follows = Follow.objects.filter(follower=reader)
    followed_people = follows.filter(user__isnull=False).values("user_id")
    colleagues = Profile.objects.filter(
        organisation_id__in=follows.filter(organisation__isnull=False).values("organisation_id")).values("user_id")
    tagged = Content.topics.through.objects.filter(
        topic_id__in=follows.filter(topic__isnull=False).values("topic_id")).values("content_id")
    joined = Membership.objects.filter(user=reader).values("space_id")
    sources = (Q(actor_id__in=followed_people) | Q(actor_id__in=colleagues) | Q(content_id__in=tagged)
               | Q(space_id__in=joined))
    return without_muted(visible_activities(reader).filter(sources).exclude(actor=reader), reader)


def public_activities(reader):
    """The network's "what's happening": for a visitor, public content and public groups only."""
    return without_muted(visible_activities(reader), reader)


def space_activities(reader, space):
    return without_muted(visible_activities(reader).filter(space=space), reader)


def profile_activities(reader, member):
    return visible_activities(reader).filter(actor=member)


# Pages ------------------------------------------------------------------------------------------

def cursor_of(activity) -> str:
    return f"{activity.created_at.isoformat()}_{activity.pk}"


def parse_cursor(cursor: str | None):
    """(created_at, id) from a cursor, or None for the first page (also for a mangled cursor)."""
    if not cursor:
        return None
    stamp, _sep, pk = cursor.rpartition("_")
    try:
        when = datetime.fromisoformat(stamp.replace(" ", "+"))  # a "+" in a query string arrives as a space
        return (when, int(pk)) if when.tzinfo else None
    except ValueError:
        return None


@dataclass
class FeedItem:
    """One line of a feed: an activity, or several alike about the same item."""

    activity: Activity
    actors: list = field(default_factory=list)

    @property
    def others(self) -> int:
        return len(self.actors) - 1


@dataclass
class FeedPage:
    items: list
    next_cursor: str | None


def feed_page(activities, cursor=None, per_page=PER_PAGE) -> FeedPage:
    """One page, newest first, after `cursor`: one query whatever the page holds."""
    position = parse_cursor(cursor)
    if position is not None:
        when, pk = position
        activities = activities.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))
    rows = list(
        activities.select_related("actor__profile", "content", "comment", "space", "target_user__profile",
                                  "organisation", "topic")
        .order_by("-created_at", "-id")[: per_page + 1]
    )
    more = len(rows) > per_page
    rows = rows[:per_page]
    return FeedPage(items=group(rows), next_cursor=cursor_of(rows[-1]) if more else None)


def group(rows) -> list[FeedItem]:
    """Merge the rows of one page that did the same to the same item, keeping the newest in front.
    Grouping stays inside a page so the cursor (the page's last row) still means "seen up to here"."""
    items, by_key = [], {}
    for activity in rows:
        key = (activity.verb, activity.content_id, activity.space_id if activity.content_id is None else None)
        if activity.verb in GROUPED_VERBS and (activity.content_id or activity.verb == Verb.JOINED):
            item = by_key.get(key)
            if item is not None:
                if activity.actor not in item.actors:
                    item.actors.append(activity.actor)
                continue
            item = by_key[key] = FeedItem(activity, [activity.actor])
        else:
            item = FeedItem(activity, [activity.actor])
        items.append(item)
    return items
