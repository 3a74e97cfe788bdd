"""The programme's rows written in Python rather than one template include per row: the busiest page of
the year lists hundreds of them, and an include with its {% url %} and filters per row costs more than
the whole query budget. Same markup as the star button's template (_star.html), which the session page and
the htmx answer still use; every text escaped with format_html."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from xarxa.core import pagecache


class Addresses:
    """Reverse each kind of address once per page, then fill in the ids."""

    def __init__(self, edition):
        self.session = reverse("congress:session", args=[0]).replace("/0/", "/{}/")
        self.star = reverse("congress:star", args=[0]).replace("/0/", "/{}/")
        self.speaker = reverse("congress:speaker", args=[edition.space.slug, "USERNAME"]).replace("USERNAME", "{}")


def star_form(session_pk, title, starred, addresses, csrf_token, next_url):
    action = addresses.star.format(session_pk)
    if starred:
        button = format_html('<input type="hidden" name="unstar" value="1"><button type="submit" '
                             'class="star-button is-starred" aria-pressed="true">★ {}<span class="visually-hidden">'
                             ': {}</span></button>', _("In my agenda"), title)
    else:
        button = format_html('<button type="submit" class="star-button" aria-pressed="false">☆ {}<span '
                             'class="visually-hidden">: {}</span></button>', _("Add to my agenda"), title)
    return format_html(
        '<form method="post" action="{0}" class="inline-form star-form" hx-post="{0}" hx-target="this" '
        'hx-swap="outerHTML"><input type="hidden" name="csrfmiddlewaretoken" value="{1}">'
        '<input type="hidden" name="next" value="{2}">{3}</form>', action, csrf_token, next_url, button)


def places_left(session, fmt, room):
    """Places left in a session with sign-up (None: no limit): its format's places, else its room's."""
    capacity = (fmt.capacity if fmt is not None else None) or (room.capacity if room is not None else None)
    return None if capacity is None else max(capacity - session.signup_count, 0)


def places_html(session, fmt, room):
    left = places_left(session, fmt, room)
    if left is None:
        text, classes = _("Sign-up needed"), "small"
    elif left == 0:
        text, classes = _("Full: waiting list open"), "small places-full"
    else:
        text, classes = ngettext("Sign-up needed: %(left)d place left", "Sign-up needed: %(left)d places left",
                                 left) % {"left": left}, "small"
    return f'<p class="{classes}">{escape(text)}</p>'


def entries_html(entries, *, edition, csrf_token="", next_url="", can_star=False, show_day=False, level=3):
    """The <li> of every entry (a session with its page, or a break), in order. Plain f-strings over
    escape(): format_html per fragment cost as much as the rest of the page.

    With the shared cache (where the page cache is on), the rows are the same for every reader of a
    language who sees the same entries: they are kept, without the star buttons, under the page cache's
    version (which every committed write moves on: a title, a speaker's name, a new published version)
    and a digest of which entries the reader was given (the sessions they may see, their overlaps); each
    reader's star buttons are written in at their place."""
    if not pagecache.enabled():
        return mark_safe("\n".join(_rows(entries, edition, csrf_token, next_url, can_star, show_day, level)))
    digest = hashlib.blake2b(repr([
        (entry.session.pk if entry.session else ("break", entry.title, entry.starts_at, entry.room and entry.room.pk),
         tuple(other.session.pk if other.session else other.title for other in entry.overlaps))
        for entry in entries]).encode(), digest_size=16).hexdigest()
    key = (f"congress:rows:{edition.pk}:{pagecache.current_version()}:{get_language()}:{int(show_day)}:{level}:"
           f"{digest}")
    parts = cache.get(key)
    if parts is None:  # each row split where its star button goes
        parts = [row.split(STAR_SLOT) for row in _rows(entries, edition, STAR_SLOT, "", False, show_day, level,
                                                       star_slot=True)]
        cache.set(key, parts, settings.PAGE_CACHE_SECONDS)
    if not can_star:
        return mark_safe("\n".join("".join(pieces) for pieces in parts))  # every text went through escape()
    addresses, rows = Addresses(edition), []
    for entry, pieces in zip(entries, parts, strict=True):
        if len(pieces) == 2:
            star = star_form(entry.session.pk, entry.title, entry.starred, addresses, csrf_token, next_url)
            rows.append(f"{pieces[0]}{star}{pieces[1]}")
        else:
            rows.append(pieces[0])
    return mark_safe("\n".join(rows))  # every text above went through escape() or format_html


# Where a kept row's star button goes (no title, name or address can hold it: < and > are escaped).
STAR_SLOT = "<!--star-->"


def _rows(entries, edition, csrf_token, next_url, can_star, show_day, level, star_slot=False):
    addresses, zone = Addresses(edition), edition.zone
    plenary = f'<span class="badge">{escape(_("Plenary"))}</span>'
    overlaps_label = escape(_("Overlaps:"))
    labels, rows = {}, []
    for entry in entries:
        start, end = timezone.localtime(entry.starts_at, zone), timezone.localtime(entry.ends_at, zone)
        day = f" · {escape(date_format(start, 'D j M'))}" if show_day else ""
        time_html = (f'<p class="programme-time"><time datetime="{start.isoformat()}">{start:%H:%M}</time>–'
                     f'<time datetime="{end.isoformat()}">{end:%H:%M}</time>{day}</p>')
        classes = "programme-entry" + (" is-break" if entry.is_break else "") + (
            " has-overlap" if entry.overlaps else "")
        if entry.is_break:
            where = f' <span class="small">· {escape(entry.room.name)}</span>' if entry.room else ""
            body = f'<p class="programme-title">{escape(entry.title)}{where}</p>'
        else:
            session, fmt = entry.session, entry.session.session_format
            if fmt is not None and fmt.pk not in labels:
                labels[fmt.pk] = str(fmt.label)
            facts = [entry.room.name if entry.room else "", entry.track.name if entry.track else "",
                     labels[fmt.pk] if fmt is not None else ""]
            facts = [escape(fact) for fact in facts if fact]
            if session.is_plenary:
                facts.append(plenary)
            facts_html = " · ".join(facts)
            parts = [f'<h{level} class="programme-title"><a href="{addresses.session.format(session.pk)}">'
                     f'{escape(entry.title)}</a></h{level}>', f'<p class="small">{facts_html}</p>']
            if fmt is not None and fmt.needs_signup:
                parts.append(places_html(session, fmt, entry.room))
            if entry.speakers:
                speakers = ", ".join(f'<a href="{escape(addresses.speaker.format(user.username))}">'
                                     f'{escape(user.display_name)}</a>' for user in entry.speakers)
                parts.append(f'<p class="programme-speakers">{speakers}</p>')
            if entry.overlaps:
                others = escape(", ".join(f"“{other.title}”" for other in entry.overlaps))
                parts.append(f'<p class="overlap-warning" role="note"><strong>{overlaps_label}</strong> {others}</p>')
            if star_slot:
                parts.append(STAR_SLOT)
            elif can_star:
                parts.append(star_form(session.pk, entry.title, entry.starred, addresses, csrf_token, next_url))
            body = "".join(parts)
        rows.append(f'<li class="{classes}">{time_html}<div class="programme-body">{body}</div></li>')
    return rows  # every text above went through escape()
