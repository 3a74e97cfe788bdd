"""With REDIS_URL set (as in CI), the cache and the login rate limits live in the real Redis server."""

import os

import pytest
from django.core.cache import cache
from django.urls import reverse

from xarxa.accounts.tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set (CI sets it)"),
]


def test_failed_logins_are_counted_in_redis(client, settings):
    import redis

    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    server = redis.Redis.from_url(settings.REDIS_URL)  # this test worker's own database
    UserFactory(email="ana@example.org")
    for _ in range(5):
        client.post(reverse("account_login"), {"login": "ana@example.org", "password": "wrong"})
    assert any(b"rl:" in key or b"login_failed" in key for key in server.keys("*"))
    response = client.post(reverse("account_login"), {"login": "ana@example.org", "password": "wrong"})
    assert "Demasiados intentos fallidos" in response.content.decode()
    cache.clear()
    assert not server.keys("*")

