"""Shared test setup: each test writes mail and uploads under its own temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    # Django's test set-up swaps in the locmem mail backend; use the real queue and .eml delivery.
    settings.EMAIL_BACKEND = "xarxa.core.mail.QueuedEmailBackend"
    settings.XARXA_DELIVERY_EMAIL_BACKEND = "xarxa.core.mail.EmlFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.STORAGES = {**settings.STORAGES,
                         "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate limits live in the cache: start every test with a clean one."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _audit_trail_emptied_after_transactional_tests(request):
    """The audit trail refuses DELETE (a trigger); a test that commits empties it here, before the
    database flush that ends the test would be refused (SQLite flushes with DELETE)."""
    marker = request.node.get_closest_marker("django_db")
    if not ({"transactional_db", "live_server"} & set(request.fixturenames)
            or (marker and marker.kwargs.get("transaction"))):
        yield
        return
    request.getfixturevalue("transactional_db")  # so this fixture's teardown runs before the flush
    yield
    from django.db import connections

    from xarxa.audit.guard import empty_for_tests

    for connection in connections.all(initialized_only=True):
        empty_for_tests(connection)


@pytest.fixture(autouse=True)
def _events_at_commit(request):
    """After-commit events reach their subscribers in tests too (see core.testing.events_at_commit);
    tests that really commit (transactional ones) keep the real, after-commit behaviour."""
    marker = request.node.get_closest_marker("django_db")
    if {"transactional_db", "live_server"} & set(request.fixturenames) or (marker and marker.kwargs.get("transaction")):
        yield
        return
    from xarxa.core.testing import events_at_commit

    with events_at_commit():
        yield


@pytest.fixture(autouse=True)
def _empty_task_queues(settings):
    """RQ keeps its queues in Redis, outside the test transaction: start every test with them empty."""
    if settings.TASKS["default"]["BACKEND"] == "django_tasks_rq.RQBackend":
        import django_rq

        for name in settings.TASK_QUEUES:
            queue = django_rq.get_queue(name)
            queue.empty()
            for registry in (queue.scheduled_job_registry, queue.failed_job_registry):
                for job_id in registry.get_job_ids():
                    registry.remove(job_id, delete_job=True)


@pytest.fixture
def member_in_group(client):
    """A group with its owner and a member, the member signed in (the query-count pins start from here)."""
    from xarxa.accounts.tests.factories import UserFactory
    from xarxa.spaces.tests.factories import SpaceFactory, add_member

    owner, member = UserFactory(), UserFactory()
    group = SpaceFactory(owner=owner)
    add_member(group, member)
    client.force_login(member)
    return group, owner, member


@pytest.fixture
def mailbox(settings):
    """The e-mails delivered so far, oldest first, parsed (queued mail tasks are run first)."""
    from email import policy
    from email.parser import BytesParser
    from pathlib import Path

    def read():
        from xarxa.core.testing import run_queued_tasks

        run_queued_tasks()
        folder = Path(settings.EMAIL_FILE_PATH)
        if not folder.exists():
            return []
        return [BytesParser(policy=policy.default).parse(p.open("rb")) for p in sorted(folder.glob("*.eml"))]

    return read


# --- Browser tests -----------------------------------------------------------
# Playwright drives Debian's Chromium (a browser download of Playwright's own
# does not work here) against pytest-django's live_server. Mark such tests with
# @pytest.mark.browser and ask for `page` (or `new_page` for a second context).

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run. Missing Chromium fails the test: it must not pass unseen."""
    import os
    from pathlib import Path

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Browser tests need Debian's Chromium at {CHROMIUM}: apt-get install -y chromium", pytrace=False)
    # Playwright's sync API keeps an event loop running in this thread; the ORM
    # calls the tests make meanwhile are still plain synchronous calls.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a page in a fresh browser context (own cookies); relative URLs go to the live server.

    new_page(locale="pt-BR"), new_page(bypass_csp=True), new_page(viewport={"width": 390, "height": 844}).
    """
    contexts = []

    def open_page(locale="es-ES", **options):
        context = browser.new_context(base_url=live_server.url, locale=locale, **options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """A page in a fresh Spanish-speaking browser context."""
    return new_page()


@pytest.fixture
def log_in_browser(live_server):
    """Sign `user` in for the browser context of `page` without going through the login form."""
    from django.conf import settings
    from django.test import Client

    def log_in(page, user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": live_server.url,
                                   "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])

    return log_in
