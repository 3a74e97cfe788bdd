"""Wiki pages: a content kind. A page with no space belongs to the open wiki of the network.

The base row holds the current title and body; every save adds a WikiRevision (author, time,
comment, full text), numbered 1, 2, 3... per page. `revision_number` on the page is the number of the
current one: a save states which revision it started from and is refused if another came meanwhile.

A page is addressed by its path, the slugs from the top page down ("guia/licencias"): readable and
unique in its wiki (so a slug is unique among siblings). Renaming or moving a page rewrites its path and
its descendants'; the id URL (/wiki/pages/<id>/) never changes and redirects to the current path.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from xarxa.content.models import Content, RevisionQuerySet

KIND = "wiki_page"
# Words the wiki's own URLs use right after /wiki/: a page may not take them as its top-level slug.
RESERVED_SLUGS = frozenset({"new", "pages"})
MAX_SLUG = 80


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
    slug = models.SlugField(max_length=MAX_SLUG, editable=False)
    path = models.CharField(max_length=1000, editable=False)

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        indexes = [models.Index(fields=["space", "title_key"])]
        # One path per wiki; NULL spaces are distinct in SQL, so the open wiki has its own partial index.
        constraints = [
            models.UniqueConstraint(fields=["space", "path"], condition=Q(space__isnull=False),
                                    name="wiki_path_unique_in_space"),
            models.UniqueConstraint(fields=["path"], condition=Q(space__isnull=True),
                                    name="wiki_path_unique_in_open_wiki"),
        ]

    def __str__(self):
        return self.content.title

    def save(self, *args, **kwargs):
        # Pages made without the services (demo data, admin) still get a path.
        if not self.path:
            self.assign_path(self.content.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return page_url(self.space if self.space_id else None, self.path)

    def assign_path(self, title):
        """Set slug and path from `title` under the current parent: the first free of slug, slug-2..."""
        base = slugify(title)[:MAX_SLUG - 6].strip("-") or "page"
        prefix = f"{self.parent.path}/" if self.parent_id else ""
        taken = WikiPage.objects.filter(space_id=self.space_id, path__startswith=prefix).exclude(pk=self.pk)
        taken = set(taken.values_list("path", flat=True))
        number, slug = 1, base
        while f"{prefix}{slug}" in taken or (not prefix and slug in RESERVED_SLUGS):
            number += 1
            slug = f"{base}-{number}"
        self.slug, self.path = slug, f"{prefix}{slug}"

    def ancestors(self):
        """Parents from the top down (a page's path); stops on a loop, which the services never make."""
        chain, seen, page = [], {self.pk}, self.parent
        while page is not None and page.pk not in seen:
            if self.space_id == page.space_id and WikiPage.space.is_cached(self):
                page.space = self.space  # one wiki: no query for each ancestor's URL
            chain.insert(0, page)
            seen.add(page.pk)
            page = page.parent
        return chain


def page_url(space, path) -> str:
    """The readable URL of the page at `path` in `space`'s wiki (None: the open wiki)."""
    if space is not None:
        return reverse("wikis:space_page", args=[space.slug, path])
    return reverse("wikis:page", args=[path])


def loaded_page_url(content):
    """The path URL of a wiki page's base row when its page (and space) are already loaded, else None
    (the caller then links to the id URL, which redirects): never a query per row in lists."""
    if content.original_id or not Content.wiki_page.is_cached(content):
        return None
    if content.space_id and not Content.space.is_cached(content):
        return None
    page = content.wiki_page
    return page_url(content.space, page.path) if page.path else None


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
    # The text was hidden by a moderator when it was replaced (see RevisionQuerySet.shown_to).
    is_moderated = models.BooleanField(default=False, editable=False)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("wiki revision")
        verbose_name_plural = _("wiki revisions")
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_number_unique")]

    def __str__(self):
        return f"{self.title} #{self.number}"
