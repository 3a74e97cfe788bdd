"""The programme's rows written in Python rather than one template include per row: the busiest page of
the year lists hundreds of them, and an include with its {% url %} and filters per row costs more than
the whole query budget. Same markup as the star button's template (_star.html), which the session page and
the htmx answer still use; every text escaped with format_html."""

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _


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


def entries_html(entries, *, edition, csrf_token="", next_url="", can_star=False, show_day=False, level=3):
    """The <li> of every entry (a session with its page, or a break), in order."""
    addresses, zone = Addresses(edition), edition.zone
    plenary, overlaps_label = _("Plenary"), _("Overlaps:")
    rows = []
    for entry in entries:
        start, end = timezone.localtime(entry.starts_at, zone), timezone.localtime(entry.ends_at, zone)
        day = format_html(" · {}", date_format(start, "D j M")) if show_day else ""
        time_html = format_html('<p class="programme-time"><time datetime="{}">{}</time>–<time datetime="{}">{}'
                                '</time>{}</p>', start.isoformat(), f"{start:%H:%M}", end.isoformat(),
                                f"{end:%H:%M}", day)
        classes = "programme-entry" + (" is-break" if entry.is_break else "") + (
            " has-overlap" if entry.overlaps else "")
        if entry.is_break:
            where = format_html(' <span class="small">· {}</span>', entry.room.name) if entry.room else ""
            body = format_html('<p class="programme-title">{}{}</p>', entry.title, where)
        else:
            session = entry.session
            facts = [entry.room.name if entry.room else "", entry.track.name if entry.track else "",
                     session.session_format.label if session.session_format else ""]
            facts_html = format_html_join(" · ", "{}", ((fact,) for fact in facts if fact))
            if session.is_plenary:
                facts_html = format_html('{} · <span class="badge">{}</span>', facts_html, plenary)
            speakers = format_html_join(", ", '<a href="{}">{}</a>', (
                (addresses.speaker.format(user.username), user.display_name) for user in entry.speakers))
            parts = [format_html('<h{0} class="programme-title"><a href="{1}">{2}</a></h{0}>', level,
                                 addresses.session.format(session.pk), entry.title),
                     format_html('<p class="small">{}</p>', facts_html)]
            if entry.speakers:
                parts.append(format_html('<p class="programme-speakers">{}</p>', speakers))
            if entry.overlaps:
                others = ", ".join(f"“{other.title}”" for other in entry.overlaps)
                parts.append(format_html('<p class="overlap-warning" role="note"><strong>{}</strong> {}</p>',
                                         overlaps_label, others))
            if can_star:
                parts.append(star_form(session.pk, entry.title, entry.starred, addresses, csrf_token, next_url))
            body = mark_safe("".join(parts))  # every part above is format_html's
        rows.append(format_html('<li class="{}">{}<div class="programme-body">{}</div></li>', classes, time_html,
                                body))
    return mark_safe("\n".join(rows))
