"""Endpoints shared by every kind: replies, reactions, reports, moderation, attachments and versions.

Each works as a plain form post (redirecting back to the item) and, when htmx asks, answers with the
fragment to swap. Every lookup goes through access_content / access_comment: one 404 for
"missing" and "not for you".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import reswap, retarget

from xarxa.content import kinds, services
from xarxa.content import rules as content_rules
from xarxa.content.context import comments_context
from xarxa.content.forms import AttachmentForm, CommentEditForm, CommentForm, FlagForm, ModerationForm, TranslationForm
from xarxa.content.models import Attachment, Comment, Flag, ModerationLog
from xarxa.content.threads import access_comment, access_content, attach_reaction_buttons
from xarxa.core.redirects import redirect_to_next
from xarxa.core.refusals import attempt, error_text
from xarxa.core.rulebook import check
from xarxa.spaces import rules as space_rules
from xarxa.spaces.context import space_context

# What an item page shows under the item -------------------------------------------------------------

def _single_comment_context(request, comment):
    content = comment.content
    comment.children = []
    comment.depth = 0 if comment.parent_id is None else 1
    attach_reaction_buttons(request.user, comments=[comment])
    context = {
        "comment": comment,
        "content": content,
        "can_reply": bool(content_rules.can_reply_to_content(request.user, content)),
        "can_react": bool(content_rules.can_react_to_content(request.user, content)),
        "can_flag": bool(content_rules.can_flag_content(request.user, content)),
        "can_moderate": bool(content_rules.can_moderate_content(request.user, content)),
    }
    context.update(kinds.comment_context(content, request.user))
    return context


def more_comments(request, pk):
    """The next page of threads, for "load more" (htmx) or as a page of its own."""
    content = access_content(request.user, pk)
    context = comments_context(request, content, cursor=request.GET.get("after"))
    template = "content/_threads.html" if request.htmx else "content/more_comments.html"
    return render(request, template, context)


# Replies ---------------------------------------------------------------------------------------------

@require_POST
@login_required
def add_comment(request, pk):
    content = access_content(request.user, pk)
    form = CommentForm(request.POST)
    comment = None
    if form.is_valid():
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], content=content).first()

        def post():
            if form.cleaned_data["parent"] and parent is None:
                raise ValidationError(_("The reply you answered is no longer there."))
            return services.add_comment(request.user, content, form.cleaned_data["body"], parent=parent)

        comment, _status = attempt(post, form=form)
    if comment is None:
        return _reply_failed(request, content, form)
    if request.htmx:
        context = _single_comment_context(request, comment)
        context.update(reply_form=CommentForm(), fresh_form_for=comment.parent)
        return render(request, "content/_comment_added.html", context)
    messages.success(request, _("Your reply has been posted."))
    return redirect(comment.get_absolute_url())


def _reply_failed(request, content, form):
    """The reply was refused: show why, keep what was typed, change nothing."""
    parent_id = form.data.get("parent") or ""
    parent_id = parent_id if str(parent_id).isdigit() else ""
    context = {"content": content, "reply_form": form, "parent_id": parent_id}
    if request.htmx:
        response = render(request, "content/_comment_form.html", context)
        response = retarget(response, f"#reply-form-{content.pk}-{parent_id or 'new'}")
        return reswap(response, "outerHTML")
    return render(request, "content/reply_failed.html", context, status=400)


@login_required
def edit_comment(request, pk):
    comment = access_comment(request.user, pk)
    check(request.user, "comment.edit", comment)  # before showing the form; the service's own refusal
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        _saved, status = attempt(lambda: services.edit_comment(request.user, comment, form.cleaned_data["body"]),
                                 form=form)
        if status is None:
            messages.success(request, _("Your reply has been saved."))
            return redirect(comment.get_absolute_url())
    return render(request, "content/comment_edit.html", {"form": form, "comment": comment,
                                                         "content": comment.content},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def delete_comment(request, pk):
    comment = access_comment(request.user, pk)
    kept, status = attempt(lambda: services.delete_comment(request.user, comment), request=request)
    if status is not None:
        return redirect(comment.get_absolute_url())
    if request.htmx:
        if kept is None:
            return HttpResponse("")
        return render(request, "content/_comment.html", _single_comment_context(request, kept))
    messages.success(request, _("Your reply has been deleted."))
    return redirect(comment.content.get_absolute_url())


# Reactions -------------------------------------------------------------------------------------------

@require_POST
@login_required
def react_to_content(request, pk):
    content = access_content(request.user, pk)
    return _react(request, content, content, None)


@require_POST
@login_required
def react_to_comment(request, pk):
    comment = access_comment(request.user, pk)
    return _react(request, comment.content, None, comment)


def _react(request, content, target_content, target_comment):
    """A full page shows a refusal as a message; the htmx fragment shows it in place of the buttons' row."""
    refused = []
    attempt(lambda: services.toggle_reaction(request.user, request.POST.get("kind", ""), content=target_content,
                                             comment=target_comment),
            request=None if request.htmx else request, on_refusal=refused.append)
    target = target_comment or target_content
    if request.htmx:
        attach_reaction_buttons(request.user, contents=[target_content] if target_content else [],
                                comments=[target_comment] if target_comment else [])
        return render(request, "content/_reactions.html",
                      {"target": target, "is_comment": target_comment is not None, "content": content,
                       "can_react": bool(content_rules.can_react_to_content(request.user, content)),
                       "refusal": error_text(refused[0]) if refused else ""})
    return redirect(target.get_absolute_url())


