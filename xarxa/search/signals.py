"""The index follows the base models through their signals: content, accounts, organisations, spaces
and topics must not import search (a leaf app), so this is the decoupling signals are for.

Saves reindex the row (inside the same transaction: the index never shows an act that was rolled
back); topic changes reindex the owner; deletes cascade through the foreign keys (and, on SQLite,
the FTS triggers). Status and visibility changes need nothing: they are joined live at query time.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from xarxa.accounts.models import Profile, User
from xarxa.content.models import Comment, Content
from xarxa.organisations.models import Organisation
from xarxa.search import services
from xarxa.spaces.models import Space
from xarxa.topics.models import Topic

# Fields that do not change what is findable: saving only these skips the reindex.
CONTENT_QUIET_FIELDS = {"comment_count", "last_activity_at", "is_pinned", "is_locked", "status", "updated_at"}
PROFILE_QUIET_FIELDS = {"verification", "verified_at", "verified_by", "bio_html", "updated_at", "photo"}


def _quiet(update_fields, quiet):
    return update_fields is not None and set(update_fields) <= quiet


def content_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and not _quiet(update_fields, CONTENT_QUIET_FIELDS):
        services.safely(services.index_content, instance)


def content_changed(content):
    """After-commit event "content.changed" (core/events.py): a kind changed what the document shows."""
    services.safely(services.index_content, content)


def content_topics_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        services.safely(services.index_content, instance)


def comment_saved(sender, instance, raw=False, **kwargs):
    # Added, edited, hidden, restored or blanked by its author: the item's text changes with it.
    if not raw:
        services.safely(services.index_comment_owner, instance)


def comment_deleted(sender, instance, origin=None, **kwargs):
    # Only when replies themselves were deleted: when their item (or its space) is being deleted, the
    # document goes with it, and writing it again here would hold the item in place.
    if isinstance(origin, Comment) or getattr(origin, "model", None) is Comment:
        services.safely(services.index_comment_owner, instance)


def profile_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and not _quiet(update_fields, PROFILE_QUIET_FIELDS):
        services.safely(services.index_member, instance)


def profile_topics_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        services.safely(services.index_member, instance)


def user_saved(sender, instance, raw=False, created=False, update_fields=None, **kwargs):
    # The member's name and links live on the profile; a renamed username changes the profile's URL.
    if raw or created or (update_fields is not None and "username" not in update_fields):
        return
    profile = Profile.objects.filter(user=instance).select_related("organisation").first()
    if profile is not None:
        services.safely(services.index_member, profile)


def organisation_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.safely(services.index_organisation, instance)


def space_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and not _quiet(update_fields, {"member_count", "updated_at"}):
        services.safely(services.index_group, instance)


def space_topics_changed(sender, instance, action, reverse, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and not reverse:
        services.safely(services.index_group, instance)


def topic_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        services.safely(services.index_topic, instance)


def connect():
    uid = "xarxa.search"
    post_save.connect(content_saved, sender=Content, dispatch_uid=f"{uid}.content")
    m2m_changed.connect(content_topics_changed, sender=Content.topics.through, dispatch_uid=f"{uid}.content_topics")
    post_save.connect(comment_saved, sender=Comment, dispatch_uid=f"{uid}.comment")
    post_delete.connect(comment_deleted, sender=Comment, dispatch_uid=f"{uid}.comment_deleted")
    post_save.connect(profile_saved, sender=Profile, dispatch_uid=f"{uid}.profile")
    m2m_changed.connect(profile_topics_changed, sender=Profile.topics.through, dispatch_uid=f"{uid}.profile_topics")
    post_save.connect(user_saved, sender=User, dispatch_uid=f"{uid}.user")
    post_save.connect(organisation_saved, sender=Organisation, dispatch_uid=f"{uid}.organisation")
    post_save.connect(space_saved, sender=Space, dispatch_uid=f"{uid}.space")
    m2m_changed.connect(space_topics_changed, sender=Space.topics.through, dispatch_uid=f"{uid}.space_topics")
    post_save.connect(topic_saved, sender=Topic, dispatch_uid=f"{uid}.topic")
