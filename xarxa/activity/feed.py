"""Feeds, read from the activity log at request time (fan-out on read).

Feed design (issue 6, measured with bench/feed.py on PostgreSQL; the figures are there):
- Every feed is keyset-paginated on (created_at, id): activity that arrives while someone scrolls lands
  above what they have read and never shifts the next page, so there are no duplicates and no gaps.
- Visibility is live: `visible_activities(reader)` checks the content, the group, the comment and the
  people involved as they are now, so an activity about content since made private or hidden drops out.
  It checks them row by row (`is_one_of`) because a page reads a few dozen rows.
- The public, group and profile feeds are one query each, walking one index (newest first, the group's,
  the actor's).
- The home feed is one small query per source (people and colleagues, groups, topics) that reads only
  candidate keys, merged in Python; one more query checks their visibility and loads the page
  (`MergedFeed`). Medians on a busy shared machine: at 1M activities a heavy reader's page took 0.4 s
  and a light reader's 0.2 s where the single OR query took 1.2 s and 5.6 s; at 5M, 0.3 s and 0.2 s
  against 1.4 s and 4.3 s (the queries themselves: ~70 ms in all for the heavy reader).
- No materialised timeline: each page costs a handful of index walks that do not grow with the table.
- CPU (issue 13, bench/pages.py): building and compiling the visibility condition cost more than running
  it, so the home feed's is compiled once per kind of reader (`reader_shape`) and process and its ids
  filled in (`visible_among`); the reader's mutes come with their follows and groups, as literal lists.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef, Q, Subquery, Value
from django.db.models.expressions import RawSQL
from django.db.models.lookups import IsNull

from xarxa.accounts.models import Profile
from xarxa.activity.models import Activity, Mute, Verb
from xarxa.content.models import Content
from xarxa.follows.models import Follow
from xarxa.spaces.models import Membership, Space

PER_PAGE = 20
# Several members doing the same to one item read better as one line: "Ana and 4 others commented on…".
GROUPED_VERBS = {Verb.COMMENTED, Verb.REACTED, Verb.JOINED, Verb.RSVPED}


def visible_activities(reader):
    """Every activity `reader` may see, whoever did it.

    The content and the people are checked row by row (`is_one_of`), probing primary keys, rather than
    with an IN over all visible content and people: a feed page reads a few dozen rows, and PostgreSQL
    would otherwise hash every visible item and profile of the network for each query (most of a second
    at a million activities; see bench/feed.py). The few groups are cheap to read whole."""
    return Activity.objects.filter(shown_to(reader))


def shown_to(reader) -> Q:
    """The condition of visible_activities. Every decision it takes in Python rather than in SQL is about
    the reader alone and must be part of `reader_shape` (the page query of the home feed is compiled once
    per shape, see visible_among)."""
    people = Profile.objects.visible_to(reader)
    return (
        (Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(reader).values("pk")))
        & (Q(content__isnull=True) | Q(is_one_of("content_id", Content.objects.visible_to(reader), "pk")))
        & (Q(comment__isnull=True) | Q(comment__is_hidden=False, comment__is_deleted=False))
        & Q(is_one_of("actor_id", people, "user_id"))
        & (Q(target_user__isnull=True) | Q(is_one_of("target_user_id", people, "user_id")))
        & attendance_shown_to(reader)
    )


def reader_shape(reader) -> tuple:
    """What `shown_to(reader)` decides in Python (which conditions it writes), with the reader's id:
    two readers of one shape get the same SQL. Everything else it checks (memberships, follows, the state
    of each item, profile and group) is inside the SQL and read live by every query."""
    from xarxa.content.models import is_network_moderator

    if not reader.is_authenticated:
        return ("visitor",)
    return (reader.pk, reader.is_staff, reader.is_active, reader.is_approved, is_network_moderator(reader),
            getattr(reader, "_has_verified_email", None))


# The SQL of "these activities, those of them the reader may see", per reader shape, in this process:
# building and compiling the visibility condition (three scalar subqueries, each with its own visibility
# rules) cost the home feed more CPU than running it (bench/pages.py, issue 13).
_VISIBLE_SQL: dict = {}
_VISIBLE_SQL_SIZE = 2000
_MARK = -13  # an id no activity has, to find the list of ids in the compiled SQL


def visible_among(reader, keys, using="default") -> Q:
    """Q: the activity is one of `keys` and `reader` may see it (visible_activities), as a subquery whose
    SQL is compiled once per reader shape (reader_shape) and process; the ids are filled in each time."""
    shape = reader_shape(reader)
    compiled = _VISIBLE_SQL.get((using, shape))
    if compiled is None:
        from django.db import connections

        query = Activity.objects.filter(pk__in=[_MARK]).filter(shown_to(reader)).values("pk").query
        sql, params = query.get_compiler(using).as_sql()
        quote = connections[using].ops.quote_name
        column = f"{quote(Activity._meta.db_table)}.{quote('id')}"
        if sql.count(f"{column} IN (%s)") != 1 or not params or params[0] != _MARK:  # unexpected: no shortcut
            return Q(pk__in=keys) & shown_to(reader)
        if len(_VISIBLE_SQL) >= _VISIBLE_SQL_SIZE:
            _VISIBLE_SQL.clear()
        head, tail = sql.split(f"{column} IN (%s)")
        compiled = _VISIBLE_SQL[(using, shape)] = (head, column, tail, tuple(params[1:]))
    head, column, tail, params = compiled
    return Q(pk__in=RawSQL(f"{head}{column} IN ({', '.join(['%s'] * len(keys))}){tail}", (*keys, *params)))


def attendance_shown_to(reader) -> Q:
    """Who is going to an event is for those who may see its attendee list (events.rules.can_manage_attendees:
    the organiser, the group's moderators, the network's), never a public line in the feeds. Built in SQL so
    it costs the feed no query of its own."""
    answer = Q(verb=Verb.RSVPED)
    if not reader.is_authenticated:
        return ~answer
    if reader.is_staff:
        return Q()
    network_moderator = Exists(Group.user_set.through.objects.filter(user_id=reader.pk, group__name="moderators"))
    moderated = Membership.objects.filter(user_id=reader.pk, role__in=Membership.MODERATING_ROLES).values("space_id")
    return ~answer | Q(content__author_id=reader.pk) | Q(space_id__in=moderated) | Q(network_moderator)


def is_one_of(column, queryset, key):
    """`column` names a row of `queryset`: a scalar subquery on that row's key is not NULL.

    PostgreSQL hashes an IN or EXISTS under an OR (reading the whole queryset first, every query) but
    runs a scalar subquery per row, as an index probe, and only on the rows the cheaper conditions let
    through. "IS NOT NULL" keeps the planner's estimate of the share of rows shown near one (an equality
    with a subquery would be guessed at 0.5% and mislead it into reading every row of a source)."""
    return IsNull(Subquery(queryset.filter(**{key: OuterRef(column)}).values(key)[:1]), False)


def without_muted(activities, reader):
    if not reader.is_authenticated:
        return activities
    mutes = Mute.objects.filter(user=reader)
    return activities.exclude(actor_id__in=mutes.filter(muted_user__isnull=False).values("muted_user_id")).exclude(
        space_id__in=mutes.filter(muted_space__isnull=False).values("muted_space_id"))


def home_activities(reader) -> "MergedFeed":
    """What the people, organisations, topics and groups `reader` follows have been doing.

    One small query per source rather than one query with an OR of them: each source on its own walks an
    index (the actor's, the group's, the tagged item's, or the newest-first one) and stops after a few
    rows. What the reader follows is read first, in one query, so each source sees a literal list the
    planner can estimate. Visibility is applied once, to the merged candidates (see MergedFeed)."""
    people, spaces, topics, muted_people, muted_spaces = followed_sources(reader)
    candidates = Activity.objects.exclude(actor=reader)
    if len(muted_people) + len(muted_spaces) > LITERAL_IDS:
        candidates = without_muted(candidates, reader)
    else:  # the mutes were read with the rest: no subqueries in every source
        people = sorted(set(people).difference(muted_people))
        spaces = sorted(set(spaces).difference(muted_spaces))
        if muted_people:
            candidates = candidates.exclude(actor_id__in=muted_people)
        if muted_spaces:
            candidates = candidates.exclude(space_id__in=muted_spaces)
    sources = []
    if people:
        sources.append(candidates.filter(followed_people_q(reader, people)))
    if spaces:
        joined = spaces if len(spaces) <= LITERAL_IDS else Membership.objects.filter(user=reader).values("space_id")
        sources.append(candidates.filter(space_id__in=joined))
    if topics:
        tagged = Content.topics.through.objects.filter(topic_id__in=topics).values("content_id")
        sources.append(candidates.filter(content_id__in=tagged))
    return MergedFeed(sources, reader)


# A member may follow thousands; past this many ids the list goes back to being a subquery
# (SQLite refuses statements with more than 32,766 parameters; PostgreSQL plans huge lists slowly).
LITERAL_IDS = 2000


def followed_people_q(reader, people) -> Q:
    """Activity by the people `reader` follows or the colleagues of the organisations they follow."""
    if len(people) <= LITERAL_IDS:
        return Q(actor_id__in=people)
    followed, colleagues = people_followed(reader)
    return Q(actor_id__in=followed.values("user_id")) | Q(actor_id__in=colleagues.values("user_id"))


def people_followed(reader):
    """(the reader's follows of members, the profiles of the colleagues of the organisations they follow):
    the two ways a person enters the home feed, shared by the literal list and the subquery fallback."""
    follows = Follow.objects.filter(follower=reader)
    # Only colleagues who show their organisation to the reader: the feed must not reveal where they work.
    colleagues = Profile.objects.showing("organisation", reader).filter(
        organisation_id__in=follows.filter(organisation__isnull=False).values("organisation_id"))
    return follows.filter(user__isnull=False), colleagues


def followed_sources(reader) -> tuple[list, list, list, list, list]:
    """(people, groups, topics, muted people, muted groups) of the reader's feed, in one query: the people
    they follow and the colleagues of the organisations they follow, the groups they belong to, the topics
    they follow, and what they muted. A UNION of indexed reads (an OR of the first two would read every
    profile)."""
    followed, colleagues = people_followed(reader)
    people = followed.annotate(source=Value("person")).values_list("source", "user_id")
    colleagues = colleagues.annotate(source=Value("person")).values_list("source", "user_id")
    spaces = (Membership.objects.filter(user=reader).annotate(source=Value("space"))
              .values_list("source", "space_id"))
    topics = (Follow.objects.filter(follower=reader, topic__isnull=False).annotate(source=Value("topic"))
              .values_list("source", "topic_id"))
    mutes = Mute.objects.filter(user=reader)
    muted_people = (mutes.filter(muted_user__isnull=False).annotate(source=Value("muted person"))
                    .values_list("source", "muted_user_id"))
    muted_spaces = (mutes.filter(muted_space__isnull=False).annotate(source=Value("muted space"))
                    .values_list("source", "muted_space_id"))
    found = {"person": set(), "space": set(), "topic": set(), "muted person": set(), "muted space": set()}
    for source, pk in people.union(colleagues, spaces, topics, muted_people, muted_spaces, all=True):
        found[source].add(pk)
    return tuple(sorted(found[source]) for source in found)


class MergedFeed:
    """Several sources read as one feed, newest first.

    Each source query knows only what the reader follows (cheap, well estimated, one index walk) and
    gives the keys of its newest candidates after the cursor; the newest candidates of all sources,
    merged in Python without duplicates, are then read in one query through `visible` (the reader's
    visibility, checked row by row on those few rows) with their related objects. Checking visibility
    inside each source query instead made PostgreSQL cost every row it might walk with the visibility
    subqueries and choose to read and sort every activity of the people followed (see bench/feed.py)."""

    def __init__(self, sources, reader):
        self.sources = list(sources)
        self.reader = reader

    def filter(self, *args, **kwargs) -> "MergedFeed":
        return MergedFeed([source.filter(*args, **kwargs) for source in self.sources], self.reader)

    def visible(self, keys):
        """The activities among `keys` the reader may see (visible_activities), by one subquery."""
        return Activity.objects.filter(visible_among(self.reader, keys))

    def candidates(self, position, count) -> tuple[list[int], tuple | None]:
        """Ids of the `count` newest activities after `position` over every source, and the position of
        the last of them when the sources may hold more (None when every source is exhausted)."""
        keys, truncated = set(), False
        for source in self.sources:
            found = list(after(source, position).order_by("-created_at", "-id").values_list("created_at", "id")
                         [:count])
            keys.update(found)
            truncated = truncated or len(found) == count
        newest = sorted(keys, reverse=True)[:count]
        # More lie beyond the last kept key when a source filled its share, or when the sources together
        # gave more than `count` (the older ones were dropped here and must be read in the next round).
        horizon = newest[-1] if (truncated or len(keys) > count) and newest else None
        return [pk for _when, pk in newest], horizon


def public_activities(reader):
    """The network's "what's happening": for a visitor, public content and public groups only."""
    return without_muted(visible_activities(reader), reader)


def space_activities(reader, space):
    return without_muted(visible_activities(reader).filter(space=space), reader)


def profile_activities(reader, member):
    return visible_activities(reader).filter(actor=member)


# Pages ------------------------------------------------------------------------------------------

def cursor_of(activity) -> str:
    return position_cursor((activity.created_at, activity.pk))


def position_cursor(position) -> str:
    when, pk = position
    return f"{when.isoformat()}_{pk}"


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
    """One line of a feed: an activity, or several alike about the same item, or what one member followed.

    `activity` is the newest row of the line (where it stands in the feed); `actors` the members who did
    the same to one item; `followed` the activities of one member's follows, one per thing followed,
    newest first (empty for every other line)."""

    activity: Activity
    actors: list = field(default_factory=list)
    followed: list = field(default_factory=list)

    @property
    def others(self) -> int:
        return len(self.actors) - 1

    @property
    def more_followed(self) -> int:
        """How many things followed the line counts without naming (it names the two newest)."""
        return max(len(self.followed) - 2, 0)


@dataclass
class FeedPage:
    items: list
    next_cursor: str | None


def after(activities, position):
    """Activities strictly older than `position` in the feed's order (None: from the newest)."""
    if position is None:
        return activities
    when, pk = position
    return activities.filter(Q(created_at__lt=when) | Q(created_at=when, id__lt=pk))


RELATED = ("actor__profile", "content", "comment", "space", "target_user__profile", "organisation", "topic")


# Candidates read per source and round, as a multiple of the page: room for some that the reader may
# not see (hidden, private, by someone who hides their profile) before another round is needed.
CANDIDATES_PER_PAGE = 2
# Rounds of candidates per page at most; then the page may be short, and its "load more" goes on from
# the last candidate examined (still no duplicates or gaps), so a page's cost is bounded.
ROUNDS = 3


def feed_page(activities, cursor=None, per_page=PER_PAGE) -> FeedPage:
    """One page, newest first, after `cursor`, in a number of queries that does not grow with the page:
    one for a queryset; for a MergedFeed one per source and one to read the page (per round, usually one)."""
    position = parse_cursor(cursor)
    if isinstance(activities, MergedFeed):
        return merged_page(activities, position, per_page)
    rows = list(after(activities, position).select_related(*RELATED).order_by("-created_at", "-id")[: per_page + 1])
    return page_of(rows, per_page)


def page_of(rows, per_page, horizon=None) -> FeedPage:
    more = len(rows) > per_page
    rows = rows[:per_page]
    if more:
        return FeedPage(items=group(rows), next_cursor=cursor_of(rows[-1]))
    return FeedPage(items=group(rows), next_cursor=position_cursor(horizon) if horizon else None)


def merged_page(feed: MergedFeed, position, per_page) -> FeedPage:
    rows, horizon = [], None
    for _round in range(ROUNDS):
        keys, horizon = feed.candidates(position, CANDIDATES_PER_PAGE * (per_page + 1)) if feed.sources else ([], None)
        if keys:
            rows += feed.visible(keys).select_related(*RELATED).order_by("-created_at", "-id")[
                : per_page + 1 - len(rows)]
        if len(rows) > per_page or horizon is None:
            break
        position = horizon
    return page_of(rows, per_page, horizon)


def group(rows) -> list[FeedItem]:
    """Merge the rows of one page that did the same to the same item, and each member's follows, keeping
    the newest in front (the line stands where its newest row is).
    Grouping stays inside a page so the cursor (the page's last row) still means "seen up to here"."""
    items, by_key, follows_by = [], {}, {}
    for activity in rows:
        key = (activity.verb, activity.content_id, activity.space_id if activity.content_id is None else None)
        if activity.verb == Verb.FOLLOWED:
            item = follows_by.get(activity.actor_id)
            if item is not None:
                if followed_thing(activity) not in {followed_thing(row) for row in item.followed}:
                    item.followed.append(activity)
                continue
            item = follows_by[activity.actor_id] = FeedItem(activity, [activity.actor], [activity])
        elif activity.verb in GROUPED_VERBS and (activity.content_id or activity.verb == Verb.JOINED):
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


def followed_thing(activity) -> tuple:
    """What a FOLLOWED row is about (following again after unfollowing names it once)."""
    return (activity.target_user_id, activity.space_id, activity.organisation_id, activity.topic_id,
            activity.content_id)
