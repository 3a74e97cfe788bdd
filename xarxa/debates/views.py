"""Debate pages: lists (network-wide and per group), the debate itself, and its forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.rules import can_post
from xarxa.content import rules as content_rules
from xarxa.content.context import comments_context
from xarxa.content.forms import AttachmentForm
from xarxa.content.models import Comment, Content
from xarxa.content.services import pick_version, reader_language
from xarxa.content.threads import access_content
from xarxa.core.keyset import keyset_page
from xarxa.debates import rules as debate_rules
from xarxa.debates import services
from xarxa.debates.forms import CloseForm, DebateFilterForm, DebateForm
from xarxa.debates.models import KIND, Debate
from xarxa.spaces import rules as space_rules
from xarxa.spaces.context import space_context
from xarxa.spaces.services import access_space

PER_PAGE = 20


def _error_text(error):
    return error.messages[0] if isinstance(error, ValidationError) else str(error)


# Lists -------------------------------------------------------------------------------------------

def _debates_for(request, space=None, pinned_apart=False):
    """One page of debates the reader may see, sorted and filtered as asked, each in the reader's language.
    With `pinned_apart`, pinned debates come in their own list on the first page, not in the stream."""
    form = DebateFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    sort = data.get("sort") or "newest"
    visible = Content.objects.visible_to(request.user)
    debates = visible.originals().of_kind(KIND).published().for_lists().select_related("debate")
    debates = debates.filter(space=space) if space is not None else debates.select_related("space")
    if data.get("topic"):
        debates = debates.filter(topics=data["topic"])
    if sort == "unanswered":
        debates = debates.filter(comment_count=0)
    debates = debates.prefetch_related(
        Prefetch("translations", queryset=visible.published().only("pk", "original_id", "language", "title")))
    order_field = "comment_count" if sort == "active" else "published_at"
    is_first_page = not request.GET.get("after")
    pinned = []
    if pinned_apart:
        if is_first_page:
            pinned = list(debates.filter(is_pinned=True).order_by("-published_at", "-pk")[:10])
        debates = debates.filter(is_pinned=False)
    rows, next_cursor = keyset_page(debates.filter(published_at__isnull=False), order_field=order_field,
                                    cursor=request.GET.get("after"), per_page=PER_PAGE)
    language = reader_language(request.LANGUAGE_CODE)
    for item in [*pinned, *rows]:
        item.shown = pick_version([item, *item.translations.all()], language)
    query = request.GET.copy()
    query.pop("after", None)
    return {"form": form, "rows": rows, "pinned": pinned, "next_cursor": next_cursor, "sort": sort,
            "query_string": query.urlencode(), "is_first_page": is_first_page}


def debate_list(request):
    context = _debates_for(request)
    context.update(show_space=True, can_start=bool(can_post(request.user)))
    template = "debates/list.html#results" if request.htmx else "debates/list.html"
    return render(request, template, context)


def space_debate_list(request, slug):
    space = access_space(request.user, slug)
    if not space_rules.can_read_space_content(request.user, space):
        raise Http404(_("No such group."))
    context = space_context(request, space, "debates")
    context.update(_debates_for(request, space, pinned_apart=True))
    template = "debates/space_list.html#results" if request.htmx else "debates/space_list.html"
    return render(request, template, context)


# The debate page ---------------------------------------------------------------------------------

def _access_debate(user, pk) -> Debate:
    queryset = Content.objects.filter(kind=KIND).select_related(
        "space__organisation", "author__profile__organisation", "debate__useful_answer__author__profile")
    content = access_content(user, pk, queryset)
    if content.original_id:
        raise Http404(_("This page does not exist or you cannot see it."))
    return content.debate


def detail(request, pk):
    content = access_content(request.user, pk, Content.objects.filter(kind=KIND).select_related(
        "space__organisation", "author__profile__organisation", "debate__useful_answer__author__profile",
        "debate__closed_by__profile"))
    if content.original_id:  # a version: its page is the original's, in that language
        return redirect(content.get_absolute_url())
    debate = content.debate
    user = request.user
    versions = [content, *Content.objects.visible_to(user).filter(original=content).order_by("language")]
    asked = request.GET.get("lang") or reader_language(request.LANGUAGE_CODE)
    shown = pick_version(versions, asked)
    context = comments_context(request, content)
    context.update(
        debate=debate,
        shown=shown,
        other_versions=[v for v in versions if v.pk != shown.pk],
        space=content.space,
        topics=content.topics.all(),
        attachments=content.attachments.all(),
        attachment_form=AttachmentForm(),
        can_edit=bool(debate_rules.can_edit_debate(user, debate)),
        can_close=bool(debate_rules.can_close_debate(user, debate)),
        can_attach=bool(content_rules.can_attach_to_content(user, content)),
        can_translate=bool(content_rules.can_translate_content(user, content)),
        useful_answer=debate.useful_answer if debate.useful_answer and debate.useful_answer.is_visible else None,
    )
    return render(request, "debates/detail.html", context)


def comment_actions_context(content, user):
    """What the debate adds under each reply: the "most useful answer" mark and button."""
    debate = getattr(content, "debate", None)
    if debate is None:
        debate = Debate.objects.filter(content=content).first()
    if debate is None:
        return {}
    debate.content = content
    return {"useful_answer_id": debate.useful_answer_id,
            "can_mark_useful": bool(debate_rules.can_mark_useful_answer(user, debate)), "debate": debate}


# Writing -----------------------------------------------------------------------------------------

@login_required
def create(request, slug=None):
    space = access_space(request.user, slug) if slug else None
    form = DebateForm(request.POST or None, initial={"language": reader_language(request.LANGUAGE_CODE)})
    allowed = space_rules.can_post_in_space(request.user, space) if space else can_post(request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            draft = "save_draft" in request.POST
            debate = services.publish_debate(request.user, space=space, draft=draft, **form.service_arguments())
        except PermissionDenied as error:
            form.add_error(None, _error_text(error))
            status = 403
        except ValidationError as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("Your draft has been saved. Only you can see it.") if draft
                             else _("Your debate is open. Others can reply now."))
            return redirect(debate.content.get_absolute_url())
    if form.errors and status == 200:
        status = 400
    context = space_context(request, space, "debates") if space else {}
    context.update(form=form, allowed=bool(allowed), creating=True)
    return render(request, "debates/form.html", context, status=status)


@login_required
def edit(request, pk):
    debate = _access_debate(request.user, pk)
    content = debate.content
    form = DebateForm(request.POST or None, initial={
        "title": content.title, "body": content.body, "language": content.language,
        "topic_names": ", ".join(t.name for t in content.topics.all())})
    status = 200
    if not debate_rules.can_edit_debate(request.user, debate):
        return render(request, "debates/form.html", {"form": form, "allowed": False, "debate": debate,
                                                     "refusal": _("Only the author can edit this debate.")},
                      status=403)
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        arguments.pop("language")
        try:
            services.edit_debate(request.user, debate, **arguments)
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The debate has been saved."))
            return redirect(content.get_absolute_url())
    if form.errors:
        status = 400
    return render(request, "debates/form.html", {"form": form, "allowed": True, "debate": debate}, status=status)


@login_required
def drafts(request):
    """The reader's own draft debates, newest first (nobody else's ever)."""
    rows = list(Content.objects.filter(author=request.user, kind=KIND, status=Content.Status.DRAFT,
                                       original__isnull=True).select_related("space").order_by("-created_at", "-pk"))
    return render(request, "debates/drafts.html", {"rows": rows})


@require_POST
@login_required
def publish(request, pk):
    debate = _access_debate(request.user, pk)
    try:
        services.publish_draft(request.user, debate)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Your debate is open. Others can reply now."))
    return redirect(debate.content.get_absolute_url())


@require_POST
@login_required
def mark_useful(request, pk, comment_pk):
    debate = _access_debate(request.user, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, content=debate.content)
    try:
        services.mark_useful_answer(request.user, debate, comment)
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("Marked as the most useful answer.") if debate.useful_answer_id
                         else _("The mark has been taken back."))
    return redirect(comment.get_absolute_url())


@login_required
def close(request, pk):
    debate = _access_debate(request.user, pk)
    if not debate_rules.can_close_debate(request.user, debate):
        raise PermissionDenied(_("Only the author of the debate or a moderator can close it."))
    form = CloseForm(request.POST or None, initial={"summary": debate.summary})
    if request.method == "POST" and form.is_valid():
        try:
            services.close_debate(request.user, debate, form.cleaned_data["summary"])
        except (PermissionDenied, ValidationError) as error:
            form.add_error(None, _error_text(error))
        else:
            messages.success(request, _("The debate is closed."))
            return redirect(debate.content.get_absolute_url())
    return render(request, "debates/close.html", {"form": form, "debate": debate},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def reopen(request, pk):
    debate = _access_debate(request.user, pk)
    try:
        services.reopen_debate(request.user, debate)
    except PermissionDenied as error:
        messages.error(request, _error_text(error))
    else:
        messages.success(request, _("The debate is open again."))
    return redirect(debate.content.get_absolute_url())
