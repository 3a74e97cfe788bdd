"""Acts on spaces and their memberships. Each checks permission, then writes in one transaction.

Errors are translated: PermissionDenied when the actor may not do this at all,
ValidationError when the act makes no sense in the current state.
"""

import secrets
import uuid
from io import BytesIO

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image, ImageOps

from xarxa.accounts.models import User
from xarxa.accounts.rules import is_approved_member, is_verified_member, profile_details_are_visible
from xarxa.accounts.services import member_with_verified_email
from xarxa.audit import record
from xarxa.audit.actions import Action
from xarxa.core.events import announce
from xarxa.core.rulebook import check
from xarxa.spaces import lifecycles
from xarxa.spaces import rules as space_rules
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation

Role = Membership.Role
EDITABLE_FIELDS = ("name", "description", "visibility", "join_policy", "organisation", "country")


# Reading ---------------------------------------------------------------------------------------

def access_space(user, slug, kind=Space.Kind.GROUP) -> Space:
    """The space `user` may see, or Http404: the same answer for missing and secret-to-you."""
    space = Space.objects.select_related("organisation").filter(kind=kind, slug=slug).first()
    if space is None or not space_rules.can_view_space(user, space):
        raise Http404(_("No such group."))
    return space


def access_space_for_reading(user, slug, kind=Space.Kind.GROUP) -> Space:
    """Like access_space, but also 404 when `user` may know the space exists yet not read inside it."""
    space = access_space(user, slug, kind)
    if not space_rules.can_read_space_content(user, space):
        raise Http404(_("No such group."))
    return space


# Creating and editing ----------------------------------------------------------------------------

# Words the group URLs use for themselves (/groups/new/, /groups/invitations/...).
RESERVED_SLUGS = {"new", "invitations", "debates", "moderation"}


def unique_slug(kind: str, name: str, *, secret: bool = False) -> str:
    """A free slug for a new space that tells nothing about the spaces already there.

    A taken name gets a random suffix rather than "-2" (which would count namesakes), and a secret
    space always gets one, so its name never occupies the plain slug a probe would collide with.
    """
    base = slugify(name)[:120] or "space"
    slug = base
    while secret or slug in RESERVED_SLUGS or Space.objects.filter(kind=kind, slug=slug).exists():
        secret = False
        slug = f"{base}-{secrets.token_hex(3)}"
    return slug


def cover_image(upload, size=(1200, 400)) -> ContentFile:
    """A centred wide crop of an already-checked image, as WebP without photo metadata."""
    upload.seek(0)
    with Image.open(upload) as image:
        image = ImageOps.fit(ImageOps.exif_transpose(image).convert("RGB"), size, Image.Resampling.LANCZOS)
        out = BytesIO()
        image.save(out, format="WEBP", quality=82)
    return ContentFile(out.getvalue())


def _store_cover(space, upload):
    if space.cover:
        space.cover.delete(save=False)
    space.cover.save(f"{uuid.uuid4().hex}.webp", cover_image(upload), save=False)


def create_space(creator, *, name, description="", visibility=Space.Visibility.PUBLIC,
                 join_policy=Space.JoinPolicy.OPEN, topics=(), organisation=None, country="",
                 cover=None, kind=Space.Kind.GROUP) -> Space:
    check(creator, "spaces.create_space")
    if not name.strip():
        raise ValidationError(_("Give the group a name."))
    slug = unique_slug(kind, name, secret=visibility == Space.Visibility.SECRET)
    with transaction.atomic():
        space = Space(kind=kind, name=name.strip(), slug=slug, description=description,
                      visibility=visibility, join_policy=join_policy, organisation=organisation,
                      country=country, created_by=creator, member_count=1)
        if cover:
            _store_cover(space, cover)
        space.save()
        space.topics.set(topics)
        Membership.objects.create(space=space, user=creator, role=Role.OWNER)
    return space


