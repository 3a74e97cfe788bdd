"""Checks shared by the browser tests: page text in Spanish, axe findings, sideways scrolling."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.text import capfirst

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def t(message):
    """The Spanish text the page shows for `message`."""
    with translation.override("es"):
        return translation.gettext(message)


def label(message):
    """A field's label as Django renders it: capitalised, with or without the trailing colon."""
    return re.compile(rf"^{re.escape(capfirst(t(message)))}:?$")


def serious_violations(page, where):
    """axe's serious and critical findings on the page as it is now, one readable line each."""
    found = []
    for violation in Axe().run(page).response["violations"]:
        if violation["impact"] in ("serious", "critical"):
            for node in violation["nodes"]:
                found.append(f"{where}: [{violation['impact']}] {violation['id']} ({violation['help']}) at "
                             f"{', '.join(map(str, node['target']))}: {node['html'][:200]}")
    return found


def sideways_overflow(page):
    """None, or the page width and the elements sticking out to the right if the page scrolls sideways."""
    return page.evaluate("""() => {
        const width = document.documentElement.scrollWidth, limit = window.innerWidth + 1;
        if (width <= limit) return null;
        const culprits = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit)
            .slice(0, 5)
            .map(e => `${e.tagName.toLowerCase()}.${e.className} (${Math.round(e.getBoundingClientRect().right)}px)`);
        return `${width}px wide; sticking out: ${culprits.join(', ')}`;
    }""")


def accessibility_problems(page, paths):
    """axe's serious and critical findings at desktop and phone widths, and sideways scrolling on the phone,
    for each path (which must answer 200)."""
    problems = []
    for path in paths:
        page.set_viewport_size(DESKTOP)
        response = page.goto(path)
        assert response.status == 200, f"{path} answered {response.status}"
        problems += serious_violations(page, f"{path} at {DESKTOP['width']} px")
        page.set_viewport_size(PHONE)
        problems += serious_violations(page, f"{path} at {PHONE['width']} px")
        if overflow := sideways_overflow(page):
            problems.append(f"{path} scrolls sideways on a {PHONE['width']} px phone: {overflow}")
    return problems
