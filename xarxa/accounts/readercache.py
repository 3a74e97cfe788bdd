"""Facts about the signed-in reader that nearly every page asks, kept in the shared cache per reader.

Every page a member reads asked the database the same things about them: their profile (the header's
avatar and name), their groups (is this a network moderator?), whether they have a confirmed address (a
verified member?), and on some pages their permissions. They change rarely, so they are read once and
kept under the reader's id and the readers' version (core.pagecache.readers_version), which every
committed write to the tables they come from moves on (core.pagecache.READER_TABLES: users, profiles,
group memberships, permissions, e-mail addresses), whoever made it. The facts are put on the request's
user object where the code that asks already looks (rules' `_group_names_cache`, accounts.rules'
`_has_verified_email`, ModelBackend's permission caches, the user's cached `profile`).

Only with the shared cache (where the page cache is on): an in-process cache would miss the other
workers' writes. The user row itself is still read from the database for each request (the session's
check of the password hash needs it, and it is never kept in the cache).
"""

from django.contrib.auth.middleware import get_user
from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

from xarxa.core import pagecache

# The attributes ModelBackend keeps the permissions in, once asked.
PERMISSION_CACHES = ("_user_perm_cache", "_group_perm_cache", "_perm_cache")
SECONDS = 600


def _key(user) -> str:
    return f"readerfacts:{pagecache.readers_version()}:{user.pk}"


def read_facts(user) -> dict:
    """The facts, read from the database (four queries; two more for the permissions of an active user)."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth.backends import ModelBackend

    from xarxa.accounts.models import Profile

    probe = type(user)(pk=user.pk, is_active=user.is_active, is_superuser=user.is_superuser)
    ModelBackend().get_all_permissions(probe)  # fills the probe's permission caches
    return {
        "_group_names_cache": set(user.groups.values_list("name", flat=True)),
        "_has_verified_email": EmailAddress.objects.filter(user_id=user.pk, verified=True).exists(),
        "permissions": {name: vars(probe)[name] for name in PERMISSION_CACHES if name in vars(probe)},
        "profile": Profile.objects.filter(user_id=user.pk).first(),
    }


def apply_facts(user, facts):
    for name in ("_group_names_cache", "_has_verified_email"):
        vars(user).setdefault(name, facts[name])
    for name, value in facts["permissions"].items():
        vars(user).setdefault(name, set(value))
    profile = facts["profile"]
    if profile is not None:
        type(profile).user.field.set_cached_value(profile, user)
    type(user).profile.related.set_cached_value(user, profile)  # None: user.profile raises as before


def with_facts(user):
    if not user.is_authenticated:
        return user
    key = _key(user)
    facts = cache.get(key)
    if facts is None:
        facts = read_facts(user)
        cache.set(key, facts, SECONDS)
    apply_facts(user, facts)
    return user


class ReaderFactsMiddleware:
    """Right after AuthenticationMiddleware: the request's user comes with their kept facts."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if pagecache.enabled():
            request.user = SimpleLazyObject(lambda: with_facts(get_user(request)))
        return self.get_response(request)
