"""The shared page cache for visitors: a page rendered for a visitor (no session, so nobody signed in) is
kept in the cache per address, host and language, and served to the next visitor without running the view.

What makes it safe:
- only requests without a session cookie are served from it or stored in it: a signed-in member always
  has one, so a member's page is never stored and a member never gets a stored page;
- a page is stored only when nothing of the request went into it: GET, 200, HTML, no cookie set, the
  session untouched, not an htmx fragment, and the CSRF token written as a placeholder (the context
  processor below) that each response replaces with the visitor's own token; a page whose view asked for
  the real token (CSRF_COOKIE_NEEDS_UPDATE) is not stored;
- exact invalidation: the keys carry a version that every committed write to the database moves on
  (a wrapper on every connection sees each INSERT, UPDATE and DELETE and bumps the version after the
  commit), whichever app, service, task or bulk update made it. Tables that no page shows to visitors
  (sessions and the like) are left out. PAGE_CACHE_SECONDS bounds what no write announces (a "3 minutes
  ago" growing older, an event starting).

The version lives in the shared cache; with the in-process cache (no REDIS_URL) one worker would not see
another's writes, so the page cache is off there unless PAGE_CACHE_SECONDS says otherwise.
Answers carry an ETag (the page and the visitor's CSRF cookie), so a browser asking again gets a 304.
"""

import hashlib
import re
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers

VERSION_KEY = "pagecache:version"
CSRF_PLACEHOLDER = "pagecacheCSRFplaceholder"
# Tables written on requests that change nothing a visitor's page shows.
QUIET_TABLES = frozenset({"django_session", "usersessions_usersession", "django_tasks_database_dbtaskresult",
                          "django_tasks_db_dbtaskresult", "notifications_notification"})
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?\s', re.IGNORECASE)
_MAYBE_WRITE = re.compile(r"\s*(?:INSERT|UPDATE|DELETE|WITH|MERGE|COPY|TRUNCATE|ALTER|DROP|CREATE)\b", re.IGNORECASE)
_WRITE_WORD = re.compile(r"\b(?:INSERT|UPDATE|DELETE|MERGE|TRUNCATE|ALTER|DROP|CREATE)\b", re.IGNORECASE)


def _is_loud_write(sql: str) -> bool:
    """Whether `sql` may change what a visitor's page shows: every write but those to QUIET_TABLES. A write
    whose table is not plain to see (a CTE, raw SQL) counts."""
    if not _MAYBE_WRITE.match(sql):
        return False
    match = _WRITE.match(sql)
    if match:
        return match.group(1).lower() not in QUIET_TABLES
    if sql.lstrip()[:4].upper() == "WITH":  # WITH … SELECT reads; WITH … UPDATE writes
        return bool(_WRITE_WORD.search(sql))
    return True


def enabled() -> bool:
    return settings.PAGE_CACHE_SECONDS > 0


# The version ----------------------------------------------------------------------------------------

