"""Spaces: every place where people gather (a group now; lab projects, congress editions and
course cohorts later). Who may see a space and who may read inside it is decided here, once,
by the QuerySet methods below and mirrored one for one by the predicates in rules.py.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from xarxa.core.markdown import render_markdown


class SpaceQuerySet(models.QuerySet):
    def of_kind(self, kind):
        return self.filter(kind=kind)

    def visible_to(self, user):
        """Spaces whose existence `user` may know: all but secret ones, plus their own and those they are invited to."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        listed = ~Q(visibility=Space.Visibility.SECRET)
        if not user.is_authenticated:
            return self.filter(listed)
        return self.filter(listed | Q(pk__in=member_space_ids(user)) | Q(pk__in=invited_space_ids(user)))

    def readable_by(self, user):
        """Spaces whose content `user` may read (the rule behind Content.objects.visible_to)."""
        if user.is_authenticated and user.is_staff:
            return self.all()
        public = Q(visibility=Space.Visibility.PUBLIC)
        if not user.is_authenticated:
            return self.filter(public)
        readable = public | Q(pk__in=member_space_ids(user))
        if user.is_active and user.is_approved:
            from xarxa.accounts.rules import verified_member_condition  # members-only: verified members

            readable |= Q(visibility=Space.Visibility.MEMBERS) & verified_member_condition(user)
        return self.filter(readable)

    def for_cards(self):
        return self.select_related("organisation").prefetch_related("topics")

    def with_viewer_role(self, user):
        """Annotate `viewer_role` (the reader's role, or None) without a query per space."""
        if not user.is_authenticated:
            return self.annotate(viewer_role=models.Value(None, output_field=models.CharField()))
        role = Membership.objects.filter(space=models.OuterRef("pk"), user=user).values("role")[:1]
        return self.annotate(viewer_role=models.Subquery(role))


def member_space_ids(user):
    return Membership.objects.filter(user=user).values("space_id")


def invited_space_ids(user):
    return SpaceInvitation.objects.pending().filter(user=user).values("space_id")


