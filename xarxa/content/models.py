"""The shared base of everything publishable, and what attaches to it.

Each kind (debate now; blog post, wiki page, event, resource... later) keeps one row here and a
one-to-one row with its own fields. Comments, reactions, mentions, attachments, flags and the
moderation log attach to this base, so every kind gets them. Who may read what is decided in
ContentQuerySet.visible_to, built from Space readability, and mirrored by rules.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xarxa.accounts.models import LANGUAGE_CHOICES
from xarxa.spaces.models import Membership, Space


def moderated_space_ids(user):
    return Membership.objects.filter(user=user, role__in=Membership.MODERATING_ROLES).values("space_id")


def is_network_moderator(user):
    from xarxa.accounts.rules import is_moderator  # the network's one rule for moderators

    return user.is_authenticated and is_moderator(user)


def listed_condition(readable_spaces, prefix=""):
    """What every reader sees in lists, feeds and search: published, in the open network or in a space
    they may read. `prefix` ("content__") writes it for a model that points at Content (the search
    documents), so the condition has one source; content/tests/test_listed.py proves they agree."""
    return Q(**{f"{prefix}status": Content.Status.PUBLISHED}) & (
        Q(**{f"{prefix}space__isnull": True}) | Q(**{f"{prefix}space__in": readable_spaces}))


class ContentQuerySet(models.QuerySet):
    def originals(self):
        """One row per item: versions in other languages are reached through `translations`."""
        return self.filter(original__isnull=True)

    def of_kind(self, kind):
        return self.filter(kind=kind)

    def published(self):
        return self.filter(status=Content.Status.PUBLISHED)

    def visible_to(self, user):
        """Content `user` may read: in a space they may read (or in the open network), and published
        unless they wrote it or moderate it. A draft (or a scheduled item) is its author's alone, staff
        and moderators included; a deleted item is no one's. Mirrors rules.can_read_content."""
        if not user.is_authenticated:
            readable = Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(user))
            return self.filter(readable, status=Content.Status.PUBLISHED)
        own = Q(author=user)
        not_private = ~Q(status__in=Content.PRIVATE_STATUSES)
        existing = self.exclude(status=Content.Status.DELETED)
        if user.is_staff:
            return existing.filter(not_private | own)
        readable = Q(space__isnull=True) | Q(space__in=Space.objects.readable_by(user))
        if is_network_moderator(user):
            return existing.filter(readable & (not_private | own))
        shown = Q(status=Content.Status.PUBLISHED) | own | (Q(space__in=moderated_space_ids(user)) & not_private)
        return existing.filter(readable & shown)

    def listed_to(self, user):
        """Published content `user` may read: what lists and search show (drafts and hidden items appear
        only on their own pages, to those who may read them)."""
        return self.filter(listed_condition(Space.objects.readable_by(user).values("pk")))

    def for_lists(self):
        return self.select_related("author__profile", "space")


class RevisionQuerySet(models.QuerySet):
    """For the kinds that keep earlier texts (blog revisions, wiki revisions): a text a moderator hid and
    its author then replaced (`is_moderated`) is shown only to the author and the moderators, even after
    the item is restored."""

    def shown_to(self, user, content):
        from xarxa.core.rulebook import allowed

        if allowed(user, "content.see_moderated_text", content):
            return self
        return self.filter(is_moderated=False)


