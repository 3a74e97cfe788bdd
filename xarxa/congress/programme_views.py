"""Pages of the programme: the organisers' schedule (a form per session, htmx where it helps), publishing,
the public programme by day, room and track, now and next, session and speaker pages, the personal
agenda and its feed. Writes go through congress.programme's services with attempt()."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.congress import programme
from xarxa.congress import rules as congress_rules
from xarxa.congress.models import SESSION_KIND, Break, Proposal, Session, SessionSpeaker
from xarxa.congress.programme_forms import (
    BreakForm,
    MaterialsForm,
    PlacementForm,
    ProgrammeFilterForm,
    SessionForm,
    edition_rooms,
    links_text,
)
from xarxa.congress.services import access_edition
from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Content
from xarxa.core.rulebook import allowed


def _readable_edition(user, slug):
    edition = access_edition(user, slug)
    if not congress_rules.can_read_edition(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def _organised_edition(user, slug):
    """The edition `user` organises, or 404 (the schedule's existence is nobody else's business)."""
    edition = _readable_edition(user, slug)
    if not congress_rules.can_organise(user, edition):
        raise Http404(_("No such congress edition."))
    return edition


def _access_session(user, pk):
    return access_item(user, pk, kinds.get(SESSION_KIND), related=("session__edition__space",))


# The public programme ----------------------------------------------------------------------------

def programme_page(request, slug):
    """The published programme by day, with filters for the day, the room and the track (htmx swaps the
    results). Its query count does not depend on the number of sessions."""
    edition = _readable_edition(request.user, slug)
    published = programme.published_programme(request.user, edition)
    days = [day for day, _entries in published.days()]
    form = ProgrammeFilterForm(request.GET or None, days=days, rooms=published.rooms, tracks=published.tracks)
    kept = form.keep(published)
    by_day = {}
    for entry in kept:
        by_day.setdefault(timezone.localtime(entry.starts_at, edition.zone).date(), []).append(entry)
    context = {
        "edition": edition, "programme": published, "form": form, "days": sorted(by_day.items()),
        "count": sum(1 for entry in kept if not entry.is_break), "phase": edition.phase,
        "can_organise": congress_rules.can_organise(request.user, edition),
        "can_star": request.user.is_authenticated,
    }
    template = "congress/programme/programme.html"
    return render(request, f"{template}#results" if request.htmx and not request.htmx.boosted else template, context)


def now_page(request, slug):
    """During the congress: what is on now and what comes next in each room."""
    edition = _readable_edition(request.user, slug)
    published = programme.published_programme(request.user, edition)
    moment = timezone.now()
    now, coming = programme.now_and_next(published, moment)
    return render(request, "congress/programme/now.html", {
        "edition": edition, "programme": published, "now": now, "coming": coming, "moment": moment,
        "is_on": edition.starts_at <= moment < edition.ends_at})


def changes_page(request, slug):
    edition = _readable_edition(request.user, slug)
    versions = edition.programme_versions.prefetch_related("changes").defer("snapshot")
    return render(request, "congress/programme/changes.html", {"edition": edition, "versions": versions})


def speakers_page(request, slug):
    edition = _readable_edition(request.user, slug)
    published = programme.published_programme(request.user, edition)
    return render(request, "congress/programme/speakers.html", {"edition": edition,
                                                                 "speakers": published.speakers()})


def speaker_page(request, slug, username):
    """A speaker's sessions in this edition, linked to their profile in the network."""
    edition = _readable_edition(request.user, slug)
    user = get_object_or_404(get_user_model().objects.select_related("profile"), username=username, is_active=True)
    ids = SessionSpeaker.objects.filter(user=user, session__edition=edition).values_list("session_id", flat=True)
    published = programme.published_programme(request.user, edition, session_ids=list(ids))
    if not published.entries:
        raise Http404(_("No such speaker in this edition."))
    return render(request, "congress/programme/speaker.html",
                  {"edition": edition, "speaker": user, "entries": published.entries})


# The session's page (content.kind_views.detail, the kind's registry entry points here) ------------

