"""The site's top level: the network, and beside it each big part the platform has (the congress now;
the lab and the school when they exist). Each part registers itself in its AppConfig.ready(), so the
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


NETWORK = Section("network", _("Network"), "home", frozenset())
_SECTIONS: dict[str, Section] = {}


def register(key, label, url_name, app_names):
    _SECTIONS[key] = Section(key, label, url_name, frozenset(app_names))


def all_sections() -> list[Section]:
    return [NETWORK, *_SECTIONS.values()]


def section_of(match) -> Section:
    """The section a resolved URL belongs to: a registered part's, or the network (everything else)."""
    app_name = match.app_name if match else ""
    return next((section for section in _SECTIONS.values() if app_name in section.app_names), NETWORK)


def header_sections(request) -> tuple[list[dict], Section]:
    """[{label, url, current}] for the header, `current` being "page" on the section's own page, "true"
    elsewhere inside it (aria-current's values), and the section the page belongs to."""
    match = getattr(request, "resolver_match", None)
    here = section_of(match)
    view = match.view_name if match else ""
    items = []
    for section in all_sections():
        current = None
        if section == here:
            current = "page" if view == section.url_name else "true"
        items.append({"key": section.key, "label": section.label, "url": reverse(section.url_name),
                      "current": current})
    return items, here
