"""The append-only activity log: who did what, to which object, in which space, when.

Feeds and notifications are built from it. Rows are never edited: when the object
becomes invisible (hidden, made private), readers simply stop seeing the row,
because every read joins the live visibility of the content and the space.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Verb(models.TextChoices):
    PUBLISHED = "published", _("published")
    COMMENTED = "commented", _("commented on")
    REACTED = "reacted", _("reacted to")
    JOINED = "joined", _("joined")
    FOLLOWED = "followed", _("followed")
    ANSWERED = "answered", _("marked a useful answer in")
    EDITED = "edited", _("edited")
    RSVPED = "rsvped", _("is going to")
    REPLICATED = "replicated", _("applied")


class Activity(models.Model):
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activities")
    verb = models.CharField(max_length=20, choices=Verb.choices)
    # The object: a piece of content (and the comment, when the act was a reply), a space,
    # or what was followed. At most a few are set; `space` is also set for content in a space.
    content = models.ForeignKey("content.Content", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="activities")
    comment = models.ForeignKey("content.Comment", null=True, blank=True, on_delete=models.CASCADE,
                                related_name="activities")
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="activities")
    target_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="activities_about")
    organisation = models.ForeignKey("organisations.Organisation", null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="activities")
    topic = models.ForeignKey("topics.Topic", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="activities")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        indexes = [
            models.Index(fields=["actor", "-created_at", "-id"]),
            models.Index(fields=["space", "-created_at", "-id"]),
            models.Index(fields=["content", "-created_at"]),
            models.Index(fields=["-created_at", "-id"], name="activity_newest_first"),
        ]

    def __str__(self):
        return f"{self.actor} {self.verb} ({self.created_at:%Y-%m-%d %H:%M})"


class Mute(models.Model):
    """A member hides another member or a space from their feeds (nothing is told to the muted side)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mutes")
    muted_user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="+")
    muted_space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mute")
        verbose_name_plural = _("mutes")
        constraints = [
            models.CheckConstraint(condition=models.Q(muted_user__isnull=False) ^ models.Q(muted_space__isnull=False),
                                   name="mute_one_target"),
            models.UniqueConstraint(fields=["user", "muted_user"], condition=models.Q(muted_user__isnull=False),
                                    name="mute_user_once"),
            models.UniqueConstraint(fields=["user", "muted_space"], condition=models.Q(muted_space__isnull=False),
                                    name="mute_space_once"),
        ]

    def __str__(self):
        return f"{self.user_id} mutes {self.muted_user_id or self.muted_space_id}"