def session_context(request, session):
    from xarxa.congress.registration_views import session_extras

    user, edition = request.user, session.edition
    placement = programme.placement_of(session)
    speakers = [row.user for row in session.speaker_rows.select_related("user__profile")]
    return {
        **session_extras(request, session, placement[0] if placement else None),
        "edition": edition, "placement": placement, "speakers": speakers,
        "starred": user.is_authenticated and session.stars.filter(user=user).exists(),
        "can_star": allowed(user, "congress.star", session),
        "can_edit_session": allowed(user, "congress.edit_session", session),
        "can_edit_materials": allowed(user, "congress.edit_materials", session),
    }


@login_required
@require_POST
def star(request, pk):
    """Star or unstar (unstar=1) a session; htmx gets the button back."""
    session = _access_session(request.user, pk)
    unstar = bool(request.POST.get("unstar"))
    _done, status = attempt(lambda: programme.unstar(request.user, session) if unstar
                            else programme.star(request.user, session), request=request)
    if request.htmx:
        return render(request, "congress/programme/_star.html",
                      {"session": session, "starred": not unstar if status is None else unstar, "can_star": True},
                      status=status or 200)
    if status is None:
        messages.success(request, _("Removed from your agenda.") if unstar else _("Added to your agenda."))
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/")
                    else session.get_absolute_url())


@login_required
def materials(request, pk):
    session = _access_session(request.user, pk)
    if not allowed(request.user, "congress.edit_materials", session):
        raise Http404
    from xarxa.congress import registration
    from xarxa.congress.registration_forms import MaterialFileForm, RecordingForm

    can_edit_session = allowed(request.user, "congress.edit_session", session)
    posted = request.POST.get("save", "links") if request.method == "POST" else None
    form = MaterialsForm(request.POST if posted == "links" else None, initial={"links": links_text(session.links)})
    file_form = MaterialFileForm(request.POST if posted == "file" else None,
                                 request.FILES if posted == "file" else None)
    recording_form = RecordingForm(request.POST if posted == "recording" else None,
                                   initial={"recording_link": session.recording_link})
    status = None
    if posted == "file" and file_form.is_valid():
        _saved, status = attempt(lambda: registration.upload_material(request.user, session,
                                                                      file_form.cleaned_data["file"]), form=file_form)
        if status is None:
            messages.success(request, _("The file is added to the materials."))
            return redirect(session)
    if posted == "recording" and recording_form.is_valid():
        _saved, status = attempt(lambda: registration.set_recording_link(
            request.user, session, recording_form.cleaned_data["recording_link"]), form=recording_form)
        if status is None:
            messages.success(request, _("The recording link is saved."))
            return redirect(session)
    if posted == "links" and form.is_valid():
        _saved, status = attempt(lambda: programme.edit_materials(request.user, session,
                                                                  form.cleaned_data["links"]), form=form)
        if status is None:
            messages.success(request, _("The materials are saved."))
            return redirect(session)
    invalid = form.errors or file_form.errors or recording_form.errors
    return render(request, "congress/programme/materials.html", {
        "session": session, "form": form, "edition": session.edition, "file_form": file_form,
        "recording_form": recording_form if can_edit_session else None},
        status=status or (400 if invalid else 200))


# The personal agenda -----------------------------------------------------------------------------

@login_required
def agenda(request, slug):
    edition = _readable_edition(request.user, slug)
    published = programme.published_programme(request.user, edition, starred_only=True)
    overlaps = programme.mark_overlaps(published.entries)
    token = programme.agenda_token_for(request.user, edition)
    feed_url = request.build_absolute_uri(reverse("congress:agenda_feed", args=[token.token]))
    return render(request, "congress/programme/agenda.html", {
        "edition": edition, "entries": published.entries, "overlaps": overlaps, "feed_url": feed_url,
        "can_star": True})


@login_required
@require_POST
def reset_agenda_feed(request, slug):
    edition = _readable_edition(request.user, slug)
    programme.reset_agenda_token(request.user, edition)
    messages.success(request, _("Your agenda has a new address; the old one no longer works."))
    return redirect("congress:agenda", slug)


