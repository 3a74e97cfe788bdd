from django.contrib import admin

from xarxa.congress import services
from xarxa.congress.forms import EditionAdminForm
from xarxa.congress.models import (
    CommitteeMember,
    Edition,
    PhaseChange,
    Question,
    Room,
    SessionFormat,
    TicketType,
    Track,
    Venue,
)


class VenueInline(admin.StackedInline):
    model = Venue
    extra = 0
    show_change_link = True  # rooms are set on the venue's own page


class TrackInline(admin.TabularInline):
    model = Track
    extra = 0


class SessionFormatInline(admin.TabularInline):
    model = SessionFormat
    extra = 0


class TicketTypeInline(admin.TabularInline):
    model = TicketType
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


class CommitteeMemberInline(admin.TabularInline):
    model = CommitteeMember
    extra = 0
    raw_id_fields = ["user"]


class PhaseChangeInline(admin.TabularInline):
    model = PhaseChange
    extra = 0
    can_delete = False
    readonly_fields = ["previous", "phase", "recorded_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    form = EditionAdminForm
    list_display = ["__str__", "starts_on", "ends_on", "recorded_phase"]
    list_select_related = ["space"]
    search_fields = ["space__name"]
    fieldsets = [
        (None, {"fields": ["name", "visibility", "description", "starts_on", "ends_on", "time_zone", "languages"]}),
        ("Phases", {"fields": ["call_opens_at", "vote_opens_at", "review_opens_at", "programme_at",
                               "only_verified_vote", "call_text"]}),
    ]
    inlines = [TrackInline, SessionFormatInline, VenueInline, TicketTypeInline, QuestionInline, CommitteeMemberInline,
               PhaseChangeInline]

    def save_model(self, request, obj, form, change):
        space_fields = form.space_fields()
        if change:
            space = obj.space
            for field, value in space_fields.items():
                setattr(space, field, value)
            space.save()
            obj.save()
            services.schedule_phase_changes(obj)
        else:
            edition = services.create_edition(request.user, **space_fields, **form.edition_fields())
            obj.pk = edition.pk
            obj.space = edition.space
            obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # The committee reads inside the edition even when it is private or secret.
        for member in CommitteeMember.objects.filter(edition=form.instance):
            services.ensure_space_member(form.instance, member.user)


class RoomInline(admin.StackedInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "edition"]
    list_select_related = ["edition__space"]
    inlines = [RoomInline]
