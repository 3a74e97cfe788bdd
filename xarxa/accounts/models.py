import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xarxa.core.markdown import render_markdown


class User(AbstractUser):
    """The account. Everything a member shows to others lives on their Profile."""

    email = models.EmailField(_("e-mail address"), unique=True)
    # False while a moderator has not approved the account (XARXA_SIGNUP_MODE=approval).
    is_approved = models.BooleanField(_("approved"), default=True)
    # The language of e-mails and notifications sent when the member is not on the site.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES,
                                default=settings.LANGUAGE_CODE)
    # Times (events, messages) are shown in this zone; empty means the site's TIME_ZONE.
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        profile = getattr(self, "profile", None)
        return (profile.full_name if profile else "") or self.username

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.username])


LANGUAGE_CHOICES = [
    ("es", _("Spanish")),
    ("pt", _("Portuguese")),
    ("ca", _("Catalan")),
    ("en", _("English")),
    ("fr", _("French")),
    ("gl", _("Galician")),
    ("eu", _("Basque")),
    ("it", _("Italian")),
    ("de", _("German")),
]


class ProfileQuerySet(models.QuerySet):
    def active(self):
        return self.filter(user__is_active=True, user__is_approved=True)

    def visible_to(self, viewer):
        """Profiles whose details `viewer` may see (their own always; staff see all)."""
        profiles = self.active()
        if viewer.is_authenticated and viewer.is_staff:
            return profiles
        if viewer.is_authenticated and viewer.is_approved:
            from xarxa.accounts.rules import verified_member_condition

            return profiles.filter(
                models.Q(visibility=Profile.Visibility.EVERYONE)
                | (models.Q(visibility=Profile.Visibility.MEMBERS) & verified_member_condition(viewer))
                | models.Q(user=viewer)
            )
        if viewer.is_authenticated:
            return profiles.filter(models.Q(visibility=Profile.Visibility.EVERYONE) | models.Q(user=viewer))
        return profiles.filter(visibility=Profile.Visibility.EVERYONE)

    def showing(self, detail, viewer):
        """Profiles whose `detail` (see accounts.details) `viewer` may see, by that detail's own setting."""
        from xarxa.accounts.details import showing_q

        return self.filter(showing_q(detail, viewer))

    def for_cards(self):
        return self.select_related("user", "organisation")


def detail_audience(label, default):
    """Who sees one personal detail of a profile (accounts.details applies it); `default` is a Visibility."""
    return models.CharField(label, max_length=10, choices=type(default).choices, default=default)


class Profile(models.Model):
    class Visibility(models.TextChoices):
        EVERYONE = "everyone", _("Everyone, including visitors who are not signed in")
        MEMBERS = "members", _("Members of the network with a confirmed e-mail address")
        STAFF = "staff", _("Nobody but the network's staff")

    class Verification(models.TextChoices):
        NONE = "", _("Not verified")
        DOMAIN = "domain", _("Institutional e-mail address")
        MODERATOR = "moderator", _("Verified by a moderator")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    full_name = models.CharField(_("full name"), max_length=150)
    photo = models.ImageField(_("photo"), upload_to="avatars/", blank=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    position = models.CharField(_("current position"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="members",
    )
    country = CountryField(_("country"), blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics of expertise"), blank=True,
                                    related_name="experts")
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    bio = models.TextField(_("about me"), blank=True)
    bio_html = models.TextField(editable=False, blank=True)
    links = models.JSONField(_("links"), default=list, blank=True)
    visibility = models.CharField(_("who sees my profile details"), max_length=10,
                                  choices=Visibility.choices, default=Visibility.MEMBERS)
    # Who sees each personal detail; a detail is never shown to more people than the profile itself.
    email_visibility = detail_audience(_("who sees my e-mail address"), Visibility.STAFF)
    phone_visibility = detail_audience(_("who sees my phone"), Visibility.STAFF)
    organisation_visibility = detail_audience(_("who sees my organisation"), Visibility.EVERYONE)
    position_visibility = detail_audience(_("who sees my position"), Visibility.EVERYONE)
    location_visibility = detail_audience(_("who sees my country"), Visibility.EVERYONE)
    allow_indexing = models.BooleanField(_("let search engines index my profile"), default=False)
    verification = models.CharField(_("public employee verification"), max_length=10,
                                    choices=Verification.choices, default="", blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")
        indexes = [
            models.Index(fields=["full_name"]),
            models.Index(fields=["country", "full_name"]),
            # The directory for visitors and members filters on visibility and sorts by name.
            models.Index(fields=["visibility", "full_name"]),
        ]

    def __str__(self):
        return self.full_name or self.user.username

    def save(self, *args, **kwargs):
        self.bio_html = render_markdown(self.bio)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("accounts:profile", args=[self.user.username])

    @property
    def is_verified_employee(self):
        return bool(self.verification)

    @property
    def initials(self):
        parts = [p for p in self.full_name.split() if p[:1].isalpha()]
        return ("".join(p[0] for p in parts[:2]) or self.user.username[:1]).upper()

    @property
    def avatar_hue(self):
        """One of twelve colours (CSS classes hue-0 … hue-11), stable per member, for the initials fallback."""
        return self.user_id % 12


class VerifiedDomain(models.Model):
    """An institutional e-mail domain: members who verify an address there get the badge."""

    domain = models.CharField(_("domain"), max_length=120, unique=True,
                              help_text=_("For example gob.es; sub-domains such as madrid.gob.es match too."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["domain"]
        verbose_name = _("verified e-mail domain")
        verbose_name_plural = _("verified e-mail domains")

    def __str__(self):
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = self.domain.strip().lower().lstrip("@.")
        super().save(*args, **kwargs)


def _new_token():
    return secrets.token_urlsafe(24)


def _default_expiry():
    return timezone.now() + timedelta(days=30)


class Invitation(models.Model):
    """A link that lets people join (and skip moderator approval)."""

    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                   related_name="invitations_sent", verbose_name=_("created by"))
    email = models.EmailField(_("for e-mail address"), blank=True,
                              help_text=_("Leave empty for a link that anyone can use."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    max_uses = models.PositiveIntegerField(_("maximum uses"), default=1)
    use_count = models.PositiveIntegerField(_("times used"), default=0)
    expires_at = models.DateTimeField(_("expires"), default=_default_expiry)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email or self.token[:8]

    def get_absolute_url(self):
        return reverse("accounts:accept_invitation", args=[self.token])

    @property
    def is_usable(self):
        return self.use_count < self.max_uses and self.expires_at > timezone.now()
