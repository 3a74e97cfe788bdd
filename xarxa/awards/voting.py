"""The public vote: one vote per voter per category, changeable until the vote closes, confirmed by the
voter, secret. How the secrecy is kept is written on vote_models (read it first); this module is the only
code that turns a member into a pseudonym, and it never stores the member."""

from datetime import timedelta
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from xarxa.awards.models import Nomination, Stage
from xarxa.awards.rules import signed_in_with_two_factors
from xarxa.awards.vote_models import DomainKind, Review, Vote
from xarxa.core.rulebook import check

CONFIRM_SALT = "xarxa.awards.confirm-vote"
CONFIRM_DAYS = 7
AGE_CAP_HOURS = 24 * 30
COMMON_PROVIDERS = frozenset({
    "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.es", "live.com", "msn.com", "yahoo.com",
    "yahoo.es", "icloud.com", "me.com", "proton.me", "protonmail.com", "gmx.com", "gmx.es", "gmx.net", "aol.com",
    "zoho.com", "yandex.com", "mail.com", "terra.com.br", "uol.com.br", "bol.com.br", "sapo.pt", "telefonica.net",
})


def voter_key(user_id, category_id) -> str:
    """The keyed pseudonym of a member in a category (HMAC-SHA256, key derived from SECRET_KEY)."""
    return salted_hmac("xarxa.awards.voter", f"{category_id}:{user_id}", algorithm="sha256").hexdigest()


def feature_key(kind, category_id, value) -> str:
    """A short keyed hash of a fraud feature, different in each category (votes of one member in two
    categories cannot be linked through it)."""
    return salted_hmac(f"xarxa.awards.{kind}", f"{category_id}:{value}", algorithm="sha256").hexdigest()[:16]


@cache
def disposable_domains() -> frozenset:
    path = Path(__file__).with_name("disposable_domains.txt")
    return frozenset(line.strip().lower() for line in path.read_text().splitlines()
                     if line.strip() and not line.startswith("#"))


def domain_kind(domain) -> str:
    from xarxa.accounts.models import VerifiedDomain

    domain = domain.lower()
    if domain in disposable_domains():
        return DomainKind.DISPOSABLE
    if domain in COMMON_PROVIDERS:
        return DomainKind.COMMON
    parts = domain.split(".")
    candidates = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    if VerifiedDomain.objects.filter(domain__in=candidates).exists():
        return DomainKind.INSTITUTIONAL
    return DomainKind.OTHER


def network_of(address) -> str:
    """The network a request came from: the /24 of an IPv4 address, the /56 of an IPv6 one."""
    import ipaddress

    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address or "unknown"
    prefix = 24 if ip.version == 4 else 56
    return str(ipaddress.ip_network(f"{ip}/{prefix}", strict=False))


def request_features(request) -> dict:
    """What the vote keeps of the request it came in: where from and with what, as raw values that
    `snapshot` hashes at once (never stored as they are)."""
    from xarxa.core.clientip import client_ip

    return {"network": network_of(client_ip(request)),
            "device": f"{request.META.get('HTTP_USER_AGENT', '')}|{request.META.get('HTTP_ACCEPT_LANGUAGE', '')}"}


