"""Wiki pages: a content kind. A page with no space belongs to the open wiki of the network.

The base row holds the current title and body; every save adds a WikiRevision (author, time,
comment, full text), numbered 1, 2, 3... per page. `revision_number` on the page is the number of the
current one: a save states which revision it started from and is refused if another came meanwhile.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content

KIND = "wiki_page"


class WikiPage(models.Model):
    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="wiki_page")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children",
                               verbose_name=_("parent page"))
    # Copied from the content so "a page of this wiki with this title" is one indexed lookup.
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title_key = models.CharField(max_length=200, editable=False)
    is_protected = models.BooleanField(_("protected"), default=False,
                                       help_text=_("Only moderators can edit a protected page."))
    revision_number = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        indexes = [models.Index(fields=["space", "title_key"])]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    def ancestors(self):
        """Parents from the top down (a page's path); stops on a loop, which the services never make."""
        chain, seen, page = [], {self.pk}, self.parent
        while page is not None and page.pk not in seen:
            chain.insert(0, page)
            seen.add(page.pk)
            page = page.parent
        return chain


def title_key(title: str) -> str:
    """How [[links]] find a page: case and spacing do not matter."""
    return " ".join(title.split()).casefold()


class WikiRevision(models.Model):
    page = models.ForeignKey(WikiPage, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    comment = models.CharField(_("summary of the change"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("wiki revision")
        verbose_name_plural = _("wiki revisions")
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_number_unique")]

    def __str__(self):
        return f"{self.title} #{self.number}"
