"""The published programme in the formats conference apps read: iCalendar (RFC 5545), and the Frab
schedule as XML and JSON (the files pretalx publishes as schedule.xml and schedule.json, read by
Giggity, ConfClerk, EventFahrplan and the C3VOC tools).

Everything here takes a congress.programme.Programme, already filtered for the reader, and never queries
again: an export costs what the programme page costs. Breaks have no place in the Frab format (an event
there is a talk with people), so only sessions are exported.
"""

import json
import uuid
from datetime import timedelta
from xml.etree import ElementTree

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from icalendar import Calendar
from icalendar import Event as VEvent

PRODID = "-//Xarxa//Congress//EN"
GUID_NAMESPACE = uuid.UUID("5c1d3a6e-8d4b-4b7e-9a53-0f4d6c1e2b77")


def _base_url(request=None):
    return request.build_absolute_uri("/").rstrip("/") if request is not None else settings.SITE_URL.rstrip("/")


def _guid(base, kind, pk):
    return str(uuid.uuid5(GUID_NAMESPACE, f"{base}/{kind}/{pk}"))


def _hhmm(minutes):
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


class _Addresses:
    """Each kind of address reversed once per export, then filled in (reverse() per row costs more than
    the row). Format labels are translated once per format."""

    def __init__(self, base):
        self.session = base + reverse("congress:session", args=[0]).replace("/0/", "/{}/")
        self.profile = base + reverse("accounts:profile", args=["USERNAME"]).replace("USERNAME", "{}")
        self.labels = {}

    def event_type(self, session):
        fmt = session.session_format
        if fmt is None:
            return "Session"
        if fmt.pk not in self.labels:
            self.labels[fmt.pk] = str(fmt.label)
        return self.labels[fmt.pk]


def icalendar(programme, request=None, *, name=None) -> bytes:
    """One VEVENT per session (stable UID, local time with its VTIMEZONE, room as location)."""
    base = _base_url(request)
    host = base.split("://", 1)[-1].split("/")[0]
    edition, zone = programme.edition, programme.edition.zone
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", str(name or edition.name))
    cal.add("x-wr-timezone", edition.time_zone)
    stamp = programme.version.published_at if programme.version else timezone.now()
    addresses = _Addresses(base)
    for entry in programme.sessions:
        content, url = entry.content, addresses.session.format(entry.content.pk)
        item = VEvent()
        item.add("uid", f"congress-session-{content.pk}@{host}")
        item.add("dtstamp", stamp)
        item.add("dtstart", timezone.localtime(entry.starts_at, zone))
        item.add("dtend", timezone.localtime(entry.ends_at, zone))
        item.add("summary", content.title)
        speakers = ", ".join(user.display_name for user in entry.speakers)
        item.add("description", "\n\n".join(part for part in (speakers, entry.session.abstract, url) if part))
        if entry.room:
            item.add("location", f"{entry.room.name}, {entry.room.venue.name}")
        if entry.track:
            item.add("categories", [entry.track.name])
        item.add("url", url)
        item.add("status", "CONFIRMED")
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()


def _days(programme):
    """[(index, date, day start, day end, {room: [entries]})] for every day of the edition, in local time.
    Rooms keep the edition's order; empty days are kept so day indexes match the congress's days."""
    edition, zone = programme.edition, programme.edition.zone
    by_day = {}
    for entry in programme.sessions:
        if entry.room is None:
            continue
        by_day.setdefault(timezone.localtime(entry.starts_at, zone).date(), []).append(entry)
    days, day, index = [], edition.starts_on, 1
    while day <= edition.ends_on:
        start = timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time()), zone)
        rooms = {}
        for room in programme.rooms:
            entries = [e for e in by_day.get(day, []) if e.room.pk == room.pk]
            if entries:
                rooms[room] = entries
        days.append((index, day, start, start + timedelta(days=1) - timedelta(minutes=1), rooms))
        day, index = day + timedelta(days=1), index + 1
    return days