# Reports and moderation ------------------------------------------------------------------------------

@login_required
def flag_content(request, pk):
    content = access_content(request.user, pk)
    return _flag(request, content, None)


@login_required
def flag_comment(request, pk):
    comment = access_comment(request.user, pk)
    if not comment.is_visible:
        raise Http404(_("This reply is no longer there."))
    return _flag(request, comment.content, comment)


def _flag(request, content, comment):
    form = FlagForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _flagged, status = attempt(lambda: services.flag(request.user, content, comment=comment, **form.cleaned_data),
                                   form=form)
        if status is None:
            messages.success(request, _("Thank you. The moderators will look at your report."))
            return redirect((comment or content).get_absolute_url())
    context = {"form": form, "content": content, "comment": comment}
    return render(request, "content/flag.html", context, status=400 if form.errors else 200)


CONTENT_MODERATION = {
    "hide": (lambda actor, content, reason: services.hide_content(actor, content, reason),
             _("The item has been hidden.")),
    "restore": (lambda actor, content, reason: services.restore_content(actor, content, reason),
                _("The item has been restored.")),
    "pin": (lambda actor, content, reason: services.set_pinned(actor, content, True, reason), _("Pinned.")),
    "unpin": (lambda actor, content, reason: services.set_pinned(actor, content, False, reason), _("Unpinned.")),
    "lock": (lambda actor, content, reason: services.set_locked(actor, content, True, reason),
             _("Locked: no new replies can be added.")),
    "unlock": (lambda actor, content, reason: services.set_locked(actor, content, False, reason),
               _("Unlocked: replies are open again.")),
}


@require_POST
@login_required
def moderate_content(request, pk):
    content = access_content(request.user, pk)
    return _moderate(request, content, CONTENT_MODERATION, content, content.get_absolute_url())


COMMENT_MODERATION = {
    "hide": (lambda actor, comment, reason: services.hide_comment(actor, comment, reason),
             _("The reply has been hidden.")),
    "restore": (lambda actor, comment, reason: services.restore_comment(actor, comment, reason),
                _("The reply has been restored.")),
}


@require_POST
@login_required
def moderate_comment(request, pk):
    comment = access_comment(request.user, pk)
    return _moderate(request, comment.content, COMMENT_MODERATION, comment, comment.get_absolute_url())


