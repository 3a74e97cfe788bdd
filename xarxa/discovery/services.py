"""Suggestions, each with its reasons. Reads only; every read goes through the visibility QuerySets."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from xarxa.accounts.details import detail_is_visible
from xarxa.accounts.models import Profile
from xarxa.activity.models import Activity
from xarxa.content.models import Content
from xarxa.follows.models import Follow
from xarxa.spaces.models import Space, member_space_ids
from xarxa.topics.models import Topic

CANDIDATES = 50
TRENDING_DAYS = 7


@dataclass
class Suggestion:
    item: object
    reasons: list = field(default_factory=list)
    score: float = 0


def _followed_user_ids(user):
    return Follow.objects.filter(follower=user, user__isnull=False).values("user_id")


def _profile_of(user):
    return Profile.objects.filter(user=user).select_related("organisation").first()


# People you may know ---------------------------------------------------------------------------------

def people_you_may_know(user, limit=6) -> list[Suggestion]:
    """Members sharing many people you follow, your organisation, your topics or your country;
    never yourself nor anyone you already follow, and only profiles you may see."""
    profile = _profile_of(user) if user.is_authenticated else None
    if profile is None:
        return []
    followed = set(_followed_user_ids(user).values_list("user_id", flat=True))
    excluded = followed | {user.pk}
    mutual = Counter(dict(
        Follow.objects.filter(follower__in=followed, user__isnull=False).exclude(user__in=excluded)
        .values_list("user_id").annotate(n=Count("follower", distinct=True)).order_by("-n")[:CANDIDATES]))
    topics = Counter(dict(
        Profile.topics.through.objects.filter(topic__in=profile.topics.values("pk")).exclude(profile_id__in=excluded)
        .values_list("profile_id").annotate(n=Count("topic_id")).order_by("-n")[:CANDIDATES]))
    colleagues = set()
    if profile.organisation_id:
        colleagues = set(Profile.objects.showing("organisation", user)
                         .filter(organisation_id=profile.organisation_id).exclude(user_id__in=excluded)
                         .order_by("-created_at").values_list("user_id", flat=True)[:CANDIDATES])
    scores = Counter()
    for user_id, n in mutual.items():
        scores[user_id] += 3 * n
    for user_id, n in topics.items():
        scores[user_id] += 2 * n
    for user_id in colleagues:
        scores[user_id] += 4
    ranked_ids = [user_id for user_id, _score in scores.most_common(limit * 3)]
    profiles = Profile.objects.visible_to(user).for_cards().filter(user_id__in=ranked_ids)
    found = []
    for other in profiles:
        reasons = []
        if mutual.get(other.user_id):
            n = mutual[other.user_id]
            reasons.append(ngettext("%(count)d person you follow follows them",
                                    "%(count)d people you follow follow them", n) % {"count": n})
        if other.user_id in colleagues:
            reasons.append(_("Also works at %(organisation)s") % {"organisation": profile.organisation.name})
        if topics.get(other.user_id):
            n = topics[other.user_id]
            reasons.append(ngettext("Knows about %(count)d of your topics",
                                    "Knows about %(count)d of your topics", n) % {"count": n})
        same_country = (bool(profile.country) and other.country == profile.country
                        and detail_is_visible(user, other, "location"))
        if same_country:
            reasons.append(_("Also in %(country)s") % {"country": other.country.name})
        found.append(Suggestion(other, reasons, scores[other.user_id] + (1 if same_country else 0)))
    found.sort(key=lambda s: (-s.score, s.item.full_name, s.item.user_id))
    return found[:limit]


# Groups for you --------------------------------------------------------------------------------------

def groups_for_you(user, limit=6) -> list[Suggestion]:
    """Listed groups you have not joined where people you follow are members or that share your topics
    (those you know about and those you follow). Secret groups are never suggested."""
    profile = _profile_of(user) if user.is_authenticated else None
    if profile is None:
        return []
    followed = _followed_user_ids(user)
    my_topics = Topic.objects.filter(Q(experts=profile) | Q(followers__follower=user)).values("pk")
    groups = (Space.objects.visible_to(user).of_kind(Space.Kind.GROUP).exclude(visibility=Space.Visibility.SECRET)
              .exclude(pk__in=member_space_ids(user))
              .annotate(followed_members=Count("memberships", filter=Q(memberships__user__in=followed), distinct=True),
                        shared_topics=Count("topics", filter=Q(topics__in=my_topics), distinct=True))
              .filter(Q(followed_members__gt=0) | Q(shared_topics__gt=0))
              .order_by("-followed_members", "-shared_topics", "-member_count", "name")
              .select_related("organisation")[:limit])
    found = []
    for group in groups:
        reasons = []
        if group.followed_members:
            n = group.followed_members
            reasons.append(ngettext("%(count)d person you follow is a member",
                                    "%(count)d people you follow are members", n) % {"count": n})
        if group.shared_topics:
            reasons.append(ngettext("About %(count)d of your topics", "About %(count)d of your topics",
                                    group.shared_topics) % {"count": group.shared_topics})
        found.append(Suggestion(group, reasons, group.followed_members * 2 + group.shared_topics))
    return found


# Trending this week ----------------------------------------------------------------------------------

def _recent_visible_activity(user, days=TRENDING_DAYS):
    since = timezone.now() - timedelta(days=days)
    return Activity.objects.filter(created_at__gte=since,
                                   content__in=Content.objects.visible_to(user).published().values("pk"))


def trending_content(user, limit=5, kind=None) -> list[Suggestion]:
    """The items with the most activity this week that `user` may read (replies, reactions, edits...)."""
    activity = _recent_visible_activity(user)
    if kind:
        activity = activity.filter(content__kind=kind)
    counts = list(activity.values_list("content_id").annotate(n=Count("pk"), people=Count("actor", distinct=True))
                  .order_by("-n", "-content_id")[:limit])
    items = Content.objects.visible_to(user).for_lists().in_bulk([row[0] for row in counts])
    found = []
    for content_id, n, people in counts:
        if content_id in items:
            reason = ngettext("%(count)d act this week", "%(count)d acts this week", n) % {"count": n}
            people_reason = ngettext("by %(count)d person", "by %(count)d people", people) % {"count": people}
            found.append(Suggestion(items[content_id], [f"{reason} {people_reason}"], n))
    return found


def trending_topics(user, limit=8) -> list[Suggestion]:
    """Topics of the items with the most activity this week (counting only items `user` may read),
    plus topics newly followed this week."""
    since = timezone.now() - timedelta(days=TRENDING_DAYS)
    on_content = Counter(dict(_recent_visible_activity(user).filter(content__topics__isnull=False)
                              .values_list("content__topics").annotate(n=Count("pk")).order_by("-n")[:CANDIDATES]))
    followed = Counter(dict(Activity.objects.filter(created_at__gte=since, topic__isnull=False)
                            .values_list("topic").annotate(n=Count("pk")).order_by("-n")[:CANDIDATES]))
    totals = on_content + followed
    topics = Topic.objects.in_bulk([topic_id for topic_id, _n in totals.most_common(limit)])
    found = []
    for topic_id, n in totals.most_common(limit):
        if topic_id in topics:
            found.append(Suggestion(topics[topic_id], [ngettext("%(count)d act this week", "%(count)d acts this week",
                                                                n) % {"count": n}], n))
    return found


# Related content -------------------------------------------------------------------------------------

def related_content(content, user, limit=5) -> list[Suggestion]:
    """Other published items `user` may read that share the most topics with `content` (newest first among
    equals); without topics, the newest items of the same group."""
    item = content.item
    topic_ids = list(item.topics.values_list("pk", flat=True))
    others = (Content.objects.visible_to(user).published().originals().exclude(pk=item.pk)
              .select_related("space"))
    if topic_ids:
        rows = (others.filter(topics__in=topic_ids).annotate(shared=Count("topics", distinct=True))
                .prefetch_related(Prefetch("topics", queryset=Topic.objects.filter(pk__in=topic_ids),
                                           to_attr="shared_topics"))
                .order_by("-shared", "-published_at", "-pk")[:limit])
        return [Suggestion(row, [_("Also about %(topics)s") % {"topics": ", ".join(t.name for t in row.shared_topics)}],
                           row.shared) for row in rows]
    if item.space_id is None:
        return []
    rows = others.filter(space_id=item.space_id).order_by("-published_at", "-pk")[:limit]
    return [Suggestion(row, [_("In the same group")]) for row in rows]
