"""What debates add to the pages every kind has (content.kind_views): their list rows with sorting and
pinned debates, the closing and most-useful-answer parts of the page, and their own actions (drafts,
marking the most useful answer, closing and reopening)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.content import kinds
from xarxa.content.kind_views import access_item, attempt
from xarxa.content.models import Comment, Content
from xarxa.content.services import pick_version, reader_language
from xarxa.core.keyset import keyset_page
from xarxa.core.rulebook import allowed, check
from xarxa.debates import services
from xarxa.debates.forms import CloseForm, DebateFilterForm
from xarxa.debates.models import KIND, Debate
from xarxa.topics.models import Topic

PER_PAGE = 20


# Lists -------------------------------------------------------------------------------------------

def _debates_for(request, space=None, pinned_apart=False):
    """One page of debates the reader may see, sorted and filtered as asked, each in the reader's language.
    With `pinned_apart`, pinned debates come in their own list on the first page, not in the stream."""
    form = DebateFilterForm(request.GET or None)
    form.fields["topic"].queryset = Topic.objects.listed_to(request.user)  # no topic of a secret group
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


def debate_rows(request, space):
    """The kind's list rows (content.kind_views): a group's list keeps its pinned debates apart."""
    return _debates_for(request, space, pinned_apart=space is not None)


# The debate page ---------------------------------------------------------------------------------

def _access_debate(user, pk) -> Debate:
    return access_item(user, pk, kinds.get(KIND), related=("debate__useful_answer__author__profile",))


def detail_context(request, debate):
    """What a debate's page adds to every kind's: closing, and the most useful answer."""
    return {"can_close": allowed(request.user, "debates.close_debate", debate),
            "useful_answer": debate.useful_answer if debate.useful_answer and debate.useful_answer.is_visible
            else None}


def comment_actions_context(content, user):
    """What the debate adds under each reply: the "most useful answer" mark and button."""
    debate = getattr(content, "debate", None)
    if debate is None:
        debate = Debate.objects.filter(content=content).first()
    if debate is None:
        return {}
    debate.content = content
    return {"useful_answer_id": debate.useful_answer_id,
            "can_mark_useful": allowed(user, "debates.mark_useful_answer", debate), "debate": debate}


# Writing -----------------------------------------------------------------------------------------

@login_required
def drafts(request):
    """The reader's own draft debates, newest first (nobody else's ever)."""
    rows = list(Content.objects.filter(author=request.user, kind=KIND, status=Content.Status.DRAFT,
                                       original__isnull=True).select_related("space").order_by("-created_at", "-pk"))
    return render(request, "debates/drafts.html", {"rows": rows})


@require_POST
@login_required
def mark_useful(request, pk, comment_pk):
    debate = _access_debate(request.user, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, content=debate.content)
    _marked, refused = attempt(lambda: services.mark_useful_answer(request.user, debate, comment), request=request)
    if not refused:
        messages.success(request, _("Marked as the most useful answer.") if debate.useful_answer_id
                         else _("The mark has been taken back."))
    return redirect(comment.get_absolute_url())


@login_required
def close(request, pk):
    debate = _access_debate(request.user, pk)
    check(request.user, "debates.close_debate", debate)  # the form is only for those who may close it
    form = CloseForm(request.POST or None, initial={"summary": debate.summary})
    if request.method == "POST" and form.is_valid():
        _closed, refused = attempt(lambda: services.close_debate(request.user, debate, form.cleaned_data["summary"]),
                                   form=form)
        if not refused:
            messages.success(request, _("The debate is closed."))
            return redirect(debate.content.get_absolute_url())
    return render(request, "debates/close.html", {"form": form, "debate": debate},
                  status=400 if form.errors else 200)


@require_POST
@login_required
def reopen(request, pk):
    debate = _access_debate(request.user, pk)
    _reopened, refused = attempt(lambda: services.reopen_debate(request.user, debate), request=request)
    if not refused:
        messages.success(request, _("The debate is open again."))
    return redirect(debate.content.get_absolute_url())
