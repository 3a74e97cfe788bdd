from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_countries import countries

from xarxa.accounts.models import Profile
from xarxa.core.filters import chosen_filter_count
from xarxa.core.pagination import paginate, query_without_page
from xarxa.core.throttle import throttle_anonymous
from xarxa.follows.services import is_following
from xarxa.organisations import services
from xarxa.organisations.forms import ProposeOrganisationForm
from xarxa.organisations.models import Organisation


class OrganisationFilterForm(forms.Form):
    q = forms.CharField(label=gettext_lazy("Name"), required=False, max_length=100)
    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), required=False,
                             choices=[("", gettext_lazy("Any kind"))] + list(Organisation.Kind.choices))
    level = forms.ChoiceField(label=gettext_lazy("Level"), required=False,
                              choices=[("", gettext_lazy("Any level"))] + list(Organisation.Level.choices))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", gettext_lazy("Any country"))] + list(countries)


@throttle_anonymous("directory", only_filtered=True)
def organisation_list(request):
    form = OrganisationFilterForm(request.GET or None)
    organisations = Organisation.objects.listed()
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            organisations = organisations.filter(name__icontains=data["q"])
        for field in ("country", "kind", "level"):
            if data[field]:
                organisations = organisations.filter(**{field: data[field]})
    organisations = organisations.annotate(
        member_count=Count("members", filter=Q(members__user__is_active=True))
    ).order_by("name", "pk")
    page = paginate(request, organisations, per_page=30)
    return render(request, "organisations/list.html", {"form": form, "page": page,
                                                       "query_string": query_without_page(request),
                                                       "chosen_filters": chosen_filter_count(form)})


def organisation_detail(request, slug):
    organisation = get_object_or_404(Organisation.objects.visible_to(request.user)
                                     .select_related("parent", "merged_into"), slug=slug)
    if organisation.status == Organisation.Status.MERGED:
        if organisation.merged_into:
            return redirect(organisation.merged_into, permanent=True)
        raise Http404
    members = (Profile.objects.visible_to(request.user).showing("organisation", request.user).for_cards()
               .filter(organisation=organisation))
    page = paginate(request, members.order_by("full_name", "user_id"))
    context = {
        "organisation": organisation,
        "page": page,
        "children": organisation.children.listed().order_by("name")[:50],
        "is_following": is_following(request.user, organisation),
        "followers_count": organisation.followers.count(),
    }
    return render(request, "organisations/detail.html", context)



@login_required
def propose(request):
    if not request.user.has_perm("accounts.post"):
        raise PermissionDenied(_("Verify your e-mail address before proposing an organisation."))
    form = ProposeOrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        organisation = services.propose_organisation(request.user, **form.cleaned_data)
        if organisation.status == Organisation.Status.APPROVED:
            messages.success(request, _("The organisation has been added."))
        else:
            messages.success(request, _("Thank you. A moderator will review the organisation before it is listed."))
        return redirect(organisation)
    return render(request, "organisations/propose.html", {"form": form})
