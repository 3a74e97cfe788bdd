from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from xarxa.accounts.lookups import access_member
from xarxa.core.pagination import paginate
from xarxa.messaging import services
from xarxa.messaging.forms import MessageForm, NewConversationForm, SearchForm
from xarxa.messaging.models import Block


@login_required
def inbox(request):
    search = SearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {"search": search, "query": query, "noindex": True}
    if query:
        context["page"] = paginate(request, services.search_messages(request.user, query), per_page=30)
    else:
        context["page"] = paginate(request, services.conversations_of(request.user), per_page=30)
    context["query_string"] = f"q={query}" if query else ""
    return render(request, "messaging/inbox.html", context)


def _form_error(form, error):
    for message in getattr(error, "messages", [str(error)]):
        form.add_error(None, message)


@login_required
def new_conversation(request):
    form = NewConversationForm(request.POST or None, request.FILES or None, initial={"to": request.GET.get("to", "")})
    if request.method == "POST" and form.is_valid():
        try:
            conversation = services.start_conversation(request.user, form.usernames(), form.cleaned_data["body"],
                                                       form.cleaned_data.get("attachment"))
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            return redirect(conversation)
    return render(request, "messaging/new.html", {"form": form, "noindex": True},
                  status=400 if form.errors else 200)


@login_required
def conversation(request, pk):
    participant = services.access_conversation(request.user, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(request.user, participant.conversation, form.cleaned_data["body"],
                                  form.cleaned_data.get("attachment"))
        except (ValidationError, PermissionDenied) as error:
            _form_error(form, error)
        else:
            return redirect(participant.conversation)
    services.mark_conversation_read(participant)
    thread = participant.conversation.messages.select_related("sender__profile").prefetch_related("attachments")
    people = participant.conversation.participants.select_related("user__profile")
    others = [person.user for person in people if person.user_id != request.user.pk]  # evaluates `people` once
    title = _("Conversation with %(people)s") % {"people": list_of_names([other.display_name for other in others])}
    context = {"thread": thread, "others": others, "title": title, "form": form, "noindex": True}
    return render(request, "messaging/conversation.html", context, status=400 if form.errors else 200)


def list_of_names(names) -> str:
    """"Ana", "Ana and Luis", "Ana, Luis and Marta": the last two joined as the language joins them."""
    if len(names) < 2:
        return "".join(names)
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


@login_required
def blocked(request):
    blocks = Block.objects.filter(blocker=request.user).select_related("blocked__profile")
    return render(request, "messaging/blocked.html", {"blocks": blocks, "noindex": True})


@require_POST
@login_required
def block(request, username):
    member = access_member(username)
    try:
        if request.POST.get("action") == "unblock":
            services.unblock(request.user, member)
            messages.success(request, _("%(name)s is no longer blocked.") % {"name": member.display_name})
        else:
            services.block(request.user, member)
            messages.success(request, _("%(name)s is blocked: no messages, mentions or notifications from them.")
                             % {"name": member.display_name})
    except ValidationError as error:
        messages.error(request, error.messages[0])
    return redirect("messaging:blocked")


@login_required
def attachment(request, pk, name):
    found = services.access_message_attachment(request.user, pk)
    response = FileResponse(found.file.open("rb"), content_type=found.mime_type, as_attachment=not found.is_image,
                            filename=found.name)
    response["Cache-Control"] = "private, max-age=3600"
    return response
