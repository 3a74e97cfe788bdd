"""Acts on members: creating profiles, verifying, approving, inviting."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from xarxa.accounts.models import Invitation, Profile, User, VerifiedDomain
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.audit.services import member_display
from xarxa.core.rulebook import check


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower()


def is_institutional_email(email: str) -> bool:
    """True when the address's domain, or a parent domain of it, is on the allow-list."""
    domain = domain_of(email)
    parts = domain.split(".")
    candidates = {".".join(parts[i:]) for i in range(len(parts) - 1)}
    return VerifiedDomain.objects.filter(domain__in=candidates).exists()


def member_with_verified_email(email: str) -> User | None:
    """The active member who has proved `email` is theirs, or None.

    User.email alone proves nothing (anyone may sign up with any address and never confirm it),
    so whatever an address entitles someone to goes through this.
    """
    return (User.objects.filter(is_active=True, emailaddress__email__iexact=email.strip(),
                                emailaddress__verified=True).distinct().first())


def create_profile(user: User, full_name: str = "") -> Profile:
    """The member's profile, created on first need (accounts made outside sign-up have none yet)."""
    profile, _created = Profile.objects.get_or_create(user=user, defaults={"full_name": full_name or user.username})
    return profile


def grant_badge_for_verified_email(user: User, email: str) -> bool:
    """Called when a member proves an address is theirs; grants the badge for institutional domains."""
    profile = create_profile(user)
    if profile.is_verified_employee or not is_institutional_email(email):
        return False
    profile.verification = Profile.Verification.DOMAIN
    profile.verified_at = timezone.now()
    profile.save(update_fields=["verification", "verified_at", "bio_html"])
    record(None, Action.ACCOUNT_VERIFY, user, method=profile.verification, domain=domain_of(email))
    return True


@transaction.atomic
def verify_member(moderator: User, member: User) -> Profile:
    check(moderator, "accounts.verify_member", member)
    profile = create_profile(member)
    profile.verification = Profile.Verification.MODERATOR
    profile.verified_at = timezone.now()
    profile.verified_by = moderator
    profile.save(update_fields=["verification", "verified_at", "verified_by", "bio_html"])
    record(moderator, Action.ACCOUNT_VERIFY, member, method=profile.verification)
    return profile


@transaction.atomic
def unverify_member(moderator: User, member: User) -> Profile:
    check(moderator, "accounts.verify_member", member)
    profile = create_profile(member)
    record(moderator, Action.ACCOUNT_UNVERIFY, member, **_verification_of(profile))
    profile.verification = Profile.Verification.NONE
    profile.verified_at = None
    profile.verified_by = None
    profile.save(update_fields=["verification", "verified_at", "verified_by", "bio_html"])
    return profile


def _verification_of(profile: Profile) -> dict:
    """What the withdrawn verification was, and who gave it (named as they were: they may leave later)."""
    verifier = profile.verified_by
    return {"method": profile.verification, "verified_at": profile.verified_at,
            "verified_by": verifier.pk if verifier else None,
            "verified_by_display": member_display(verifier)}


@transaction.atomic
def approve_members(moderator: User, members) -> int:
    """Approve pending accounts and tell each member by e-mail, in their language."""
    check(moderator, "accounts.approve_members")
    approved = 0
    for member in members:
        if member.is_approved:
            continue
        member.is_approved = True
        member.save(update_fields=["is_approved"])
        record(moderator, Action.ACCOUNT_APPROVE, member)
        _send_approval_mail(member)
        approved += 1
    return approved


def _send_approval_mail(member: User):
    from django.core.mail import send_mail

    with translation.override(member.language):
        context = {"member": member, "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        subject = _("Your %(site)s account has been approved") % {"site": settings.SITE_NAME}
        body = render_to_string("accounts/email/approved.txt", context)
    send_mail(subject, body, None, [member.email])


# Other apps' invitations (to a group, say) also open an invitation-only network and skip
# approval: each registers the session key its invitation link sets and how to check the token.
_SESSION_INVITATION_CHECKS: dict[str, object] = {}


def register_session_invitation(session_key: str, is_usable) -> None:
    _SESSION_INVITATION_CHECKS[session_key] = is_usable


def is_invited(session) -> bool:
    """Whether this visitor arrived through a usable invitation of any kind."""
    return any(session.get(key) and is_usable(session[key]) for key, is_usable in _SESSION_INVITATION_CHECKS.items())


def usable_invitation(token: str | None) -> Invitation | None:
    if not token:
        return None
    invitation = Invitation.objects.filter(token=token).first()
    return invitation if invitation and invitation.is_usable else None


def create_invitation(inviter: User, *, email: str = "", note: str = "", max_uses: int = 1) -> Invitation:
    check(inviter, "accounts.invite")
    return Invitation.objects.create(created_by=inviter, email=email, note=note, max_uses=max_uses)


@transaction.atomic
def redeem_invitation(invitation: Invitation) -> None:
    Invitation.objects.filter(pk=invitation.pk).update(use_count=F("use_count") + 1)