def current_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, not 1: a version lost from the cache must never meet pages kept under it.
        cache.add(VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(VERSION_KEY)
    return version


def bump():
    """Every page stored so far is stale (called after a write commits)."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted or never set): a new start beyond any earlier version
        cache.set(VERSION_KEY, int(time.time() * 1000), None)


# Tables whose rows decide the facts about a signed-in reader kept by accounts.readercache (their groups,
# permissions, confirmed addresses, profile): a write to one moves the readers' version on.
READER_TABLES = frozenset({"accounts_user", "accounts_profile", "accounts_user_groups", "auth_group",
                           "accounts_user_user_permissions", "auth_group_permissions", "auth_permission",
                           "django_content_type", "account_emailaddress"})
READERS_VERSION_KEY = "pagecache:readers-version"


def readers_version() -> int:
    version = cache.get(READERS_VERSION_KEY)
    if version is None:
        cache.add(READERS_VERSION_KEY, int(time.time() * 1000), None)
        version = cache.get(READERS_VERSION_KEY)
    return version


def bump_readers():
    """Every reader's kept facts are stale (called after a write to READER_TABLES commits)."""
    try:
        cache.incr(READERS_VERSION_KEY)
    except ValueError:
        cache.set(READERS_VERSION_KEY, int(time.time() * 1000), None)


def _written_table(sql: str) -> str | None:
    """The table a plain INSERT/UPDATE/DELETE writes; None when not plain to see (a CTE, raw SQL)."""
    match = _WRITE.match(sql)
    return match.group(1).lower() if match else None


def _on_commit_once(callback, connection):
    # Once per transaction and savepoint: a bump registered inside a savepoint goes if it rolls back.
    here = set(connection.savepoint_ids)
    if not any(registered is callback and sids == here for sids, registered, _robust in connection.run_on_commit):
        transaction.on_commit(callback, using=connection.alias)  # at once outside a transaction


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if enabled() and _is_loud_write(sql):
        connection = context["connection"]
        _on_commit_once(bump, connection)
        table = _written_table(sql)
        if table is None or table in READER_TABLES:
            _on_commit_once(bump_readers, connection)
    return result


@receiver(connection_created)
def _watch_connection(sender, connection, **kwargs):
    if _watch_writes not in connection.execute_wrappers:
        # First in the list: a wrapper pushed by `with connection.execute_wrapper()` is popped from the end.
        connection.execute_wrappers.insert(0, _watch_writes)


# The template side ----------------------------------------------------------------------------------

def csrf_placeholder(request):
    """Context processor: while a visitor's page is rendered for the cache, the CSRF token is a placeholder
    (each answer puts the visitor's own token in its place)."""
    if getattr(request, "page_cache_key", None):
        return {"csrf_token": CSRF_PLACEHOLDER}
    return {}


# The middleware -------------------------------------------------------------------------------------

def _cacheable_request(request) -> bool:
    return (request.method in ("GET", "HEAD") and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_HX_REQUEST" not in request.META)


def _key(request, version) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"pagecache:{version}:{request.LANGUAGE_CODE}:{digest}"


def _storable(request, response) -> bool:
    session = getattr(request, "session", None)
    return (request.method == "GET" and response.status_code == 200 and not response.streaming
            and response.get("Content-Type", "").startswith("text/html") and not response.cookies
            and not (session is not None and session.modified)
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", ""))


def _etag(body_digest: str, request) -> str:
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return f'"{body_digest}-{hashlib.blake2b(cookie.encode(), digest_size=4).hexdigest()}"'


def _answer(request, body: bytes, headers: list, body_digest: str):
    etag = _etag(body_digest, request)
    if request.META.get("HTTP_IF_NONE_MATCH") == etag:
        response = HttpResponseNotModified()
    else:
        if CSRF_PLACEHOLDER.encode() in body:
            body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
        response = HttpResponse(body)
        for name, value in headers:
            response.headers[name] = value
    response["ETag"] = etag
    response["Cache-Control"] = "private, no-cache"
    patch_vary_headers(response, ("Cookie",))
    return response


class PageCacheMiddleware:
    """Last in MIDDLEWARE: serves and stores visitors' pages (see the module's docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not _cacheable_request(request):
            return self.get_response(request)
        key = _key(request, current_version())
        stored = cache.get(key)
        if stored is not None:
            return _answer(request, *stored)
        request.page_cache_key = key
        response = self.get_response(request)
        if not _storable(request, response):
            if CSRF_PLACEHOLDER.encode() in getattr(response, "content", b""):
                response.content = response.content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
            return response
        body = response.content
        headers = [(name, value) for name, value in response.headers.items()
                   if name.lower() not in ("content-length", "set-cookie", "etag", "cache-control")]
        digest = hashlib.blake2b(body, digest_size=12).hexdigest()
        cache.set(key, (body, headers, digest), settings.PAGE_CACHE_SECONDS)
        return _answer(request, body, headers, digest)
