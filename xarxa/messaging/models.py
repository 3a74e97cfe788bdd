"""Private conversations between a few members, and blocks.

A conversation has participants; each participant keeps when they last read it, so "unread" is one
comparison with the conversation's last message time and needs no row per message and reader.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

MAX_PARTICIPANTS = 8  # "small group": a conversation, not a mailing list


class Conversation(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    last_message_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self):
        return f"conversation {self.pk}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("messaging:conversation", args=[self.pk])


class ParticipantQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(Q(last_read_at__isnull=True) | Q(last_read_at__lt=F("conversation__last_message_at")),
                           conversation__last_message_at__isnull=False)


class Participant(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conversations")
    last_read_at = models.DateTimeField(null=True, blank=True)
    joined_at = models.DateTimeField(auto_now_add=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["conversation", "user"], name="participant_once")]
        indexes = [models.Index(fields=["user", "conversation"])]

    def __str__(self):
        return f"{self.user_id} in {self.conversation_id}"

    @property
    def is_unread(self):
        last = self.conversation.last_message_at
        return last is not None and (self.last_read_at is None or self.last_read_at < last)

    @property
    def others(self):
        """The other people in the conversation (from the prefetched participants), for "Ana, Bea" lists."""
        return [other.user for other in self.conversation.participants.all() if other.user_id != self.user_id]


class Message(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("message"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [models.Index(fields=["conversation", "created_at", "id"], name="message_thread")]

    def __str__(self):
        return self.body[:60]


class Block(models.Model):
    """`blocker` hears nothing from `blocked`: no messages, no mentions, no notifications."""

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self):
        return f"{self.blocker_id} blocks {self.blocked_id}"


def is_blocked(sender, recipient) -> bool:
    """Whether `recipient` has blocked `sender`."""
    return Block.objects.filter(blocker=recipient, blocked=sender).exists()


class MessageAttachment(models.Model):
    """A file sent with a message: checked like every attachment (content.uploads), stored through Django's
    storage under a random name and served only to the conversation's participants."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to="messages/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    mime_type = models.CharField(max_length=100)
    is_image = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("message attachment")
        verbose_name_plural = _("message attachments")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("messaging:attachment", args=[self.pk, self.name])
