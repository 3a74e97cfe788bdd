"""The header's top level: the network and the congress, the section and the page marked for
assistive technology, and the network's own pages only inside the network."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def nav(html, css_class):
    found = re.search(rf'<nav class="{css_class}".*?</nav>', html, re.S)
    return found.group(0) if found else ""


def current(html, css_class):
    return re.findall(r'<a href="([^"]+)" aria-current="(\w+)"', nav(html, css_class))


def test_the_top_level_names_the_network_and_the_congress(client):
    html = client.get(reverse("congress:list")).content.decode()
    links = re.findall(r'<a href="([^"]+)"', nav(html, "main-nav"))
    assert links == [reverse("home"), reverse("congress:list")]


def test_a_network_page_marks_the_network_and_itself(client):
    html = client.get(reverse("debates:list")).content.decode()
    assert current(html, "main-nav") == [(reverse("home"), "true")]
    assert current(html, "section-nav") == [(reverse("debates:list"), "page")]


def test_the_home_page_is_the_networks_own_page(client):
    html = client.get(reverse("home")).content.decode()
    assert current(html, "main-nav") == [(reverse("home"), "page")]
    assert current(html, "section-nav") == []


def test_congress_pages_mark_the_congress_and_leave_out_the_network_row(client):
    html = client.get(reverse("congress:list")).content.decode()
    assert current(html, "main-nav") == [(reverse("congress:list"), "page")]
    assert nav(html, "section-nav") == ""
