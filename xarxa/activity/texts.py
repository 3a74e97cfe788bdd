"""A feed line as one whole sentence per verb, in the active language.

The same sentences serve e-mails (plain text, `describe_item`) and pages (`describe_item_html`, where the
member, the object and the group are links): translators see "%(who)s commented on %(object)s" whole, and
"Ana and 2 others are going to…" is its own plural sentence, never a name glued to a verb label.
"""

from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, ngettext, pgettext

from xarxa.activity.models import Verb
from xarxa.core.reversing import reverse_cached

# One sentence per verb; the "in %(group)s" forms name the group of an item shown outside that group.
ALONE = {
    Verb.PUBLISHED: gettext_lazy("%(who)s published %(object)s"),
    Verb.COMMENTED: gettext_lazy("%(who)s commented on %(object)s"),
    Verb.REACTED: gettext_lazy("%(who)s reacted to %(object)s"),
    Verb.JOINED: gettext_lazy("%(who)s joined %(object)s"),
    Verb.FOLLOWED: gettext_lazy("%(who)s followed %(object)s"),
    Verb.ANSWERED: gettext_lazy("%(who)s marked a useful answer in %(object)s"),
    Verb.EDITED: gettext_lazy("%(who)s edited %(object)s"),
    Verb.RSVPED: gettext_lazy("%(who)s is going to %(object)s"),
    Verb.REPLICATED: gettext_lazy("%(who)s applied %(object)s"),
}
ALONE_IN_GROUP = {
    Verb.PUBLISHED: gettext_lazy("%(who)s published %(object)s in %(group)s"),
    Verb.COMMENTED: gettext_lazy("%(who)s commented on %(object)s in %(group)s"),
    Verb.REACTED: gettext_lazy("%(who)s reacted to %(object)s in %(group)s"),
    Verb.ANSWERED: gettext_lazy("%(who)s marked a useful answer in %(object)s in %(group)s"),
    Verb.EDITED: gettext_lazy("%(who)s edited %(object)s in %(group)s"),
    Verb.RSVPED: gettext_lazy("%(who)s is going to %(object)s in %(group)s"),
    Verb.REPLICATED: gettext_lazy("%(who)s applied %(object)s in %(group)s"),
}
# Only the grouped verbs (feed.GROUPED_VERBS) have several actors. Functions of the count, so the plural
# form is chosen before the sentence is filled in (the page version escapes the sentence, then fills it).
WITH_OTHERS = {
    Verb.COMMENTED: lambda n: ngettext("%(who)s and %(count)d other commented on %(object)s",
                                       "%(who)s and %(count)d others commented on %(object)s", n),
    Verb.REACTED: lambda n: ngettext("%(who)s and %(count)d other reacted to %(object)s",
                                     "%(who)s and %(count)d others reacted to %(object)s", n),
    Verb.JOINED: lambda n: ngettext("%(who)s and %(count)d other joined %(object)s",
                                    "%(who)s and %(count)d others joined %(object)s", n),
    Verb.RSVPED: lambda n: ngettext("%(who)s and %(count)d other are going to %(object)s",
                                    "%(who)s and %(count)d others are going to %(object)s", n),
}
WITH_OTHERS_IN_GROUP = {
    Verb.COMMENTED: lambda n: ngettext("%(who)s and %(count)d other commented on %(object)s in %(group)s",
                                       "%(who)s and %(count)d others commented on %(object)s in %(group)s", n),
    Verb.REACTED: lambda n: ngettext("%(who)s and %(count)d other reacted to %(object)s in %(group)s",
                                     "%(who)s and %(count)d others reacted to %(object)s in %(group)s", n),
    Verb.RSVPED: lambda n: ngettext("%(who)s and %(count)d other are going to %(object)s in %(group)s",
                                    "%(who)s and %(count)d others are going to %(object)s in %(group)s", n),
}

# One member's follows on a page read as one line (feed.group): the two newest things followed are named,
# the rest counted. Whole sentences, the list separators inside them; a line of one follow is ALONE's.
# Translators: one member followed two things (members, groups, organisations or topics), each named.
FOLLOWED_TWO = gettext_lazy("%(who)s followed %(first)s and %(second)s")


def followed_more(n):
    # Translators: one member followed the two named things and %(count)d more (members, groups,
    # organisations or topics); the count is at least 1.
    return ngettext("%(who)s followed %(first)s, %(second)s and %(count)d more",
                    "%(who)s followed %(first)s, %(second)s and %(count)d more", n)


def sentence_template(item, in_group: bool) -> str:
    """The translated sentence for the item's verb, with the right plural, not yet filled in."""
    verb, others = item.activity.verb, item.others
    if len(item.followed) > 1:
        return followed_more(item.more_followed) if item.more_followed else str(FOLLOWED_TWO)
    if others and verb in WITH_OTHERS:
        table = WITH_OTHERS_IN_GROUP if in_group and verb in WITH_OTHERS_IN_GROUP else WITH_OTHERS
        return table[verb](others)
    table = ALONE_IN_GROUP if in_group and verb in ALONE_IN_GROUP else ALONE
    return str(table.get(verb, ALONE[Verb.PUBLISHED]))


def names_group(activity, on_group_page: bool) -> bool:
    """An item in a group names the group, except on that group's own feed."""
    return bool(activity.content_id and activity.space_id and not on_group_page)


def object_name(activity) -> str:
    if activity.content_id:
        return pgettext("a title quoted in a sentence", "“%(title)s”") % {"title": activity.content.title}
    if activity.target_user_id:
        return activity.target_user.display_name
    if activity.space_id:
        return activity.space.name
    if activity.organisation_id:
        return activity.organisation.name
    if activity.topic_id:
        return activity.topic.name
    return ""


def count_of(item) -> int:
    """The number in the item's sentence: the other members, or the things followed left unnamed."""
    return item.more_followed if len(item.followed) > 1 else item.others


def named_objects(item, name) -> dict:
    """The first and second things a member followed, for the grouped follow sentences."""
    return dict(zip(("first", "second"), (name(activity) for activity in item.followed[:2]), strict=False))


def describe_item(item, on_group_page=False) -> str:
    """The plain-text sentence (e-mails)."""
    activity = item.activity
    in_group = names_group(activity, on_group_page)
    return sentence_template(item, in_group) % {
        "who": activity.actor.display_name, "count": count_of(item), "object": object_name(activity),
        "group": activity.space.name if in_group else "", **named_objects(item, object_name)}


def describe_item_html(item, on_group_page=False) -> str:
    """The same sentence for a page: the member and the object(s) are links; every name is escaped."""
    activity = item.activity
    in_group = names_group(activity, on_group_page)
    values = {
        "who": format_html('<a href="{}">{}</a>', member_url(activity.actor), activity.actor.display_name),
        "object": object_link(activity),
        "group": conditional_escape(activity.space.name) if in_group else "",
        "count": count_of(item),
        **named_objects(item, object_link),
    }
    return mark_safe(escape(sentence_template(item, in_group)) % values)  # noqa: S308 - every part escaped


def object_link(activity) -> str:
    return format_html('<a href="{}">{}</a>', object_url(activity), object_name(activity))


def member_url(user) -> str:
    return reverse_cached("accounts:profile", user.username)


def object_url(activity) -> str:
    if activity.comment_id and activity.content_id:  # no extra query for the comment's own content
        return f"{activity.content.get_absolute_url()}#comment-{activity.comment_id}"
    for obj in (activity.content, activity.target_user, activity.space, activity.organisation,
                activity.topic):
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return member_url(obj) if obj is activity.target_user else obj.get_absolute_url()
    return "/"
