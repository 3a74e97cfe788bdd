"""The good-practice library: resources (a content kind on the shared base), what the network does with
them (replications, reviews) and the collections they are gathered in.

Every read of a resource goes through Content.objects.visible_to, because the resource *is* its base row
(primary key = content id). Facet columns live on Resource, indexed, so the faceted list filters and counts
on one joined pair of tables; counts the list sorts by (replications, ratings) are kept here by the
services that change them (recounted, never incremented blindly).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xarxa.content.models import Content
from xarxa.library.choices import Budget, Goal, Level, Licence, PolicyArea, ResourceKind, Stage

KIND = "resource"


class Resource(models.Model):
    content = models.OneToOneField(Content, on_delete=models.CASCADE, primary_key=True, related_name="resource")
    resource_kind = models.CharField(_("kind of resource"), max_length=12, choices=ResourceKind.choices,
                                     default=ResourceKind.PRACTICE)
    summary = models.TextField(_("summary"), max_length=600)
    external_url = models.URLField(_("link"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=12, choices=Licence.choices, default=Licence.CC_BY)
    policy_area = models.CharField(_("policy area"), max_length=16, choices=PolicyArea.choices, blank=True)
    level = models.CharField(_("level of administration"), max_length=16, choices=Level.choices, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)])
    organisations = models.ManyToManyField("organisations.Organisation", verbose_name=_("organisations involved"),
                                           blank=True, related_name="library_resources")
    # A good practice's structured description (empty for the other kinds).
    problem = models.TextField(_("the problem"), blank=True)
    solution = models.TextField(_("the solution"), blank=True)
    results = models.TextField(_("results and evidence"), blank=True)
    indicators = models.TextField(_("indicators"), blank=True)
    budget = models.CharField(_("budget"), max_length=10, choices=Budget.choices, blank=True)
    team = models.CharField(_("team"), max_length=200, blank=True)
    duration = models.CharField(_("duration"), max_length=100, blank=True)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, blank=True)
    lessons = models.TextField(_("lessons learned"), blank=True)
    contacts = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("contact people"), blank=True,
                                      related_name="library_contact_for")
    replication_count = models.PositiveIntegerField(default=0, editable=False)
    rating_count = models.PositiveIntegerField(default=0, editable=False)
    rating_average = models.FloatField(default=0, editable=False)

    class Meta:
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        indexes = [
            models.Index(fields=["resource_kind"], name="library_kind"),
            models.Index(fields=["policy_area"], name="library_area"),
            models.Index(fields=["level"], name="library_level"),
            models.Index(fields=["stage"], name="library_stage"),
            models.Index(fields=["licence"], name="library_licence"),
            models.Index(fields=["year"], name="library_year"),
            # The two sorts on resource columns, in exactly their ORDER BY (ties: newest id first), so the
            # first page is read from the index in order and stops after 20 visible rows, with no sort.
            models.Index(fields=["-replication_count", "-content"], name="library_most_replicated"),
            models.Index(fields=["-rating_average", "-rating_count", "-content"], name="library_best_rated"),
        ]

    def __str__(self):
        return self.content.title

    def get_absolute_url(self):
        return self.content.get_absolute_url()

    @property
    def is_practice(self):
        return self.resource_kind == ResourceKind.PRACTICE


class ResourceCountry(models.Model):
    """A country involved; a row each so the country facet is an indexed GROUP BY."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="country_rows")
    country = CountryField(_("country"))

    class Meta:
        verbose_name = _("country involved")
        verbose_name_plural = _("countries involved")
        constraints = [models.UniqueConstraint(fields=["resource", "country"], name="library_country_once")]
        indexes = [models.Index(fields=["country", "resource"], name="library_country")]

    def __str__(self):
        return str(self.country)


class ResourceGoal(models.Model):
    """A Sustainable Development Goal the resource serves."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="goal_rows")
    goal = models.PositiveSmallIntegerField(_("Sustainable Development Goal"), choices=Goal.choices)

    class Meta:
        ordering = ["goal"]
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        constraints = [models.UniqueConstraint(fields=["resource", "goal"], name="library_goal_once")]
        indexes = [models.Index(fields=["goal", "resource"], name="library_goal")]

    def __str__(self):
        return self.get_goal_display()


class Replication(models.Model):
    """"We applied this too": where, when, how it went."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="replications")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                               related_name="library_replications")
    organisation = models.ForeignKey("organisations.Organisation", verbose_name=_("organisation"), null=True,
                                     blank=True, on_delete=models.SET_NULL, related_name="library_replications")
    country = CountryField(_("country"))
    level = models.CharField(_("level of administration"), max_length=16, choices=Level.choices)
    place = models.CharField(_("where"), max_length=200)
    started_on = models.DateField(_("since when"), null=True, blank=True)
    outcome = models.TextField(_("how it went"), max_length=4000)
    link = models.URLField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["country", "level", "-created_at"]
        verbose_name = _("replication")
        verbose_name_plural = _("replications")
        indexes = [models.Index(fields=["resource", "country", "level"], name="library_replication_place")]

    def __str__(self):
        return f"{self.place} ({self.country})"


class Review(models.Model):
    """A verified public employee's rating (1–5) and opinion; one per member and resource, editable."""

    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="library_reviews")
    rating = models.PositiveSmallIntegerField(_("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    text = models.TextField(_("review"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.UniqueConstraint(fields=["resource", "author"], name="library_review_once"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5), name="library_rating_1_to_5"),
        ]

    def __str__(self):
        return f"{self.rating}★ by {self.author_id}"


class Collection(models.Model):
    """A member's personal collection (private bookmarks), or a curated one a moderator publishes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                              related_name="library_collections")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    is_curated = models.BooleanField(_("curated"), default=False,
                                     help_text=_("Published for everyone by the network's moderators."))
    resources = models.ManyToManyField(Resource, through="CollectionItem", related_name="collections")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("collection")
        verbose_name_plural = _("collections")
        indexes = [
            models.Index(fields=["owner", "-updated_at"], name="library_my_collections"),
            models.Index(fields=["is_curated", "-updated_at"], name="library_curated"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("library:collection", args=[self.pk])


class CollectionItem(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="items")
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-added_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["collection", "resource"], name="library_collect_once")]

    def __str__(self):
        return f"{self.resource_id} in {self.collection_id}"