class Space(models.Model):
    class Kind(models.TextChoices):
        # Declared now so the lab, congress and school reuse spaces without a schema change.
        GROUP = "group", _("Group")
        LAB_PROJECT = "lab_project", _("Lab project")
        CONGRESS_EDITION = "congress_edition", _("Congress edition")
        COURSE_COHORT = "course_cohort", _("Course cohort")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public: anyone can read it, even without signing in")
        MEMBERS = "members", _("Members only: any member of the network with a confirmed e-mail address (and "
                               "approved, where the network approves new members) can read it")
        PRIVATE = "private", _("Private: listed, but only its members can read it")
        SECRET = "secret", _("Secret: unlisted, only its members know it exists")

    class JoinPolicy(models.TextChoices):
        OPEN = "open", _("Open: anyone who can see it can join")
        REQUEST = "request", _("By request: administrators approve or decline each request")
        INVITATION = "invitation", _("By invitation only")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GROUP)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140)
    description = models.TextField(_("description"), blank=True)
    description_html = models.TextField(editable=False, blank=True)
    cover = models.ImageField(_("cover image"), upload_to="spaces/covers/", blank=True)
    topics = models.ManyToManyField("topics.Topic", verbose_name=_("topics"), blank=True, related_name="spaces")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("owning organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="spaces",
    )
    country = CountryField(_("country"), blank=True)
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility.choices,
                                  default=Visibility.PUBLIC)
    join_policy = models.CharField(_("who can join"), max_length=12, choices=JoinPolicy.choices,
                                   default=JoinPolicy.OPEN)
    # Kept by the membership services (recounted, never incremented blindly) so lists need no COUNT.
    member_count = models.PositiveIntegerField(_("members"), default=0, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SpaceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("space")
        verbose_name_plural = _("spaces")
        constraints = [models.UniqueConstraint(fields=["kind", "slug"], name="space_slug_unique_per_kind")]
        indexes = [
            models.Index(fields=["kind", "visibility", "name"]),
            models.Index(fields=["kind", "-member_count"]),
            models.Index(fields=["country"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.description_html = render_markdown(self.description)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        # Groups and congress editions have pages so far; the other kinds will give their own URL here.
        if self.kind == self.Kind.CONGRESS_EDITION:
            return reverse("congress:edition", args=[self.slug])
        return reverse("spaces:detail", args=[self.slug])

    @property
    def is_listed(self):
        return self.visibility != self.Visibility.SECRET


class Membership(models.Model):
    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        ADMIN = "admin", _("Administrator")
        MODERATOR = "moderator", _("Moderator")
        MEMBER = "member", _("Member")

    MANAGING_ROLES = (Role.OWNER, Role.ADMIN)
    MODERATING_ROLES = (Role.OWNER, Role.ADMIN, Role.MODERATOR)

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="space_memberships")
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    # Trusted to add versions of the space's content in other languages.
    is_translator = models.BooleanField(_("translator"), default=False)
    # The member asked to hear of every new post here (notifications' "space_content" kind). Kept on the
    # membership so it ends with it: leaving the group stops the notifications without any cleanup.
    follows_closely = models.BooleanField(_("follow closely"), default=False)
    joined_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["space", "user"], name="membership_once_per_space")]
        indexes = [
            models.Index(fields=["user", "space"]),
            models.Index(fields=["space", "role", "joined_at"]),
        ]

    def __str__(self):
        return f"{self.user} · {self.space} ({self.role})"

    @property
    def can_manage(self):
        return self.role in self.MANAGING_ROLES

    @property
    def can_moderate(self):
        return self.role in self.MODERATING_ROLES


class JoinRequest(models.Model):
    """Pending → approved | declined. Decided once; a declined member may ask again later."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    response = models.TextField(_("answer"), blank=True, max_length=1000)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        constraints = [
            models.UniqueConstraint(fields=["space", "user"], condition=Q(status="pending"),
                                    name="one_pending_join_request")
        ]
        indexes = [models.Index(fields=["space", "status", "created_at"])]

    def __str__(self):
        return f"{self.user} → {self.space} ({self.status})"


def _invitation_token():
    return secrets.token_urlsafe(24)


def _invitation_expiry():
    return timezone.now() + timedelta(days=30)


class SpaceInvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=SpaceInvitation.Status.PENDING, expires_at__gt=timezone.now())

    def for_verified_addresses_of(self, user, email=None):
        """Unbound invitations to an address `user` has verified (only `email` when given).

        An address binds an invitation to an account only once the account has proved it owns the
        address: anyone can type someone else's address at sign-up.
        """
        from allauth.account.models import EmailAddress

        verified = EmailAddress.objects.filter(user=user, verified=True)
        if email is not None:
            verified = verified.filter(email__iexact=email)
        # Invitations store the address in lower case (invite_to_space).
        addresses = verified.annotate(address=Lower("email")).values("address")
        return self.filter(user__isnull=True, email__in=addresses)


class SpaceInvitation(models.Model):
    """An invitation to a member (by username) or to an e-mail address (perhaps of someone without an account).

    Pending → accepted | declined | revoked. The token is the link's secret; an e-mail invitation is
    bound to an account only through an address that account has verified (at invitation time or when
    it confirms the address later), or to the account that signs up through the link itself.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        REVOKED = "revoked", _("Withdrawn")

    space = models.ForeignKey(Space, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="space_invitations")
    email = models.EmailField(_("e-mail address"), blank=True)
    # Sent to an address with no account that has verified it: joining follows the address's confirmation.
    to_newcomer = models.BooleanField(default=False)
    # The inviter typed an address: lists show them that address, never whose account it is.
    by_email = models.BooleanField(default=False, editable=False)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    answered_at = models.DateTimeField(null=True, blank=True)

    objects = SpaceInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation to a space")
        verbose_name_plural = _("invitations to spaces")
        indexes = [
            models.Index(fields=["user", "status"]),
            models.Index(fields=["email", "status"]),
            models.Index(fields=["space", "status"]),
        ]

    def __str__(self):
        return f"{self.user or self.email} → {self.space}"

    def get_absolute_url(self):
        return reverse("spaces:invitation", args=[self.token])

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()

    @property
    def addressee(self):
        """How the inviter named the invitee: the member chosen by username, or just the address typed."""
        if self.user_id and not self.by_email:
            return f"{self.user.display_name} (@{self.user.username})"
        return self.email
