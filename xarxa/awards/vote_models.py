"""The public vote's rows, built so that nobody can learn who voted for whom.

The guarantee, and how it is kept:

- A vote row never holds the voter's id, name or address. It holds `voter_key`, a keyed pseudonym:
  HMAC-SHA256 of "category id : voter id" with a key derived from SECRET_KEY (django's salted_hmac,
  salt "xarxa.awards.voter"; see voting.voter_key). Only the server, holding SECRET_KEY, can compute the
  pseudonym *of a given member* (to find their own vote, replace it, confirm it, export "you voted in
  category X" to them); nobody can go back from a pseudonym to a member. The pseudonym differs per category,
  so two votes of one member cannot be linked either.
- The fraud features are snapshotted at voting time in a form that says what fraud checks need and no more:
  the account's age in hours (capped at 30 days: older accounts all look alike), the kind of e-mail domain
  (institutional, common provider, disposable, other) and keyed hashes, per category, of the domain, of the
  network address and of the device (user agent and languages); the time is kept to the minute.
- No page, export or admin screen shows a vote row with its voter: the Vote model is not registered on the
  admin site (a test proves it), the organisers' review lists votes by a short number and their signals,
  the exports count; the privacy export gives the voter "you voted in category X" and never the nominee.
- Casting a vote records no activity, no notification and no audit entry naming the voter; the confirmation
  e-mail's task carries (member id, category id) only, never the nominee.

What it does not protect against: someone holding both the database and SECRET_KEY can compute every
member's pseudonym and so match votes to members. Rotating SECRET_KEY makes earlier pseudonyms unfindable
(a member could then vote again in a running vote): rotate between votes, not during one.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from xarxa.awards.models import Category, Nomination


class DomainKind(models.TextChoices):
    INSTITUTIONAL = "institutional", _("Institutional (verified) domain")
    COMMON = "common", _("Common e-mail provider")
    DISPOSABLE = "disposable", _("Disposable e-mail service")
    OTHER = "other", _("Other domain")


class Review(models.TextChoices):
    PENDING = "pending", _("Not reviewed")
    VALID = "valid", _("Validated")
    INVALID = "invalid", _("Invalidated")


class InvalidReason(models.TextChoices):
    NEW_ACCOUNT = "new_account", _("Account created just before voting")
    BURST = "burst", _("Burst of votes from one network or device")
    DOMAIN_CLUSTER = "domain_cluster", _("Many accounts on one unusual e-mail domain")
    DISPOSABLE = "disposable", _("Disposable e-mail address")
    UNCONFIRMED = "unconfirmed", _("Never confirmed by the voter")
    OTHER = "other", _("Other reason (see the audit trail)")


class Vote(models.Model):
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="votes")
    nomination = models.ForeignKey(Nomination, on_delete=models.CASCADE, related_name="votes")
    voter_key = models.CharField(max_length=64, editable=False)  # the keyed pseudonym: see the module
    cast_at = models.DateTimeField()  # to the minute
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by_2fa = models.BooleanField(default=False)
    # The fraud features, as they were when the vote was cast.
    account_age_hours = models.PositiveIntegerField()
    domain_kind = models.CharField(max_length=14, choices=DomainKind.choices)
    domain_key = models.CharField(max_length=16)
    network_key = models.CharField(max_length=16)
    device_key = models.CharField(max_length=16)
    # The signals the background task last computed (fraud.compute_signals).
    new_account = models.BooleanField(default=False)
    burst = models.BooleanField(default=False)
    domain_cluster = models.BooleanField(default=False)
    disposable = models.BooleanField(default=False)
    unconfirmed = models.BooleanField(default=False)
    review = models.CharField(max_length=8, choices=Review.choices, default=Review.PENDING)
    invalid_reason = models.CharField(max_length=16, choices=InvalidReason.choices, blank=True)

    SIGNALS = ("new_account", "burst", "domain_cluster", "disposable", "unconfirmed")

    class Meta:
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [models.UniqueConstraint(fields=["category", "voter_key"], name="award_one_vote_per_voter")]
        indexes = [
            models.Index(fields=["category", "review", "nomination"], name="award_vote_count"),
            models.Index(fields=["nomination", "cast_at"], name="award_vote_nominee_time"),
        ]

    def __str__(self):
        return f"vote {self.pk}"

    @property
    def signals(self):
        return [name for name in self.SIGNALS if getattr(self, name)]
