"""Production safety, security headers, e-mail files and languages."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core import mail
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]


SETUP = "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'xarxa.settings'; django.setup()"


def start_django(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "XARXA_TESTING"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", SETUP],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = start_django(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_starts_with_a_secret_key_and_secure_cookies():
    result = start_django(DEBUG="false", SECRET_KEY="x" * 50, XARXA_SITE_URL="https://red.example.org")
    assert result.returncode == 0, result.stderr
    check = subprocess.run(
        [sys.executable, "-c", "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='xarxa.settings'; "
         "django.setup(); from django.conf import settings as s; "
         "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"],
        cwd=ROOT, env={**os.environ, "DEBUG": "false", "SECRET_KEY": "x" * 50, "XARXA_TESTING": "false",
                       "XARXA_SITE_URL": "https://red.example.org"},
        capture_output=True, text=True, timeout=60,
    )
    assert check.stdout.split() == ["True", "True", "True"], check.stderr


@pytest.mark.django_db
def test_pages_carry_a_strict_content_security_policy_and_security_headers(client):
    response = client.get(reverse("home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "<script>" not in response.content.decode()  # no inline script anywhere


@pytest.mark.django_db
def test_mail_is_queued_then_written_as_one_eml_file_per_message(settings, mailbox):
    mail.send_mail("Uno", "primero", None, ["a@example.org"])
    mail.send_mail("Dos", "segundo", None, ["b@example.org"])
    assert not Path(settings.EMAIL_FILE_PATH).exists()  # nothing is delivered until a worker runs
    assert [m["Subject"] for m in mailbox()] == ["Uno", "Dos"]
    files = sorted(Path(settings.EMAIL_FILE_PATH).glob("*.eml"))
    assert len(files) == 2
    assert "Subject: Uno" in files[0].read_text()
    assert "Subject: Dos" in files[1].read_text()


@pytest.mark.django_db
def test_spanish_is_the_default_language(client):
    response = client.get(reverse("accounts:directory"))
    assert '<html lang="es">' in response.content.decode()
    assert "Miembros" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(("header", "lang", "word"), [
    ("pt-BR,pt;q=0.9", "pt-br", "Membros"),
    ("pt-PT", "pt-br", "Membros"),
    ("ca", "ca", "Membres"),
    ("en-GB,en;q=0.8", "en", "Members"),
])
def test_accept_language_chooses_the_language(client, header, lang, word):
    page = client.get(reverse("accounts:directory"), headers={"accept-language": header}).content.decode()
    assert f'<html lang="{lang}">' in page
    assert f"<h1>{word}</h1>" in page


@pytest.mark.django_db
def test_language_switcher_changes_the_page_language(client):
    response = client.post(reverse("set_language"), {"language": "ca", "next": reverse("accounts:directory")})
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert '<html lang="ca">' in page and "<h1>Membres</h1>" in page


def test_source_only_commands_run_without_a_secret_key_but_others_refuse():
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "XARXA_TESTING"}}
    env["DEBUG"] = "false"

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=120)

    assert manage("makemigrations", "--check", "--dry-run").returncode == 0
    refused = manage("check")
    assert refused.returncode != 0 and "SECRET_KEY is not set" in refused.stderr


@pytest.mark.parametrize(("url", "worker", "expected"), [
    ("redis://127.0.0.1:6379/15", "gw0", "redis://127.0.0.1:6379/15"),
    ("redis://127.0.0.1:6379/15", "gw3", "redis://127.0.0.1:6379/12"),
    ("redis://127.0.0.1:6379/1", "gw3", "redis://127.0.0.1:6379/0"),
    ("redis://127.0.0.1:6379", "gw1", "redis://127.0.0.1:6379"),
])
def test_each_parallel_test_worker_gets_its_own_redis_database(url, worker, expected):
    from xarxa.settings import redis_url_for_test_worker

    assert redis_url_for_test_worker(url, worker) == expected