def update_space(actor, space, *, topics=None, cover=None, remove_cover=False, **fields) -> Space:
    check(actor, "spaces.edit_space", space)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        for field, value in fields.items():
            setattr(space, field, value)
        if cover:
            _store_cover(space, cover)
        elif remove_cover and space.cover:
            space.cover.delete(save=False)
        space.save()
        if topics is not None:
            space.topics.set(topics)
    return space


# Memberships -----------------------------------------------------------------------------------

def _recount_members(space):
    """Write the true member count (a recount, so concurrent joins cannot make it drift)."""
    count = Membership.objects.filter(space=OuterRef("pk")).values("space").annotate(n=Count("pk")).values("n")
    Space.objects.filter(pk=space.pk).update(member_count=Coalesce(Subquery(count), 0))
    space.refresh_from_db(fields=["member_count"])


def _add_member(space, user, role=Role.MEMBER) -> Membership:
    try:
        with transaction.atomic():
            membership = Membership.objects.create(space=space, user=user, role=role)
            announce("act", actor=user, verb="joined", space=space)
    except IntegrityError:  # a double click raced us: the member is in
        membership = Membership.objects.get(space=space, user=user)
    lifecycles.JOIN_REQUEST.apply_to(JoinRequest.objects.filter(space=space, user=user), "approve",
                                     decided_at=timezone.now())
    lifecycles.INVITATION.apply_to(SpaceInvitation.objects.filter(space=space, user=user), "accept",
                                   answered_at=timezone.now())
    space_rules.remember_membership(space, user, membership)
    _recount_members(space)
    return membership


def join_space(user, space) -> Membership:
    if space_rules.is_space_member(user, space):
        return space_rules.membership_of(user, space)
    if not space_rules.can_join_space(user, space):
        if space.visibility == Space.Visibility.MEMBERS and not is_verified_member(user):
            raise PermissionDenied(_("Confirm your e-mail address to join this group."))
        if space.join_policy == Space.JoinPolicy.REQUEST:
            raise PermissionDenied(_("This group takes requests: ask to join and an administrator will answer."))
        raise PermissionDenied(_("This group is open by invitation only."))
    with transaction.atomic():
        return _add_member(space, user)


def _owner_count(space):
    return Membership.objects.filter(space=space, role=Role.OWNER).count()


def leave_space(user, space) -> None:
    membership = space_rules.membership_of(user, space)
    if membership is None:
        raise ValidationError(_("You are not a member of this group."))
    with transaction.atomic():
        if membership.role == Role.OWNER and _owner_count(space) <= 1:
            raise ValidationError(_("You are the group's only owner. Make another member an owner before leaving."))
        membership.delete()
        space_rules.forget_membership(space, user)
        _recount_members(space)


def set_follows_closely(user, space, follows: bool) -> Membership:
    """A member chooses to hear (or stop hearing) of every new post in the group."""
    membership = space_rules.membership_of(user, space)
    if membership is None:
        raise ValidationError(_("Join the group to follow it closely."))
    Membership.objects.filter(pk=membership.pk).update(follows_closely=follows)
    membership.follows_closely = follows
    return membership


def request_to_join(user, space, message="") -> JoinRequest:
    if space_rules.is_space_member(user, space):
        raise ValidationError(_("You are already a member of this group."))
    if space_rules.has_pending_join_request(user, space):
        raise ValidationError(_("You have already asked to join this group. An administrator will answer."))
    check(user, "spaces.request_to_join", space)
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(space=space, user=user, message=message.strip())
            announce("spaces.join_requested", join_request=join_request)
            return join_request
    except IntegrityError:
        raise ValidationError(_("You have already asked to join this group. An administrator will answer.")) from None


def cancel_join_request(user, space) -> None:
    JoinRequest.objects.filter(space=space, user=user, status=JoinRequest.Status.PENDING).delete()


def decide_join_request(actor, join_request, *, approve: bool, response="") -> JoinRequest:
    space = join_request.space
    check(actor, "spaces.decide_request", space)
    with transaction.atomic():
        locked = JoinRequest.objects.select_for_update().get(pk=join_request.pk)
        lifecycles.JOIN_REQUEST.transition(locked, "approve" if approve else "decline")
        locked.response = response.strip()
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "response", "decided_by", "decided_at"])
        if approve:
            _add_member(space, locked.user)
            record(actor, Action.SPACE_JOIN_APPROVE, locked, member=locked.user_id)
        announce("spaces.join_decided", join_request=locked)
        transaction.on_commit(lambda: _send_decision_mail(locked))
    return locked