def _event_fields(entry, base, edition, addresses):
    session, content = entry.session, entry.content
    local = timezone.localtime(entry.starts_at, edition.zone)
    return {
        "guid": _guid(base, "session", content.pk),
        "id": content.pk,
        "date": local.isoformat(),
        "start": local.strftime("%H:%M"),
        "duration": _hhmm(entry.minutes),
        "room": entry.room.name,
        "slug": f"{edition.space.slug}-{content.pk}-{slugify(content.title)[:50]}".rstrip("-"),
        "url": addresses.session.format(content.pk),
        "title": content.title,
        "subtitle": "",
        "track": entry.track.name if entry.track else None,
        "type": addresses.event_type(session),
        "language": content.language,
        "abstract": session.abstract,
        "description": content.body,
        "persons": [{"id": user.pk, "guid": _guid(base, "person", user.pk), "name": user.display_name,
                     "public_name": user.display_name, "url": addresses.profile.format(user.username)}
                    for user in entry.speakers],
        "links": [{"url": link["url"], "title": link.get("title") or link["url"]} for link in session.links],
    }


def _conference(programme, base):
    edition = programme.edition
    return {
        "acronym": edition.space.slug, "title": edition.name,
        "start": edition.starts_on.isoformat(), "end": edition.ends_on.isoformat(),
        "days": (edition.ends_on - edition.starts_on).days + 1, "timeslot_duration": "00:05",
        "time_zone_name": edition.time_zone, "base_url": base + edition.get_absolute_url(),
    }


def _version_label(programme):
    return f"v{programme.version.number}" if programme.version else "v0"


def schedule_xml(programme, request=None) -> bytes:
    base, edition = _base_url(request), programme.edition
    addresses = _Addresses(base)
    root = ElementTree.Element("schedule")
    ElementTree.SubElement(root, "generator", name="xarxa")
    ElementTree.SubElement(root, "version").text = _version_label(programme)
    conference = ElementTree.SubElement(root, "conference")
    for key, value in _conference(programme, base).items():
        ElementTree.SubElement(conference, key).text = str(value)
    for index, day, start, end, rooms in _days(programme):
        day_node = ElementTree.SubElement(root, "day", index=str(index), date=day.isoformat(),
                                          start=start.isoformat(), end=end.isoformat())
        for room, entries in rooms.items():
            room_node = ElementTree.SubElement(day_node, "room", name=room.name, guid=_guid(base, "room", room.pk))
            for entry in entries:
                fields = _event_fields(entry, base, edition, addresses)
                event = ElementTree.SubElement(room_node, "event", guid=fields["guid"], id=str(fields["id"]))
                for key in ("date", "start", "duration", "room", "slug", "url", "title", "subtitle", "track",
                            "type", "language", "abstract", "description"):
                    ElementTree.SubElement(event, key).text = fields[key] or ""
                persons = ElementTree.SubElement(event, "persons")
                for person in fields["persons"]:
                    ElementTree.SubElement(persons, "person", id=str(person["id"]), guid=person["guid"]).text = \
                        person["name"]
                links = ElementTree.SubElement(event, "links")
                for link in fields["links"]:
                    ElementTree.SubElement(links, "link", href=link["url"]).text = link["title"]
                ElementTree.SubElement(event, "attachments")
    ElementTree.indent(root)
    return ElementTree.tostring(root, encoding="utf-8", xml_declaration=True)


def schedule_json(programme, request=None) -> bytes:
    base, edition = _base_url(request), programme.edition
    addresses = _Addresses(base)
    conference = _conference(programme, base)
    conference["daysCount"] = conference.pop("days")
    conference["url"] = conference.pop("base_url")
    conference["rooms"] = [{"name": room.name, "guid": _guid(base, "room", room.pk), "capacity": room.capacity,
                            "description": room.accessibility or None} for room in programme.rooms]
    conference["tracks"] = [{"name": track.name, "color": None} for track in programme.tracks]
    conference["days"] = [
        {"index": index, "date": day.isoformat(), "day_start": start.isoformat(), "day_end": end.isoformat(),
         "rooms": {room.name: [_event_fields(entry, base, edition, addresses) for entry in entries]
                   for room, entries in rooms.items()}}
        for index, day, start, end, rooms in _days(programme)]
    document = {
        "$schema": "https://c3voc.de/schedule/schema.json",
        "generator": {"name": "xarxa"},
        "schedule": {"version": _version_label(programme), "base_url": base + "/", "conference": conference},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()