class Content(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")
        DELETED = "deleted", _("Deleted")

    # Not yet public: their author's alone (see visible_to and rules.can_read_content).
    PRIVATE_STATUSES = (Status.DRAFT, Status.SCHEDULED)

    # Free text rather than choices: each kind registers itself in content/kinds.py,
    # so a new kind needs no migration here.
    kind = models.CharField(_("kind"), max_length=30)
    space = models.ForeignKey(Space, verbose_name=_("space"), null=True, blank=True, on_delete=models.CASCADE,
                              related_name="contents")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("author"), null=True,
                               on_delete=models.SET_NULL, related_name="contents")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    body_html = models.TextField(editable=False, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGE_CHOICES, default="es")
    # A version in another language points at the original; the original points at nothing.
    # No index of its own: the versions of an original are found through one_version_per_language, which is
    # partial (versions only). An index holding the originals' NULLs too misleads SQLite's planner, whose
    # statistics say "original IS NULL" matches ~50 rows when it matches nearly all (see the constraint).
    original = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, db_index=False,
                                 related_name="translations", verbose_name=_("original"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # What the item was when a moderator hid it, so restoring gives that back (a hidden draft stays a draft).
    status_before_hidden = models.CharField(max_length=10, choices=Status.choices, blank=True, editable=False)
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_locked = models.BooleanField(_("locked"), default=False,
                                    help_text=_("No new replies can be added."))
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="contents")
    # Kept by the comment services (recounted) so lists sort and filter without COUNT.
    comment_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(null=True, blank=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = _("content")
        verbose_name_plural = _("contents")
        constraints = [
            models.UniqueConstraint(fields=["original", "language"], name="one_version_per_language",
                                    condition=Q(original__isnull=False)),
        ]
        indexes = [
            # Lists: newest / most active / unanswered, across the network and within one space.
            models.Index(fields=["kind", "status", "-published_at", "-id"], name="content_kind_newest"),
            models.Index(fields=["kind", "status", "-comment_count", "-id"], name="content_kind_active"),
            models.Index(fields=["space", "kind", "status", "-published_at", "-id"], name="content_space_newest"),
            models.Index(fields=["space", "status", "-last_activity_at"], name="content_space_stream"),
            models.Index(fields=["author", "-created_at"], name="content_author"),
            # Newest first across kinds (a topic's page): walked until a page of tagged items is found.
            models.Index(fields=["status", "-published_at", "-id"], name="content_newest"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from xarxa.content.kinds import url_for

        return url_for(self)

    @property
    def item(self):
        """The original (the item every version belongs to)."""
        return self.original if self.original_id else self

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_private(self):
        """A draft or a scheduled item: its author's alone."""
        return self.status in self.PRIVATE_STATUSES


class Comment(models.Model):
    """A reply. `parent` is the comment replied to; `root` the thread's first comment (None for roots),
    so a page of threads is two queries whatever their depth."""

    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="comments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies")
    root = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="thread")
    body = models.TextField(_("reply"))
    body_html = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Deleted by its author while others had replied: kept as a placeholder so the thread reads.
    is_deleted = models.BooleanField(default=False)
    is_hidden = models.BooleanField(default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [
            models.Index(fields=["content", "root", "created_at", "id"], name="comment_threads"),
            models.Index(fields=["author", "-created_at"], name="comment_author"),
        ]

    def __str__(self):
        return self.body[:60]

    def get_absolute_url(self):
        return f"{self.content.get_absolute_url()}#comment-{self.pk}"

    @property
    def is_visible(self):
        return not (self.is_deleted or self.is_hidden)


class Reaction(models.Model):
    class Kind(models.TextChoices):
        LIKE = "like", _("Like")
        INSIGHTFUL = "insightful", _("Insightful")
        SUPPORT = "support", _("Support")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reactions")
    content = models.ForeignKey(Content, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(_("reaction"), max_length=12, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.CheckConstraint(condition=Q(content__isnull=False) ^ Q(comment__isnull=False),
                                   name="reaction_one_target"),
            models.UniqueConstraint(fields=["user", "content", "kind"], condition=Q(comment__isnull=True),
                                    name="reaction_once_per_content"),
            models.UniqueConstraint(fields=["user", "comment", "kind"], condition=Q(comment__isnull=False),
                                    name="reaction_once_per_comment"),
        ]
        indexes = [models.Index(fields=["content", "kind"]), models.Index(fields=["comment", "kind"])]

    def __str__(self):
        return f"{self.kind} by {self.user_id}"


class Mention(models.Model):
    """@username in a body. Recorded for the notifications to come (see mentions.member_mentioned)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="mentions")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="mentions")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mention")
        verbose_name_plural = _("mentions")
        constraints = [
            models.UniqueConstraint(fields=["user", "content"], condition=Q(comment__isnull=True),
                                    name="mention_once_per_content"),
            models.UniqueConstraint(fields=["user", "comment"], condition=Q(comment__isnull=False),
                                    name="mention_once_per_comment"),
        ]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self):
        return f"@{self.user_id} in {self.content_id}"


class Attachment(models.Model):
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="attachments")
    # Stored through Django's storage API under a random name; served by a view that checks access.
    file = models.FileField(_("file"), upload_to="attachments/%Y/%m/")
    name = models.CharField(_("name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))
    mime_type = models.CharField(max_length=100)
    is_image = models.BooleanField(default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.name


class Flag(models.Model):
    """A member's report. Open → upheld (the item was hidden) | dismissed."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insulting, harassing or hateful")
        PERSONAL_DATA = "personal_data", _("Exposes personal data")
        OFF_TOPIC = "off_topic", _("Off topic")
        MISINFORMATION = "misinformation", _("False or misleading")
        OTHER = "other", _("Something else")

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for a moderator")
        UPHELD = "upheld", _("Hidden")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="flags")
    content = models.ForeignKey(Content, on_delete=models.CASCADE, related_name="flags")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    # Copied from the content so each space's queue is one indexed filter.
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.CASCADE, related_name="flags")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("details"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    handled_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["reporter", "content"], condition=Q(comment__isnull=True, status="open"),
                                    name="flag_content_once"),
            models.UniqueConstraint(fields=["reporter", "comment"], condition=Q(comment__isnull=False, status="open"),
                                    name="flag_comment_once"),
        ]
        indexes = [models.Index(fields=["space", "status", "created_at"])]

    def __str__(self):
        return f"{self.reason} on {self.content_id}"

    @property
    def target(self):
        return self.comment or self.content


class ModerationLog(models.Model):
    """Append-only: who did what to which item, and why."""

    class Action(models.TextChoices):
        HIDE = "hide", _("Hid")
        RESTORE = "restore", _("Restored")
        PIN = "pin", _("Pinned")
        UNPIN = "unpin", _("Unpinned")
        LOCK = "lock", _("Locked")
        UNLOCK = "unlock", _("Unlocked")
        DISMISS = "dismiss", _("Dismissed reports on")
        DELETE = "delete", _("Deleted")

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    content = models.ForeignKey(Content, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.ForeignKey(Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    space = models.ForeignKey(Space, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("moderation log entry")
        verbose_name_plural = _("moderation log")
        indexes = [models.Index(fields=["space", "-created_at"])]

    def __str__(self):
        return f"{self.action} {self.content_id}"
