"""Group pages. Views parse, call a service, render; decisions live in rules.py and services.py."""

import copy

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_htmx.http import HttpResponseClientRefresh

from xarxa.accounts.models import Profile
from xarxa.core.files import serve_private_image
from xarxa.core.filters import chosen_filter_count
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.refusals import attempt
from xarxa.core.throttle import throttle_anonymous
from xarxa.spaces import rules as space_rules
from xarxa.spaces import services, tools
from xarxa.spaces.context import space_context
from xarxa.spaces.forms import (
    DecideRequestForm,
    DirectoryFilterForm,
    InviteForm,
    JoinRequestForm,
    RoleForm,
    SpaceForm,
)
from xarxa.spaces.models import JoinRequest, Membership, Space, SpaceInvitation, member_space_ids
from xarxa.spaces.signals import INVITATION_SESSION_KEY
from xarxa.topics.models import Topic

GROUP = Space.Kind.GROUP


# Directory ---------------------------------------------------------------------------------------

@throttle_anonymous("directory", only_filtered=True)
def directory(request):
    form = DirectoryFilterForm(request.GET or None)
    form.fields["topic"].queryset = Topic.objects.listed_to(request.user)
    mine = request.GET.get("tab") == "mine" and request.user.is_authenticated
    spaces = Space.objects.visible_to(request.user).of_kind(GROUP).for_cards().with_viewer_role(request.user)
    if mine:
        spaces = spaces.filter(pk__in=member_space_ids(request.user))
    if form.is_valid():
        spaces = _filtered(spaces, form.cleaned_data)
    page = paginate(request, spaces.order_by("-member_count", "name", "pk"), per_page=24)
    context = {"form": form, "page": page, "mine": mine, "query_string": query_without_page(request),
               "chosen_filters": chosen_filter_count(form)}
    if request.user.is_authenticated:
        context["invitations"] = (SpaceInvitation.objects.pending().filter(user=request.user)
                                  .select_related("space", "invited_by__profile"))
        context["suggested"] = [] if mine else suggested_spaces(request.user)
    template = "spaces/directory.html#results" if request.htmx else "spaces/directory.html"
    return render(request, template, context)


def _filtered(spaces, data):
    for word in data["q"].split()[:5]:
        spaces = spaces.filter(Q(name__icontains=word) | Q(description__icontains=word))
    if data["topic"]:
        spaces = spaces.filter(topics=data["topic"])
    if data["country"]:
        spaces = spaces.filter(Q(country=data["country"]) | Q(organisation__country=data["country"]))
    if data["organisation"]:
        spaces = spaces.filter(organisation=data["organisation"])
    return spaces


def suggested_spaces(user, limit=4):
    """Groups the member may see and has not joined, sharing the most topics with their expertise."""
    profile = getattr(user, "profile", None)
    if profile is None:
        return []
    topic_ids = profile.topics.values("pk")
    return list(
        Space.objects.visible_to(user).of_kind(GROUP).exclude(pk__in=member_space_ids(user))
        .annotate(shared=Count("topics", filter=Q(topics__in=topic_ids), distinct=True))
        .filter(shared__gt=0).order_by("-shared", "-member_count", "name")
        .select_related("organisation").prefetch_related("topics")[:limit]
    )


# The group page ----------------------------------------------------------------------------------

def detail(request, slug):
    space = services.access_space(request.user, slug)
    context = space_context(request, space, "about")
    context["topics"] = space.topics.all()
    if context["can_read"]:
        context["stream"] = tools.stream(request, space)  # content registers it
    return render(request, "spaces/detail.html", context)


def members(request, slug):
    space = services.access_space(request.user, slug)
    if not space_rules.can_see_space_members(request.user, space):
        raise Http404(_("No such group."))
    visible_profiles = Profile.objects.visible_to(request.user).values("user_id")
    memberships = (
        space.memberships.filter(user_id__in=visible_profiles)
        .select_related("user__profile__organisation")
        .order_by(_role_order(), "joined_at", "pk")
    )
    context = space_context(request, space, "members")
    context.update(page=paginate(request, memberships, per_page=48), query_string="")
    return render(request, "spaces/members.html", context)


def _role_order():
    ranks = [When(role=role, then=Value(rank)) for rank, role in enumerate(Membership.Role.values)]
    return Case(*ranks, output_field=IntegerField())


