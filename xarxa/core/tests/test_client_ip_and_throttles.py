"""Rate limits count by the client behind the documented reverse proxy, and the expensive anonymous pages
are throttled (429 with Retry-After) and, for the open-data exports, conditional (304)."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse

from xarxa.accounts.tests.factories import PASSWORD, UserFactory
from xarxa.core.clientip import client_ip

PROXY = "127.0.0.1"  # docs/deploy.md: nginx or Caddy on the same machine, gunicorn on 127.0.0.1:8000
ATTACKER, VICTIM = "203.0.113.9", "198.51.100.7"


def through_proxy(address, claimed=""):
    """A browser at `address` seen through the documented proxy, which appends the peer's address to
    whatever X-Forwarded-For the browser sent (nginx's $proxy_add_x_forwarded_for, Caddy's default)."""
    forwarded = f"{claimed}, {address}" if claimed else address
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


@pytest.mark.parametrize("proxies, forwarded, remote, expected", [
    (0, "203.0.113.9", PROXY, PROXY),                      # no proxy configured: the header is ignored
    (1, "203.0.113.9", PROXY, "203.0.113.9"),
    (1, "6.6.6.6, 203.0.113.9", PROXY, "203.0.113.9"),     # what the client wrote itself is not believed
    (2, "6.6.6.6, 203.0.113.9, 10.0.0.2", PROXY, "203.0.113.9"),
    (2, "203.0.113.9", PROXY, PROXY),                      # fewer hops than proxies: only the peer
    (1, "not-an-address", PROXY, PROXY),
    (1, "", "2001:db8::1", "2001:db8::1"),
])
def test_the_client_address_behind_trusted_proxies(settings, proxies, forwarded, remote, expected):
    settings.XARXA_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_one_attackers_failed_logins_behind_the_proxy_do_not_lock_out_others(settings):
    settings.XARXA_TRUSTED_PROXIES = 1
    UserFactory(email="victima@example.org")
    for count in range(30):  # against thirty different accounts: only the per-address limit can stop this
        through_proxy(ATTACKER, claimed=f"10.0.0.{count}").post(
            reverse("account_login"), {"login": f"nadie{count}@example.org", "password": "wrong"})
    attacker = through_proxy(ATTACKER)
    refused = attacker.post(reverse("account_login"), {"login": "victima@example.org", "password": PASSWORD})
    assert refused.status_code != 302 and "_auth_user_id" not in attacker.session

    victim = through_proxy(VICTIM)
    response = victim.post(reverse("account_login"), {"login": "victima@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in victim.session


@pytest.mark.django_db
def test_anonymous_searches_are_throttled_per_client_with_retry_after(settings):
    settings.XARXA_TRUSTED_PROXIES = 1
    settings.XARXA_ANONYMOUS_RATES = {**settings.XARXA_ANONYMOUS_RATES, "search": "3/m", "suggest": "3/m"}
    for name, query in (("search:search", {"q": "agua"}), ("search:suggest", {"q": "agu"})):
        attacker = through_proxy(ATTACKER)
        for _attempt in range(3):
            assert attacker.get(reverse(name), query).status_code == 200
        refused = attacker.get(reverse(name), query)
        assert refused.status_code == 429
        assert 1 <= int(refused["Retry-After"]) <= 60
        assert through_proxy(VICTIM).get(reverse(name), query).status_code == 200


@pytest.mark.django_db
def test_directory_filters_are_throttled_for_anonymous_visitors_not_members(settings, client):
    settings.XARXA_ANONYMOUS_RATES = {**settings.XARXA_ANONYMOUS_RATES, "directory": "2/m"}
    for name in ("accounts:directory", "spaces:directory", "organisations:list"):
        anonymous = Client()
        statuses = [anonymous.get(reverse(name), {"q": "agua"}).status_code for _attempt in range(3)]
        assert statuses == [200, 200, 429], name
        assert anonymous.get(reverse(name)).status_code == 200  # the bare page is not counted
    client.force_login(UserFactory())
    assert {client.get(reverse("accounts:directory"), {"q": "agua"}).status_code for _n in range(4)} == {200}


@pytest.mark.django_db
def test_open_data_exports_answer_304_while_the_catalogue_is_unchanged(settings, client):
    from xarxa.library.tests.factories import ResourceFactory

    resource = ResourceFactory()
    for name in ("library:export_json", "library:export_csv", "library:dcat"):
        first = client.get(reverse(name))
        assert first.status_code == 200 and first["ETag"] and first["Last-Modified"]
        b"".join(first.streaming_content)
        again = client.get(reverse(name), HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert client.get(reverse(name), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    tag = client.get(reverse("library:export_json"))["ETag"]
    resource.content.title = "Otro título"
    resource.content.save()
    changed = client.get(reverse("library:export_json"), HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200 and changed["ETag"] != tag
    assert "Otro título" in b"".join(changed.streaming_content).decode()


@pytest.mark.django_db
def test_open_data_exports_are_throttled_for_anonymous_harvesters(settings, client):
    settings.XARXA_ANONYMOUS_RATES = {**settings.XARXA_ANONYMOUS_RATES, "open_data": "2/m"}
    statuses = [client.get(reverse("library:export_csv")).status_code for _attempt in range(3)]
    assert statuses == [200, 200, 429]
