"""What a member is told about: one row per thing to tell, grouped where many alike arrive
(ten reactions to one post are one notification with a count), and how each kind reaches them."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    MENTION = "mention", _("Someone mentions me")
    REPLY = "reply", _("Replies to my posts and comments")
    REACTION = "reaction", _("Reactions to my posts and comments")
    FOLLOWER = "follower", _("New followers")
    JOIN_REQUEST = "join_request", _("Requests to join groups I manage")
    JOIN_DECISION = "join_decision", _("Answers to my requests to join")
    INVITATION = "invitation", _("Invitations to groups")
    USEFUL_ANSWER = "useful_answer", _("My reply is marked as the most useful answer")
    MODERATION = "moderation", _("Moderators' decisions about my posts")
    SPACE_CONTENT = "space_content", _("New posts in groups I follow closely")
    EVENT_REMINDER = "event_reminder", _("Reminders of events I attend")
    MESSAGE = "message", _("Private messages")
    CONGRESS = "congress", _("My congress proposals: co-speakers, decisions")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On the site")
    EMAIL = "email", _("On the site and by e-mail at once")
    DIGEST = "digest", _("On the site and in the e-mail digest")
    OFF = "off", _("Off")


# Without a choice of their own, a member hears of these at once by e-mail; the rest go to the digest.
URGENT_KINDS = {Kind.JOIN_REQUEST, Kind.JOIN_DECISION, Kind.INVITATION, Kind.MODERATION, Kind.MESSAGE,
                Kind.CONGRESS}


def default_channel(kind) -> str:
    return Channel.EMAIL if kind in URGENT_KINDS else Channel.DIGEST


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_lists(self):
        return self.select_related("actor__profile", "content", "comment", "space")

    def visible_to(self, user):
        """`user`'s notifications about what they may still see: access ends, so does what it told them.

        The same rule as notify() applies when it creates one (services.may_see), asked again in the
        same query: the post readable, the comment shown, the group known to exist.
        """
        from xarxa.content.models import Content
        from xarxa.spaces.models import Space

        return self.filter(recipient=user).filter(
            Q(content__isnull=True) | Q(content__in=Content.objects.visible_to(user).values("pk")),
            Q(comment__isnull=True) | Q(comment__is_hidden=False, comment__is_deleted=False),
            Q(space__isnull=True) | Q(space__in=Space.objects.visible_to(user).values("pk")),
        )


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The latest member who did it; `count` says how many did (grouped reactions).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                              related_name="+")
    count = models.PositiveIntegerField(default=1)
    content = models.ForeignKey("content.Content", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    comment = models.ForeignKey("content.Comment", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Where the notification leads when there is no content (a conversation, a request to answer).
    url = models.CharField(max_length=300, blank=True)
    # A short extra, e.g. the moderator's reason or the first line of a message (plain text).
    detail = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    read_at = models.DateTimeField(null=True, blank=True)
    digested_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-updated_at", "-id"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id}"

    def get_absolute_url(self):
        if self.comment_id:
            return self.comment.get_absolute_url()
        if self.content_id:
            return self.content.get_absolute_url()
        return self.url or "/"

    @property
    def others(self):
        return self.count - 1


class Preference(models.Model):
    """A member's choice for one kind. No row means the default (see default_channel)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="notification_preferences")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_preference_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.channel}"


class DigestSubscription(models.Model):
    """How often a member gets the digest e-mail, and when the last one left."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")
        NEVER = "never", _("Never")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest")
    frequency = models.CharField(_("digest"), max_length=10, choices=Frequency.choices, default=Frequency.WEEKLY)
    last_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return f"{self.user_id}: {self.frequency}"