def snapshot(user, category, features, now) -> dict:
    age = int((now - user.date_joined).total_seconds() // 3600)
    domain = user.email.rpartition("@")[2].lower()
    return {
        "account_age_hours": max(0, min(age, AGE_CAP_HOURS)),
        "domain_kind": domain_kind(domain),
        "domain_key": feature_key("domain", category.pk, domain),
        "network_key": feature_key("network", category.pk, features.get("network", "")),
        "device_key": feature_key("device", category.pk, features.get("device", "")),
    }


def check_can_vote(user, category, nomination):
    if category.stage != Stage.VOTE:
        if category.is_past(Stage.VOTE):
            raise ValidationError(_("The vote in “%(category)s” closed on %(date)s: votes can no longer be given "
                                    "or changed.") % {"category": category.name,
                                                      "date": date_format(timezone.localtime(category.jury_opens_at),
                                                                          "DATETIME_FORMAT")},
                                  code="vote_closed")
        raise ValidationError(_("The vote in “%(category)s” is not open yet.") % {"category": category.name},
                              code="vote_not_open")
    check(user, "awards.vote", category)
    if nomination.category_id != category.pk or nomination.status not in (
            Nomination.Status.ELIGIBLE, Nomination.Status.FINALIST):
        raise ValidationError(_("Vote for one of the eligible nominations of this category."), code="not_in_vote")


def cast_vote(user, category, nomination, *, features=None) -> Vote:
    """Vote for `nomination`; a second vote in the same category replaces the first (until the close).
    Signed in with two factors, the vote is confirmed at once; otherwise an e-mail asks for a click."""
    check_can_vote(user, category, nomination)
    now = timezone.now().replace(second=0, microsecond=0)
    key = voter_key(user.pk, category.pk)
    two_factors = signed_in_with_two_factors(user)
    values = {"nomination": nomination, "cast_at": now, **snapshot(user, category, features or {}, now),
              "confirmed_at": now if two_factors else None, "confirmed_by_2fa": two_factors,
              "review": Review.PENDING, "invalid_reason": "",
              **dict.fromkeys(Vote.SIGNALS, False)}
    with transaction.atomic():
        vote, created = Vote.objects.select_for_update().filter(category=category, voter_key=key).first(), False
        if vote is None:
            try:
                with transaction.atomic():
                    vote, created = Vote.objects.create(category=category, voter_key=key, **values), True
            except IntegrityError:  # two clicks at once: the other one made the row, replace it
                vote = Vote.objects.select_for_update().get(category=category, voter_key=key)
        if not created:  # the second vote replaces the first: a new choice, a new snapshot, reviewed afresh
            Vote.objects.filter(pk=vote.pk).update(**values)
            for field, value in values.items():
                setattr(vote, field, value)
        if not two_factors:
            from xarxa.awards.tasks import send_vote_confirmation

            transaction.on_commit(lambda: send_vote_confirmation.enqueue(user.pk, category.pk))
        transaction.on_commit(lambda: schedule_signals(category.pk))
    return vote


def current_choice(user, category):
    """The nomination id `user` votes for in `category` (None): only the voter themselves is ever asked."""
    if not user.is_authenticated:
        return None
    return Vote.objects.filter(category=category, voter_key=voter_key(user.pk, category.pk)).values_list(
        "nomination_id", flat=True).first()


def has_voted(user, category) -> bool:
    return Vote.objects.filter(category=category, voter_key=voter_key(user.pk, category.pk)).exists()


def confirmation_token(user_id, category_id) -> str:
    return signing.dumps([user_id, category_id], salt=CONFIRM_SALT, compress=True)


def confirm_vote(token) -> Vote:
    """The click in the confirmation e-mail: the token names the member and the category, never the nominee;
    the vote confirmed is the member's current one."""
    try:
        user_id, category_id = signing.loads(token, salt=CONFIRM_SALT, max_age=timedelta(days=CONFIRM_DAYS))
    except (signing.BadSignature, ValueError, TypeError):
        raise ValidationError(_("This confirmation link is not valid or has expired."), code="bad_token") from None
    vote = Vote.objects.select_related("category").filter(category_id=category_id,
                                                          voter_key=voter_key(user_id, category_id)).first()
    if vote is None:
        raise ValidationError(_("There is no vote to confirm: it may have been replaced."), code="no_vote")
    if vote.category.is_past(Stage.VOTE):
        raise ValidationError(_("The vote has closed: votes can no longer be confirmed."), code="vote_closed")
    if vote.confirmed_at is None:
        Vote.objects.filter(pk=vote.pk).update(confirmed_at=timezone.now(), unconfirmed=False)
    return vote


def send_confirmation(user_id, category_id) -> int:
    """Mail the voter the link that confirms their vote (their current one). Returns how many were sent."""
    from django.contrib.auth import get_user_model
    from django.core.mail import send_mail
    from django.urls import reverse
    from django.utils import translation

    from xarxa.awards.models import Category

    user = get_user_model().objects.filter(pk=user_id).first()
    category = Category.objects.select_related("edition__space").filter(pk=category_id).first()
    if user is None or category is None or not has_voted(user, category):
        return 0
    link = settings.SITE_URL.rstrip("/") + reverse("awards:confirm_vote", args=[
        confirmation_token(user_id, category_id)])
    with translation.override(user.language or settings.LANGUAGE_CODE):
        subject = _("Confirm your vote in “%(category)s”") % {"category": category.name}
        body = _("You voted in the category “%(category)s” of %(edition)s. Confirm your vote with this link "
                 "(valid for %(days)d days); until then it may not be counted:\n\n%(link)s\n\nIf you did not vote, "
                 "ignore this message.") % {"category": category.name, "edition": category.edition.name,
                                            "days": CONFIRM_DAYS, "link": link}
        send_mail(subject[:200], body, None, [user.email])
    return 1


def schedule_signals(category_id):
    """Enqueue the fraud-signal task at most once every few minutes per category (a burst of votes makes
    one run, not thousands)."""
    from django.core.cache import cache

    from xarxa.awards.tasks import compute_fraud_signals

    if cache.add(f"awards:signals-queued:{category_id}", 1, timeout=300):
        compute_fraud_signals.using(run_after=timezone.now() + timedelta(minutes=5)).enqueue(category_id)


# Organisers' review --------------------------------------------------------------------------------

def review_votes(actor, category, *, action, votes, reason, invalid_reason="") -> int:
    """Validate or invalidate `votes` (a queryset of this category's votes) in one UPDATE, with the reason on
    the audit trail. Returns how many moved."""
    from xarxa.audit import record
    from xarxa.audit.actions import Action
    from xarxa.awards.lifecycles import VOTE_REVIEW
    from xarxa.awards.vote_models import InvalidReason

    check(actor, "awards.organise", category)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Say why: the note is kept on the audit trail."), code="reason")
    if action not in ("validate", "invalidate"):
        raise ValueError(action)
    if action == "invalidate" and invalid_reason not in InvalidReason.values:
        raise ValidationError(_("Choose the reason for invalidating."), code="invalid_reason")
    votes = votes.filter(category=category)
    with transaction.atomic():
        if action == "validate":
            moved = VOTE_REVIEW.apply_to(votes, "validate", invalid_reason="")
            code = Action.AWARD_VOTES_VALIDATE
        else:
            moved = VOTE_REVIEW.apply_to(votes, "invalidate", invalid_reason=invalid_reason)
            code = Action.AWARD_VOTES_INVALIDATE
        record(actor, code, category.edition.space, reason=reason, category=category.name, votes=moved,
               invalid_reason=invalid_reason)
    return moved