def agenda_feed(request, token):
    """The member's starred sessions as an iCalendar feed, read as that member (their access, today)."""
    from xarxa.congress import exports

    user, edition = programme.user_for_agenda_token(token)
    if user is None or not congress_rules.can_read_edition(user, edition):
        raise Http404
    published = programme.published_programme(user, edition, starred_only=True)
    body = exports.icalendar(published, request, name=_("My agenda · %(name)s") % {"name": edition.name})
    return HttpResponse(body, content_type="text/calendar; charset=utf-8")


# The organisers' schedule ------------------------------------------------------------------------

def _schedule_rows(reader, edition, rooms, data=None, only=None):
    sessions = (Session.objects.filter(edition=edition, content__in=Content.objects.visible_to(reader))
                .select_related("content", "session_format", "track", "room")
                .exclude(content__status=Content.Status.DELETED)
                .prefetch_related(Prefetch("speaker_rows", queryset=SessionSpeaker.objects.select_related(
                    "user__profile")))
                .order_by("starts_at", "content__title"))
    if only is not None:
        sessions = sessions.filter(pk=only)
    rows = []
    for session in sessions:
        session.edition = edition  # the form reads its time zone: no query per row
        rows.append((session, PlacementForm(data, session=session, rooms=rooms)))
    return rows


def _schedule_context(reader, edition, bound=None):
    """The schedule page; `bound` is a placement form with errors to show in its session's row."""
    rooms = list(edition_rooms(edition))  # once for every row's room menu and the break form's
    rows = _schedule_rows(reader, edition, rooms)
    if bound is not None:
        rows = [(session, bound if session.pk == bound.session.pk else form) for session, form in rows]
    accepted = (Proposal.objects.filter(edition=edition, state=Proposal.State.ACCEPTED,
                                        content__in=Content.objects.visible_to(reader))
                .annotate(scheduled=Exists(Session.objects.filter(proposal=OuterRef("pk"))))
                .filter(scheduled=False).select_related("content__author__profile", "session_format"))
    return {
        "edition": edition, "rows": rows, "accepted": accepted,
        "breaks": Break.objects.filter(edition=edition).select_related("room"),
        "break_form": BreakForm(edition=edition, rooms=rooms), "pending": programme.pending_changes(edition),
        "version": programme.latest_version(edition),
    }


@login_required
def schedule(request, slug):
    edition = _organised_edition(request.user, slug)
    return render(request, "congress/programme/schedule.html", _schedule_context(request.user, edition))


@login_required
@require_POST
def place(request, slug, pk):
    """Save one session's room and times; conflicts are listed and nothing is saved. htmx swaps the row."""
    edition = _organised_edition(request.user, slug)
    session = get_object_or_404(Session.objects.select_related("content", "session_format", "edition__space"),
                                pk=pk, edition=edition)
    form = PlacementForm(request.POST, session=session)
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        _saved, status = attempt(lambda: programme.schedule_session(
            request.user, session, room=data["room"], starts_at=data["starts_at"], ends_at=data["ends_at"]),
            form=form)
    if not request.htmx:
        if status is None:
            messages.success(request, _("“%(title)s” is placed.") % {"title": session.content.title})
            return redirect("congress:schedule", slug)
        return render(request, "congress/programme/schedule.html", _schedule_context(request.user, edition, bound=form),
                      status=status)
    if status is None:
        form = PlacementForm(session=session)
    # 200 either way: htmx swaps only successful answers, and the row with its conflicts is the answer.
    return render(request, "congress/programme/schedule.html#row",
                  {"edition": edition, "session": session, "form": form, "saved": status is None})


@login_required
def new_session(request, slug):
    edition = _organised_edition(request.user, slug)
    form = SessionForm(request.POST or None, edition=edition, initial={"language": request.LANGUAGE_CODE[:2]})
    status = None
    if request.method == "POST" and form.is_valid():
        session, status = attempt(lambda: programme.create_session(
            request.user, edition, language=form.cleaned_data["language"], **form.service_arguments()), form=form)
        if status is None:
            messages.success(request, _("The session is added. Place it in a room and a time."))
            return redirect("congress:schedule", slug)
    return render(request, "congress/programme/session_form.html", {"edition": edition, "form": form},
                  status=status or (400 if form.errors else 200))


