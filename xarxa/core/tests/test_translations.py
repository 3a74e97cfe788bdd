"""Every screen is in Spanish by default and translated into Portuguese and Catalan: every message of the
catalogue has a translation in each of them, none is left fuzzy, and the compiled catalogue the site loads
says the same as the one we edit (a forgotten `compilemessages` would show English on screen)."""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings

LOCALE = Path(settings.LOCALE_PATHS[0])
TRANSLATED_LANGUAGES = ["es", "pt_BR", "ca"]


def _unquote(line):
    """The text of one quoted .po line, escapes resolved."""
    text = line[line.index('"') + 1:line.rindex('"')]
    return re.sub(r'\\(.)', lambda m: {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(m.group(1), m.group(1)), text)


def read_po(path):
    """[(msgctxt, msgid, [msgstr…], is_fuzzy)] for every live entry (the header and obsolete ones left out)."""
    entries, entry, field = [], None, None

    def close():
        if entry and entry["msgid"]:
            entries.append((entry["msgctxt"], entry["msgid"], [entry[k] for k in sorted(entry) if
                                                                 k.startswith("msgstr")], entry["fuzzy"]))

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        if entry is None:
            entry = {"msgctxt": None, "msgid": "", "fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            field = line.split(" ", 1)[0]
            entry[field] = _unquote(line)
    return entries


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    entries = read_po(LOCALE / language / "LC_MESSAGES" / "django.po")
    assert len(entries) > 1000
    untranslated = [msgid for _ctx, msgid, msgstrs, _fuzzy in entries if not all(msgstrs)]
    fuzzy = [msgid for _ctx, msgid, _msgstrs, is_fuzzy in entries if is_fuzzy]
    assert untranslated == [], f"{language}: {len(untranslated)} messages without a translation"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy messages"


@pytest.mark.parametrize("language", TRANSLATED_LANGUAGES)
def test_the_compiled_catalogue_says_what_the_edited_one_says(language):
    folder = LOCALE / language / "LC_MESSAGES"
    with (folder / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = []
    for context, msgid, msgstrs, _fuzzy in read_po(folder / "django.po"):
        shown = catalogue.pgettext(context, msgid) if context else catalogue.gettext(msgid)
        if shown != msgstrs[0]:
            stale.append(msgid)
    assert stale == [], f"{language}: django.mo is older than django.po ({len(stale)} messages differ)"
