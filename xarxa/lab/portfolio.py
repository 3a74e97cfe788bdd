"""The lab's portfolio: challenges and projects by stage, organisation, country and SDG, with counts, and
the same as open data. Challenges are read through Content.objects.visible_to (an unapproved challenge is
a draft, its author's alone); projects through their space's visibility (Space.objects.visible_to: a private
project is listed like a private group, its pages read by its members only). The page costs a fixed
number of queries whatever the number of rows (pinned in tests/test_queries.py)."""



from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django_countries import countries

from xarxa.content.models import Content
from xarxa.core import csvfiles
from xarxa.lab.forms import PortfolioFilterForm
from xarxa.lab.models import CHALLENGE_KIND, STAGE_ORDER, Challenge, ChallengeGoal, Project, Stage
from xarxa.library.choices import Goal
from xarxa.organisations.models import Organisation
from xarxa.spaces.models import Space

PER_LIST = 60


def visible_challenges(user):
    readable = Content.objects.visible_to(user).filter(kind=CHALLENGE_KIND, original__isnull=True)
    return Challenge.objects.filter(content__in=readable)


def visible_projects(user):
    return Project.objects.filter(space__in=Space.objects.visible_to(user).of_kind(Space.Kind.LAB_PROJECT))


def _filtered(request):
    form = PortfolioFilterForm(request.GET or None, organisations=Organisation.objects.filter(
        pk__in=Challenge.objects.values("organisation_id")).order_by("name"))
    challenges, projects = visible_challenges(request.user), visible_projects(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("organisation"):
            challenges = challenges.filter(organisation=data["organisation"])
            projects = projects.filter(challenge__organisation=data["organisation"])
        if data.get("country"):
            challenges = challenges.filter(organisation__country=data["country"].upper())
            projects = projects.filter(challenge__organisation__country=data["country"].upper())
        if data.get("goal"):
            challenges = challenges.filter(goal_rows__goal=data["goal"])
            projects = projects.filter(challenge__goal_rows__goal=data["goal"])
        if data.get("stage"):
            projects = projects.filter(stage=data["stage"])
    return form, challenges, projects


def context(request):
    form, challenges, projects = _filtered(request)
    stage_counts = dict(projects.order_by().values_list("stage").annotate(n=Count("pk")))
    organisation_counts = list(challenges.order_by().values("organisation__name", "organisation__slug")
                               .annotate(n=Count("pk")).order_by("-n", "organisation__name"))
    country_counts = [{"code": row["organisation__country"], "name": countries.name(row["organisation__country"]),
                       "n": row["n"]}
                      for row in challenges.order_by().values("organisation__country").annotate(n=Count("pk"))
                      .order_by("-n") if row["organisation__country"]]
    goals = dict(Goal.choices)
    goal_counts = [{"goal": row["goal"], "label": goals.get(row["goal"]), "n": row["n"]}
                   for row in ChallengeGoal.objects.filter(challenge__in=challenges.values("pk")).order_by()
                   .values("goal").annotate(n=Count("challenge", distinct=True)).order_by("goal")]
    challenge_rows = list(challenges.select_related("content", "organisation")
                          .prefetch_related(Prefetch("goal_rows", queryset=ChallengeGoal.objects.order_by("goal")))
                          .order_by("-closes_on", "-pk")[:PER_LIST])
    project_rows = list(projects.select_related("space", "team", "challenge__content", "challenge__organisation")
                        .order_by("-updated_at", "-pk")[:PER_LIST])
    by_stage = [{"key": stage, "label": Stage(stage).label, "n": stage_counts.get(stage, 0),
                 "projects": [p for p in project_rows if p.stage == stage]}
                for stage in [*STAGE_ORDER, Stage.TRANSFERRED, Stage.STOPPED]]
    return {
        "form": form, "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
        "challenges": challenge_rows, "challenge_count": challenges.count(),
        "project_count": sum(stage_counts.values()), "by_stage": by_stage,
        "organisation_counts": organisation_counts, "country_counts": country_counts, "goal_counts": goal_counts,
    }


# Open data ---------------------------------------------------------------------------------------

CHALLENGE_COLUMNS = ["type", "id", "url", "title", "organisation", "country", "sdgs", "opens_on", "closes_on",
                     "teams_wanted", "min_sectors", "stage", "team", "library_url"]


def rows():
    """What an anonymous visitor may read: published challenges, and the projects of listed spaces."""
    anonymous = AnonymousUser()
    challenges = (visible_challenges(anonymous).select_related("content", "organisation")
                  .prefetch_related("goal_rows").order_by("pk"))
    for challenge in challenges:
        yield {"type": "challenge", "id": challenge.pk, "url": reverse("lab:detail", args=[challenge.pk]),
               "title": challenge.content.title, "organisation": challenge.organisation.name,
               "country": challenge.organisation.country.code or "",
               "sdgs": [row.goal for row in challenge.goal_rows.all()],
               "opens_on": challenge.opens_on.isoformat(), "closes_on": challenge.closes_on.isoformat(),
               "teams_wanted": challenge.team_count, "min_sectors": challenge.min_sectors,
               "stage": "", "team": "", "library_url": ""}
    readable = Space.objects.readable_by(anonymous).of_kind(Space.Kind.LAB_PROJECT)
    projects = (Project.objects.filter(space__in=readable, challenge__in=challenges)
                .select_related("space", "team", "challenge__organisation", "resource__content").order_by("pk"))
    for project in projects:
        yield {"type": "project", "id": project.pk, "url": reverse("lab:project", args=[project.space.slug]),
               "title": project.space.name, "organisation": project.challenge.organisation.name,
               "country": project.challenge.organisation.country.code or "", "sdgs": [],
               "opens_on": "", "closes_on": "", "teams_wanted": "", "min_sectors": "",
               "stage": project.stage, "team": project.team.name,
               "library_url": project.resource.content.get_absolute_url() if project.resource_id else ""}


def export(request, fmt):
    data = list(rows())
    if fmt == "json":
        response = JsonResponse({"columns": CHALLENGE_COLUMNS, "rows": data}, json_dumps_params={"ensure_ascii": False})
    else:
        lines = [csvfiles.line(CHALLENGE_COLUMNS)]
        for row in data:
            lines.append(csvfiles.line([";".join(map(str, row[c])) if isinstance(row[c], list) else row[c]
                                        for c in CHALLENGE_COLUMNS]))
        response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="lab.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response