@login_required
def edit_session(request, pk):
    session = _access_session(request.user, pk)
    if not allowed(request.user, "congress.edit_session", session):
        raise Http404
    edition = session.edition
    form = SessionForm(request.POST or None, edition=edition, initial=SessionForm.initial_for(session))
    form.fields["language"].disabled = True
    status = None
    if request.method == "POST" and form.is_valid():
        _saved, status = attempt(lambda: programme.edit_session(request.user, session, **form.service_arguments()),
                                 form=form)
        if status is None:
            messages.success(request, _("The session is saved."))
            return redirect(session)
    return render(request, "congress/programme/session_form.html",
                  {"edition": edition, "form": form, "session": session},
                  status=status or (400 if form.errors else 200))


@login_required
@require_POST
def from_proposal(request, slug, pk):
    edition = _organised_edition(request.user, slug)
    proposal = get_object_or_404(Proposal.objects.select_related("content__author", "edition__space"),
                                 pk=pk, edition=edition)
    _session, status = attempt(lambda: programme.create_session_from_proposal(request.user, proposal),
                               request=request)
    if status is None:
        messages.success(request, _("“%(title)s” is in the programme: place it in a room and a time.") % {
            "title": proposal.content.title})
    return redirect("congress:schedule", slug)


@login_required
@require_POST
def add_break(request, slug):
    edition = _organised_edition(request.user, slug)
    form = BreakForm(request.POST, edition=edition)
    if form.is_valid():
        _pause, status = attempt(lambda: programme.add_break(request.user, edition, **form.cleaned_data),
                                 request=request)
        if status is None:
            messages.success(request, _("The break is added."))
    else:
        for errors in form.errors.values():
            messages.error(request, errors[0])
    return redirect("congress:schedule", slug)


@login_required
@require_POST
def remove_break(request, slug, pk):
    edition = _organised_edition(request.user, slug)
    pause = get_object_or_404(Break, pk=pk, edition=edition)
    attempt(lambda: programme.remove_break(request.user, pause), request=request)
    return redirect("congress:schedule", slug)


@login_required
@require_POST
def publish(request, slug):
    edition = _organised_edition(request.user, slug)
    version, status = attempt(lambda: programme.publish_programme(request.user, edition), request=request)
    if status is None:
        messages.success(request, _("Version %(number)d of the programme is published.") % {"number": version.number})
        return redirect("congress:programme", slug)
    return redirect("congress:schedule", slug)


# Exports -----------------------------------------------------------------------------------------

def _export(request, slug, render_as, content_type, filename):
    """An export as the reader may see it. A visitor's (no one signed in) is the same file for every
    visitor until something is written: kept in the shared cache under the page cache's version, which
    every committed write moves on (core.pagecache), so the 600-session iCalendar is built once."""
    from django.core.cache import cache

    from xarxa.congress import exports
    from xarxa.core import pagecache

    edition = _readable_edition(request.user, slug)
    key = None
    if pagecache.enabled() and not request.user.is_authenticated:
        key = (f"congress:export:{render_as}:{edition.pk}:{pagecache.current_version()}:"
               f"{request.get_host()}:{request.LANGUAGE_CODE}")
        body = cache.get(key)
        if body is not None:
            return _export_response(body, content_type, filename)
    body = getattr(exports, render_as)(programme.published_programme(request.user, edition), request)
    if key is not None:
        cache.set(key, body, settings.PAGE_CACHE_SECONDS)
    return _export_response(body, content_type, filename)


def _export_response(body, content_type, filename):
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_ics(request, slug):
    return _export(request, slug, "icalendar", "text/calendar; charset=utf-8", f"{slug}.ics")


def schedule_xml(request, slug):
    return _export(request, slug, "schedule_xml", "application/xml; charset=utf-8", "schedule.xml")


def schedule_json(request, slug):
    return _export(request, slug, "schedule_json", "application/json", "schedule.json")