def _send_decision_mail(join_request):
    """Until notifications exist, the member hears the answer (and its message) by e-mail, in their language."""
    member, space = join_request.user, join_request.space
    with translation.override(member.language):
        context = {"join_request": join_request, "space": space, "member": member,
                   "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        if join_request.status == JoinRequest.Status.APPROVED:
            subject = _("Welcome to the group %(group)s") % {"group": space.name}
        else:
            subject = _("Your request to join %(group)s") % {"group": space.name}
        body = render_to_string("spaces/email/join_decision.txt", context)
    send_mail(subject, body, None, [member.email])


def change_role(actor, membership, role) -> Membership:
    space = membership.space
    if role not in Role.values:
        raise ValidationError(_("Choose a valid role."))
    check(actor, "spaces.change_role", space)
    if Role.OWNER in (role, membership.role):
        check(actor, "spaces.change_owner", space)
    with transaction.atomic():
        if membership.role == Role.OWNER and role != Role.OWNER and _owner_count(space) <= 1:
            raise ValidationError(_("A group needs at least one owner. Make someone else an owner first."))
        record(actor, Action.SPACE_ROLE_CHANGE, membership, member=membership.user_id, old=membership.role, new=role)
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def set_translator(actor, membership, is_translator: bool) -> Membership:
    check(actor, "spaces.set_translator", membership.space)
    membership.is_translator = is_translator
    membership.save(update_fields=["is_translator"])
    record(actor, Action.SPACE_TRANSLATOR_CHANGE, membership, member=membership.user_id, translator=is_translator)
    return membership


def remove_member(actor, membership) -> None:
    space = membership.space
    check(actor, "spaces.remove_member", space)
    if membership.role == Role.OWNER:
        check(actor, "spaces.remove_owner", space)
    with transaction.atomic():
        if membership.role == Role.OWNER and _owner_count(space) <= 1:
            raise ValidationError(_("A group needs at least one owner. Make someone else an owner first."))
        record(actor, Action.SPACE_MEMBER_REMOVE, membership, member=membership.user_id, role=membership.role)
        membership.delete()
        space_rules.forget_membership(space, membership.user)
        _recount_members(space)


# Invitations -----------------------------------------------------------------------------------

def invite_to_space(actor, space, *, username="", email="") -> SpaceInvitation:
    """Invite a member by username, or an e-mail address (whether or not an account goes with it).

    An address binds the invitation to the member who has verified it, if any; otherwise the
    invitation waits for whoever confirms the address or signs up through the link. Either way the
    inviter hears the same answer about an address, so inviting cannot probe who has an account.
    """
    check(actor, "spaces.invite", space)
    username, email = username.strip().lstrip("@"), email.strip().lower()
    if bool(username) == bool(email):
        raise ValidationError(_("Give either a username or an e-mail address."))
    pending = SpaceInvitation.objects.pending().filter(space=space)
    if username:
        invitee = _invitee_by_username(actor, username)
        if Membership.objects.filter(space=space, user=invitee).exists():
            raise ValidationError(_("%(name)s is already a member of this group.") % {"name": invitee.display_name})
        if pending.filter(user=invitee).exists():
            raise ValidationError(_("This person has already been invited."))
    else:
        invitee = member_with_verified_email(email)
        # Only invitations addressed by e-mail count: one by username would tell whose address this is.
        if pending.filter(Q(by_email=True) | Q(user__isnull=True), email=email).exists():
            raise ValidationError(_("This address has already been invited."))
    with transaction.atomic():
        invitation = SpaceInvitation.objects.create(space=space, invited_by=actor, user=invitee,
                                                    email=email or invitee.email, to_newcomer=invitee is None,
                                                    by_email=bool(email))
        announce("spaces.invited", invitation=invitation)
        transaction.on_commit(lambda: _send_invitation_mail(invitation))
    return invitation


def _invitee_by_username(actor, username):
    """The member `actor` may see under this username; one answer for missing and hidden from the actor."""
    invitee = User.objects.select_related("profile").filter(username__iexact=username, is_active=True).first()
    profile = getattr(invitee, "profile", None) if invitee else None
    if profile is None or not profile_details_are_visible(actor, profile):
        raise ValidationError(_("There is no member with the username “%(username)s”.") % {"username": username})
    return invitee


def _send_invitation_mail(invitation):
    language = invitation.user.language if invitation.user else translation.get_language() or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"invitation": invitation, "space": invitation.space, "inviter": invitation.invited_by,
                   "site_name": settings.SITE_NAME, "site_url": settings.SITE_URL}
        subject = _("%(name)s invites you to the group %(group)s") % {
            "name": invitation.invited_by.display_name if invitation.invited_by else settings.SITE_NAME,
            "group": invitation.space.name}
        body = render_to_string("spaces/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def invitation_by_token(token) -> SpaceInvitation:
    invitation = SpaceInvitation.objects.select_related("space", "invited_by").filter(token=token).first()
    if invitation is None or not invitation.is_pending:
        raise Http404(_("This invitation is no longer valid."))
    return invitation


def accept_space_invitation(user, invitation) -> Membership:
    """Holding the link (or being the invited member) entitles `user` to join, once they have a verified address."""
    if not space_rules.can_accept_space_invitation(user, invitation):
        raise PermissionDenied(_refusal_to_accept(user, invitation))
    with transaction.atomic():
        locked = SpaceInvitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_pending:
            raise ValidationError(_("This invitation is no longer valid."))
        lifecycles.INVITATION.transition(locked, "accept")
        locked.user = user
        locked.answered_at = timezone.now()
        locked.save(update_fields=["user", "status", "answered_at"])
        return _add_member(invitation.space, user)


def _refusal_to_accept(user, invitation):
    if not space_rules.invitation_is_for(user, invitation):
        return _("This invitation was sent to another member.")
    if not is_approved_member(user):
        return _("Your account cannot join groups yet.")
    return _("Confirm your e-mail address before joining a group.")


def decline_space_invitation(user, invitation) -> None:
    if invitation.user_id and invitation.user_id != user.pk:
        raise PermissionDenied(_("This invitation was sent to another member."))
    lifecycles.INVITATION.apply_to(SpaceInvitation.objects.filter(pk=invitation.pk), "decline",
                                   answered_at=timezone.now(), user=user)


def revoke_space_invitation(actor, invitation) -> None:
    check(actor, "spaces.revoke_invitation", invitation.space)
    lifecycles.INVITATION.apply_to(SpaceInvitation.objects.filter(pk=invitation.pk), "revoke",
                                   answered_at=timezone.now())


def claim_invitation(user, token) -> SpaceInvitation | None:
    """Bind an e-mail invitation to the account just created through its link (joined once verified)."""
    invitation = SpaceInvitation.objects.pending().filter(token=token, user__isnull=True).first()
    if invitation is not None:
        invitation.user = user
        invitation.save(update_fields=["user"])
    return invitation


def accept_invitations_for_verified_email(user, email) -> list[Membership]:
    """After `user` proves `email` is theirs: join every group that invited it or them through a link."""
    vars(user).pop("_has_verified_email", None)  # has_verified_email may have cached the answer before
    pending = SpaceInvitation.objects.pending().select_related("space")
    claimed_through_link = pending.filter(to_newcomer=True, user=user)
    invitations = claimed_through_link | pending.for_verified_addresses_of(user, email)
    memberships = []
    for invitation in invitations:
        try:
            memberships.append(accept_space_invitation(user, invitation))
        except (PermissionDenied, ValidationError):
            continue  # approval pending, or already answered: the member can still use the link later
    return memberships


def get_membership(space, username) -> Membership:
    return get_object_or_404(Membership.objects.select_related("user", "space"), space=space,
                             user__username=username)