# Creating and editing ----------------------------------------------------------------------------

@login_required
def create(request):
    if not space_rules.can_create_space(request.user):
        messages.error(request, _("Confirm your e-mail address before creating a group."))
        return redirect("spaces:directory")
    form = SpaceForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if form.is_valid():
            space, status = attempt(lambda: services.create_space(request.user, **form.service_arguments()), form=form)
            if status is None:
                messages.success(request, _("Your group is ready. Invite people to join it."))
                return redirect(space)
        messages.error(request, _("Please correct the errors below. Nothing has been saved."))
    return render(request, "spaces/form.html", {"form": form, "topics": Topic.objects.listed_to(request.user)[:300]})


@login_required
def edit(request, slug):
    space = services.access_space(request.user, slug)
    if not space_rules.can_manage_space(request.user, space):
        raise PermissionDenied(_("Only the group's owners and administrators can edit it."))
    # The form works on a copy: a refused edit must not show its bad values in the page header.
    form = SpaceForm(request.POST or None, request.FILES or None, instance=copy.copy(space))
    if request.method == "POST":
        if form.is_valid():
            arguments = form.service_arguments()
            services.update_space(request.user, space,
                                  remove_cover=form.cleaned_data["remove_cover"], **arguments)
            messages.success(request, _("The group has been saved."))
            return redirect(space)
        messages.error(request, _("Please correct the errors below. Nothing has been saved."))
    context = space_context(request, space, "edit")
    context.update(form=form, topics=Topic.objects.listed_to(request.user)[:300])
    return render(request, "spaces/form.html", context)


# Joining and leaving -----------------------------------------------------------------------------

def _after_membership_change(request, space, was_readable):
    """htmx swaps the buttons, or reloads when the page now shows more or less; others are redirected."""
    if request.htmx:
        space_rules.forget_membership(space, request.user)
        if was_readable != space_rules.can_read_space_content(request.user, space):
            return HttpResponseClientRefresh()
        return render(request, "spaces/_membership_actions.html", space_context(request, space, "about"))
    return redirect(space)


def _membership_act(request, slug, act, success):
    space = services.access_space(request.user, slug)
    was_readable = space_rules.can_read_space_content(request.user, space)
    _done, status = attempt(lambda: act(space), request=request)
    if status is None:
        messages.success(request, success % {"name": space.name})
    return _after_membership_change(request, space, was_readable)


@require_POST
@login_required
def join(request, slug):
    return _membership_act(request, slug, lambda space: services.join_space(request.user, space),
                           _("Welcome to %(name)s."))


@require_POST
@login_required
def leave(request, slug):
    return _membership_act(request, slug, lambda space: services.leave_space(request.user, space),
                           _("You have left %(name)s."))


@require_POST
@login_required
def follow_closely(request, slug):
    if request.POST.get("action") == "stop":
        return _membership_act(request, slug, lambda space: services.set_follows_closely(request.user, space, False),
                               _("You will no longer be told of each new post in %(name)s."))
    return _membership_act(request, slug, lambda space: services.set_follows_closely(request.user, space, True),
                           _("You will be told of each new post in %(name)s."))


