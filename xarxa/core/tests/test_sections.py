"""The header's top level: the network, the congress and the lab, the section and the page marked for
assistive technology, the network's own pages only inside the network, and the front page naming each
space with the line that says what it is for."""

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


def test_the_top_level_names_the_network_the_congress_the_lab_and_the_school_in_their_order(client):
    html = client.get(reverse("congress:list")).content.decode()
    links = re.findall(r'<a href="([^"]+)"', nav(html, "main-nav"))
    assert links == [reverse("home"), reverse("congress:list"), reverse("lab:home"), reverse("school:index")]


def test_school_pages_mark_the_school(client):
    html = client.get(reverse("school:index")).content.decode()
    assert current(html, "main-nav") == [(reverse("school:index"), "page")]
    assert nav(html, "section-nav") == ""


def test_lab_pages_mark_the_lab(client):
    html = client.get(reverse("lab:home")).content.decode()
    assert current(html, "main-nav") == [(reverse("lab:home"), "page")]
    assert nav(html, "section-nav") == ""


def spaces_on(html):
    found = re.search(r'<section aria-labelledby="spaces-heading".*?</section>', html, re.S)
    assert found, "the front page names the spaces"
    return re.findall(r'<li class="site-space[^"]*">\s*<a href="([^"]+)">([^<]+)</a>\s*(?:<p>([^<]*)</p>)?',
                      found.group(0))


def test_the_front_page_names_each_space_with_what_it_is_for(client):
    spaces = spaces_on(client.get(reverse("home")).content.decode())
    assert [(url, label) for url, label, _ in spaces] == [
        (reverse("home"), "Network"), (reverse("congress:list"), "Congress"), (reverse("lab:home"), "Lab"),
        (reverse("school:index"), "School")]
    assert all(description for _, _, description in spaces)
    assert "challenges" in spaces[2][2]
    assert "certificates" in spaces[3][2]


def test_members_see_the_spaces_on_their_front_page_too(client, django_user_model):
    from xarxa.accounts.tests.factories import UserFactory

    client.force_login(UserFactory())
    spaces = spaces_on(client.get(reverse("home")).content.decode())
    assert [url for url, _, _ in spaces] == [reverse("home"), reverse("congress:list"), reverse("lab:home"),
                                             reverse("school:index")]


def test_a_part_registers_with_its_description_and_its_place(monkeypatch):
    from xarxa.core import sections

    monkeypatch.setattr(sections, "_SECTIONS", {key: section for key, section in sections._SECTIONS.items()
                                                if key != "school"})
    sections.register("school", "School", "home", ["school"], 40, description="Courses and cohorts.")
    sections.register("early", "Early", "home", ["early"], 10)
    keys = [section.key for section in sections.all_sections()]
    assert keys == ["network", "early", "congress", "lab", "school"]
    assert sections.all_sections()[-1].description == "Courses and cohorts."
    assert sections.all_sections()[1].description == ""


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
