"""A feed line as a sentence, in the active language (e-mails; the pages use activity/partials/item.html)."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


def who(item) -> str:
    name = item.activity.actor.display_name
    if item.others:
        return ngettext("%(name)s and %(count)d other", "%(name)s and %(count)d others", item.others) % {
            "name": name, "count": item.others}
    return name


def object_name(activity) -> str:
    if activity.content_id:
        return f"“{activity.content.title}”"
    if activity.target_user_id:
        return activity.target_user.display_name
    if activity.space_id:
        return activity.space.name
    if activity.organisation_id:
        return activity.organisation.name
    if activity.topic_id:
        return activity.topic.name
    return ""


def describe_item(item) -> str:
    # The verb's label is translatable on its own ("commented on", "joined"...), as in the feed pages.
    return _("%(who)s %(verb)s %(object)s") % {"who": who(item), "verb": item.activity.get_verb_display(),
                                               "object": object_name(item.activity)}


def object_url(activity) -> str:
    if activity.comment_id and activity.content_id:  # no extra query for the comment's own content
        return f"{activity.content.get_absolute_url()}#comment-{activity.comment_id}"
    for obj in (activity.content, activity.target_user, activity.space, activity.organisation,
                activity.topic):
        if obj is not None and hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
    return "/"