@login_required
def request_to_join(request, slug):
    space = services.access_space(request.user, slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _membership_act(
            request, slug, lambda s: services.request_to_join(request.user, s, form.cleaned_data["message"]),
            _("Your request to join %(name)s has been sent. An administrator will answer."),
        )
    context = space_context(request, space, "about")
    context["request_form"] = form
    return render(request, "spaces/request.html", context)


@require_POST
@login_required
def cancel_request(request, slug):
    return _membership_act(request, slug, lambda space: services.cancel_join_request(request.user, space),
                           _("Your request to join %(name)s has been withdrawn."))


# Invitations -------------------------------------------------------------------------------------

def invitation(request, token):
    """The link in an invitation: newcomers go through sign-up, members accept or decline."""
    invitation = services.invitation_by_token(token)
    if not request.user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = invitation.token
        return render(request, "spaces/invitation.html", {"invitation": invitation, "space": invitation.space})
    if request.method == "POST":
        if request.POST.get("answer") == "decline":
            _declined, status = attempt(lambda: services.decline_space_invitation(request.user, invitation),
                                        request=request)
            if status is None:
                messages.info(request, _("You have declined the invitation."))
            return redirect("spaces:directory")
        _accepted, status = attempt(lambda: services.accept_space_invitation(request.user, invitation),
                                    request=request)
        if status is not None:
            return redirect("spaces:directory")
        messages.success(request, _("Welcome to %(name)s.") % {"name": invitation.space.name})
        return redirect(invitation.space)
    if invitation.user_id and invitation.user_id != request.user.pk:
        raise Http404(_("This invitation is no longer valid."))
    return render(request, "spaces/invitation.html", {"invitation": invitation, "space": invitation.space})


# Managing members --------------------------------------------------------------------------------

def _access_managed(request, slug):
    space = services.access_space(request.user, slug)
    if not space_rules.can_manage_space(request.user, space):
        raise PermissionDenied(_("Only the group's owners and administrators can manage members."))
    return space


@login_required
def manage(request, slug):
    space = _access_managed(request, slug)
    invite_form = InviteForm(request.POST or None)
    if request.method == "POST" and invite_form.is_valid():
        invited, status = attempt(lambda: services.invite_to_space(
            request.user, space, username=invite_form.cleaned_data["username"],
            email=invite_form.cleaned_data["email"]), form=invite_form)
        if status is None:
            messages.success(request, _("Invitation sent to %(who)s.") % {"who": invited.addressee})
            return redirect("spaces:manage", space.slug)
    context = space_context(request, space, "manage")
    context.update(
        invite_form=invite_form,
        requests=space.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user__profile"),
        invitations=space.invitations.pending().select_related("user__profile"),
        page=paginate(request, space.memberships.select_related("user__profile")
                      .order_by(_role_order(), "joined_at", "pk"), per_page=50),
        query_string="",
        role_choices=Membership.Role.choices,
        decide_form=DecideRequestForm(),
    )
    return render(request, "spaces/manage.html", context)


def _manage_act(request, space, act, success):
    _done, status = attempt(act, request=request)
    if status is None:
        messages.success(request, success)
    return redirect("spaces:manage", space.slug)


@require_POST
@login_required
def decide_request(request, slug, pk):
    space = _access_managed(request, slug)
    join_request = get_object_or_404(JoinRequest.objects.select_related("space", "user"), space=space, pk=pk)
    form = DecideRequestForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether to approve or decline."))
        return redirect("spaces:manage", space.slug)
    approve = form.cleaned_data["decision"] == "approve"
    success = (_("%(name)s is now a member.") if approve else _("The request of %(name)s has been declined.")) % {
        "name": join_request.user.display_name}
    return _manage_act(request, space, lambda: services.decide_join_request(
        request.user, join_request, approve=approve, response=form.cleaned_data["response"]), success)


@require_POST
@login_required
def change_role(request, slug, username):
    space = _access_managed(request, slug)
    membership = services.get_membership(space, username)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("spaces:manage", space.slug)
    return _manage_act(request, space, lambda: services.change_role(request.user, membership,
                                                                    form.cleaned_data["role"]),
                       _("The role of %(name)s has been changed.") % {"name": membership.user.display_name})


@require_POST
@login_required
def set_translator(request, slug, username):
    space = _access_managed(request, slug)
    membership = services.get_membership(space, username)
    value = request.POST.get("is_translator") == "1"
    return _manage_act(request, space, lambda: services.set_translator(request.user, membership, value),
                       _("Saved."))


@require_POST
@login_required
def remove_member(request, slug, username):
    space = _access_managed(request, slug)
    membership = services.get_membership(space, username)
    return _manage_act(request, space, lambda: services.remove_member(request.user, membership),
                       _("%(name)s is no longer a member.") % {"name": membership.user.display_name})


@require_POST
@login_required
def revoke_invitation(request, slug, pk):
    space = _access_managed(request, slug)
    invitation = get_object_or_404(SpaceInvitation.objects.select_related("space"), space=space, pk=pk)
    return _manage_act(request, space, lambda: services.revoke_space_invitation(request.user, invitation),
                       _("The invitation has been withdrawn."))



def cover(request, slug):
    """The group's cover, only for those who may know the group exists."""
    space = services.access_space(request.user, slug)
    return serve_private_image(space.cover)
