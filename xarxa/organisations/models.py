from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


class OrganisationQuerySet(models.QuerySet):
    def listed(self):
        """Organisations shown in lists and choosers: approved ones, not merged away."""
        return self.filter(status=Organisation.Status.APPROVED)

    def visible_to(self, user):
        """Organisations whose page `user` may open: approved ones; a proposal also to whoever proposed it
        and to staff. Merged ones are reached only to redirect to what they were merged into."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        shown = models.Q(status__in=[Organisation.Status.APPROVED, Organisation.Status.MERGED])
        if user.is_authenticated:
            shown |= models.Q(proposed_by=user)
        return self.filter(shown)


class Organisation(models.Model):
    """A public administration or another body where members work."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "administration", _("Public administration")
        UNIVERSITY = "university", _("University or research centre")
        COMPANY = "company", _("Company")
        NONPROFIT = "nonprofit", _("Non-profit organisation")
        INTERNATIONAL = "international", _("International body")

    class Level(models.TextChoices):
        LOCAL = "local", _("Local")
        REGIONAL = "regional", _("Regional")
        NATIONAL = "national", _("National")
        SUPRANATIONAL = "supranational", _("Supranational")

    class Status(models.TextChoices):
        APPROVED = "approved", _("Approved")
        PROPOSED = "proposed", _("Proposed, awaiting review")
        MERGED = "merged", _("Merged into another")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATION)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, blank=True)
    country = CountryField(_("country"), blank=True)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="children",
    )
    website = models.URLField(_("website"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.APPROVED)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_duplicates",
        verbose_name=_("merged into"),
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="proposed_organisations", verbose_name=_("proposed by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        indexes = [
            models.Index(fields=["status", "name"]),
            models.Index(fields=["country", "level"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level="") | models.Q(kind__in=["administration", "international"]),
                name="organisation_level_only_for_administrations",
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("organisations:detail", args=[self.slug])
