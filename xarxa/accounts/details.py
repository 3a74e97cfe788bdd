"""Who may see each personal detail of a profile (e-mail, phone, organisation, position, location).

One rule, two forms, as for the profile itself: `detail_is_visible` for one profile on a page,
`Profile.objects.showing(detail, viewer)` for lists and filters (a directory filtered by organisation must
not find the members who hide theirs). A detail is never shown to more people than the profile: both the
profile's visibility and the detail's must let the viewer in. The member and staff always see everything.
"""

from dataclasses import dataclass

from django.db.models import Q

from xarxa.accounts.models import Profile
from xarxa.accounts.rules import is_verified_member, profile_details_are_visible, verified_member_condition

DETAILS = ("email", "phone", "organisation", "position", "location")
# Wider audiences first: a detail open to an earlier audience is open to every later one too.
AUDIENCES = [Profile.Visibility.EVERYONE, Profile.Visibility.MEMBERS, Profile.Visibility.STAFF]


def audiences_of(viewer) -> list[str]:
    """The visibility values whose audience includes `viewer`."""
    if viewer.is_authenticated and viewer.is_staff:
        return list(AUDIENCES)
    if is_verified_member(viewer):
        return [Profile.Visibility.EVERYONE, Profile.Visibility.MEMBERS]
    return [Profile.Visibility.EVERYONE]


def sees_everything(viewer, profile) -> bool:
    return viewer.is_authenticated and (viewer.is_staff or profile.user_id == viewer.pk)


def detail_is_visible(viewer, profile, detail: str) -> bool:
    if sees_everything(viewer, profile):
        return True
    return (profile_details_are_visible(viewer, profile)
            and getattr(profile, f"{detail}_visibility") in audiences_of(viewer))


def showing_q(detail: str, viewer, prefix: str = "") -> Q:
    """Profiles (or rows reaching a profile through `prefix`, e.g. "profile__") whose `detail` the viewer may
    see, as far as the detail's own setting goes; combine with Profile.objects.visible_to for the profile's."""
    own = Q(**{f"{prefix}user": viewer}) if viewer.is_authenticated else Q(pk__in=[])
    if viewer.is_authenticated and viewer.is_staff:
        return Q()
    shown = Q(**{f"{prefix}{detail}_visibility": Profile.Visibility.EVERYONE})
    if viewer.is_authenticated:  # audiences_of written into the query: the e-mail check costs no query of its own
        shown |= Q(**{f"{prefix}{detail}_visibility": Profile.Visibility.MEMBERS}) & verified_member_condition(viewer)
    return shown | own


def indexable(profile_visibility: str, detail_visibility: str) -> bool:
    """Whether a detail may go into the member's search document, which is shown to the profile's audience:
    only when the detail's audience is at least as wide (staff still find it on the profile page)."""
    return AUDIENCES.index(detail_visibility) <= AUDIENCES.index(profile_visibility)


@dataclass(frozen=True)
class ShownDetails:
    """The details of one profile a viewer may see; None where hidden."""

    email: str | None
    phone: str | None
    organisation: object | None
    position: str | None
    country: object | None


def shown_details(profile, viewer) -> ShownDetails:
    def shown(detail, value):
        return value if value and detail_is_visible(viewer, profile, detail) else None

    return ShownDetails(
        email=shown("email", profile.user.email),
        phone=shown("phone", profile.phone),
        organisation=shown("organisation", profile.organisation if profile.organisation_id else None),
        position=shown("position", profile.position),
        country=shown("location", profile.country),
    )
