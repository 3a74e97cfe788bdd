"""The search index: one row per findable thing (a member, an organisation, a group, a topic, and
every piece of content in each of its language versions).

A row holds the text to match, the facets to filter on, and a link to the live object. Who may see a
row is NOT copied here: each search joins the live rules (Profile and Space visibility, Content status
and its space's readability; see backends.visible_documents), so a group turning private or an item
being hidden needs no reindex. The engine-specific parts (PostgreSQL tsvector columns with GIN
indexes; the SQLite FTS5 table) are created by migration 0002 for the database in use.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class Kind(models.TextChoices):
    MEMBER = "member", _("Member")
    ORGANISATION = "organisation", _("Organisation")
    GROUP = "group", _("Group")
    TOPIC = "topic", _("Topic")
    # Content kinds use their content.kinds key ("debate", "blog_post"...): no choices needed.


class SearchDocument(models.Model):
    kind = models.CharField(max_length=30)
    # Exactly one of the four owners below is set for non-content rows; content rows set `content`
    # (and `space`, for the space filter and the live readability join).
    content = models.OneToOneField("content.Content", null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="search_document")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="search_document")
    organisation = models.OneToOneField("organisations.Organisation", null=True, blank=True,
                                        on_delete=models.CASCADE, related_name="search_document")
    topic = models.OneToOneField("topics.Topic", null=True, blank=True, on_delete=models.CASCADE,
                                 related_name="search_document")
    space = models.ForeignKey("spaces.Space", null=True, blank=True, on_delete=models.CASCADE,
                              related_name="search_documents")
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # "" for names (members, organisations, groups, topics): matched accent-insensitively, unstemmed.
    language = models.CharField(max_length=5, blank=True)
    country = CountryField(blank=True)
    url = models.CharField(max_length=300)
    topics = models.ManyToManyField("topics.Topic", blank=True, related_name="+")
    date = models.DateTimeField(help_text="Published (content) or joined / created (others): the tie-breaker.")
    # SQLite only: the folded, stemmed words that its FTS5 table indexes (PostgreSQL stems by itself).
    title_terms = models.TextField(blank=True, default="")
    body_terms = models.TextField(blank=True, default="")
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        indexes = [
            models.Index(fields=["kind", "-date"]),
            models.Index(fields=["space", "-date"]),
            models.Index(fields=["country"]),
            # The bounded candidate set of a common search: its newest matches, read in this order.
            models.Index(fields=["-date", "-id"], name="search_doc_newest"),
            # Suggestions for a short prefix ("ma") match a large share of names: walking the names in
            # title order finds the first few at once, where the name GIN index would collect them all.
            models.Index(fields=["kind", "title", "id"], condition=Q(content__isnull=True), name="search_doc_names"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(content__isnull=False) | Q(user__isnull=False) | Q(organisation__isnull=False)
                           | Q(topic__isnull=False) | Q(kind="group", space__isnull=False)),
                name="search_document_has_an_owner",
            ),
            models.UniqueConstraint(fields=["space"], condition=Q(kind="group"), name="search_one_row_per_group"),
        ]

    def __str__(self):
        return f"{self.kind}: {self.title}"