def _moderate(request, content, actions, target, back):
    check(request.user, "content.moderate", content)
    action = actions.get(request.POST.get("action", ""))
    form = ModerationForm(request.POST)
    if action is None or not form.is_valid():
        messages.error(request, _("Choose a valid action."))
        return redirect_to_next(request, back)
    act, done = action
    _done, status = attempt(lambda: act(request.user, target, form.cleaned_data["reason"]), request=request)
    if status is None:
        messages.success(request, done)
    return redirect_to_next(request, back)


@require_POST
@login_required
def dismiss_flag(request, pk):
    flag_row = get_object_or_404(Flag.objects.select_related("content__space", "comment"), pk=pk)
    access_content(request.user, flag_row.content_id)
    form = ModerationForm(request.POST)
    _dismissed, status = attempt(lambda: services.dismiss_flag(request.user, flag_row,
                                                               form.data.get("reason", "")[:1000]), request=request)
    if status is None:
        messages.success(request, _("The report has been dismissed."))
    return redirect_to_next(request, "content:network_queue")


def _queue_context(request, space):
    flags = list(services.open_flags_for(request.user, space).order_by("created_at", "pk")[:200])
    log = ModerationLog.objects.select_related("actor__profile", "content", "comment")
    log = log.filter(space=space) if space is not None else (log if request.user.is_staff
                                                                else log.filter(space__isnull=True))
    return {"flags": flags, "log": log[:30], "moderation_form": ModerationForm()}


@login_required
def network_queue(request):
    try:
        context = _queue_context(request, None)
    except PermissionDenied:
        raise Http404(_("This page does not exist or you cannot see it.")) from None
    return render(request, "content/queue.html", context)


@login_required
def space_queue(request, slug):
    from xarxa.spaces.services import access_space

    space = access_space(request.user, slug)
    if not space_rules.can_moderate_space(request.user, space):
        raise Http404(_("This page does not exist or you cannot see it."))
    context = space_context(request, space, "moderation")
    context.update(_queue_context(request, space))
    return render(request, "content/queue.html", context)


# Attachments -----------------------------------------------------------------------------------------

@require_POST
@login_required
def add_attachment(request, pk):
    content = access_content(request.user, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        attempt(lambda: services.attach_file(request.user, content, form.cleaned_data["file"]), form=form, field="file")
    if form.errors:
        return render(request, "content/attachment_failed.html", {"form": form, "content": content}, status=400)
    messages.success(request, _("The file has been attached."))
    return redirect(content.get_absolute_url())


def download_attachment(request, pk, name):
    attachment = get_object_or_404(Attachment.objects.select_related("content"), pk=pk)
    access_content(request.user, attachment.content_id)
    response = FileResponse(attachment.file.open("rb"), content_type=attachment.mime_type,
                            as_attachment=not attachment.is_image, filename=attachment.name)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_POST
@login_required
def remove_attachment(request, pk):
    attachment = get_object_or_404(Attachment.objects.select_related("content__space"), pk=pk)
    content = access_content(request.user, attachment.content_id)
    _removed, refused = attempt(lambda: services.remove_attachment(request.user, attachment), request=request)
    if refused is None:
        messages.success(request, _("The attachment has been removed."))
    return redirect(content.get_absolute_url())


# Versions in other languages ---------------------------------------------------------------------------

@login_required
def translate(request, pk):
    content = access_content(request.user, pk).item
    check(request.user, "content.translate", content)
    taken = {content.language, *content.translations.values_list("language", flat=True)}
    form = TranslationForm(request.POST or None, taken=taken, initial={"title": content.title, "body": content.body})
    if request.method == "POST" and form.is_valid():
        version, status = attempt(lambda: services.add_translation(request.user, content, **form.cleaned_data),
                                  form=form)
        if status is None:
            messages.success(request, _("The new version has been published."))
            return redirect(version.get_absolute_url())
    return render(request, "content/translate.html", {"form": form, "content": content},
                  status=400 if form.errors else 200)


def content_redirect(request, pk):
    """/content/<pk>/ → the item's own page (for links that only know the base row)."""
    return redirect(access_content(request.user, pk).get_absolute_url())

