"""The site's top level: the network, and beside it each big part the platform has (the congress, the
lab, the school, as they are installed). Each part registers itself in its AppConfig.ready(), so the
header names only what is really there and core never imports the leaf apps."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str
    label: object  # a lazy translation
    url_name: str
    app_names: frozenset  # the URL namespaces whose pages belong to this section
    order: int = 0  # place in the header: the network 0, the congress 20, the lab 30, the school 40
    description: object = ""  # one line saying what the part is for, shown to newcomers (a lazy translation)


NETWORK = Section("network", _("Network"), "home", frozenset(), 0,
                  _("Members, groups, debates and the library of good practices: colleagues from every "
                    "administration, in one place."))
_SECTIONS: dict[str, Section] = {}


def register(key, label, url_name, app_names, order, description=""):
    """Called from a part's AppConfig.ready(). `order` fixes its place in the header whatever order the
    apps load in (the network, the congress, the lab, the school); `description` is one line saying what
    the part is for (the front page shows it)."""
    _SECTIONS[key] = Section(key, label, url_name, frozenset(app_names), order, description)


def all_sections() -> list[Section]:
    return [NETWORK, *sorted(_SECTIONS.values(), key=lambda section: section.order)]


def section_of(match) -> Section:
    """The section a resolved URL belongs to: a registered part's, or the network (everything else)."""
    app_name = match.app_name if match else ""
    return next((section for section in _SECTIONS.values() if app_name in section.app_names), NETWORK)


def header_sections(request) -> tuple[list[dict], Section]:
    """[{key, label, description, url, current}] for the header and the front page, `current` being
    "page" on the section's own page, "true" elsewhere inside it (aria-current's values), and the section
    the page belongs to."""
    match = getattr(request, "resolver_match", None)
    here = section_of(match)
    view = match.view_name if match else ""
    items = []
    for section in all_sections():
        current = None
        if section == here:
            current = "page" if view == section.url_name else "true"
        items.append({"key": section.key, "label": section.label,
                      "description": section.description, "url": reverse(section.url_name),
                      "current": current})
    return items, here
