"""Blog posts: a content kind. A post with no space is on its author's personal blog; a post in a
space is on that group's blog. Drafts and scheduled posts are the base's DRAFT and SCHEDULED statuses
(so every surface already hides them); a scheduled post carries `publish_at` and a task publishes it then."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content, RevisionQuerySet

KIND = "post"
EXCERPT_LENGTH = 280


class Post(models.Model):
    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="post")
    cover = models.ImageField(_("cover image"), upload_to="blogs/covers/", blank=True)
    # Plain text cut from the body when it is saved, so lists need not render Markdown.
    excerpt = models.CharField(_("excerpt"), max_length=EXCERPT_LENGTH + 1, blank=True, editable=False)
    publish_at = models.DateTimeField(_("publish at"), null=True, blank=True,
                                      help_text=_("Leave empty to publish now."))

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    @property
    def is_scheduled(self):
        return self.content.status == Content.Status.SCHEDULED


class PostRevision(models.Model):
    """The text as it was before each edit (append-only), so the edit history is kept."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    # The text was hidden by a moderator when its author replaced it (see RevisionQuerySet.shown_to).
    is_moderated = models.BooleanField(default=False, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("post revision")
        verbose_name_plural = _("post revisions")

    def __str__(self):
        return self.title
