from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from assessments.models import (
    Action,
    Assessment,
    Entry,
    Evidence,
    Membership,
    Organisation,
    ProgressNote,
    Recommendation,
)


class VersionedAdmin(SimpleHistoryAdmin):
    """A change here moves the record to its next version, so forms open in the app see it."""

    def save_model(self, request, obj, form, change):
        if change:
            obj.version += 1
        super().save_model(request, obj, form, change)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "organisation__name"]
    list_select_related = ["user", "organisation"]
    autocomplete_fields = ["user"]


@admin.register(Assessment)
class AssessmentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "organisation", "framework", "status", "meeting_date"]
    list_filter = ["status", "framework", "organisation"]
    search_fields = ["title", "period", "organisation__name"]
    list_select_related = ["organisation", "framework"]
    # The workflow (submit, approve with its stored paper, reopen with a reason) happens
    # in the app, under its locks and checks; the admin only shows where it stands.
    readonly_fields = [
        "status",
        "submitted_at",
        "submitted_by",
        "approved_at",
        "approved_by",
        "meeting_date",
        "committee_name",
        "minute_reference",
        "reopen_reason",
        "created_at",
        "created_by",
    ]


@admin.register(Entry)
class EntryAdmin(VersionedAdmin):
    list_display = ["criterion", "assessment", "progress", "rating", "version"]
    list_filter = ["progress", "assessment__organisation"]
    search_fields = ["criterion__ref", "summary"]
    list_select_related = ["criterion", "assessment", "rating"]
    raw_id_fields = ["assessment", "criterion", "updated_by"]


@admin.register(Evidence)
class EvidenceAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "entry", "refers_to"]
    search_fields = ["text"]
    raw_id_fields = ["entry"]


@admin.register(Recommendation)
class RecommendationAdmin(VersionedAdmin):
    list_display = ["source", "ref", "assessment"]
    list_filter = ["source"]
    search_fields = ["source", "ref", "text"]
    raw_id_fields = ["assessment"]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    raw_id_fields = ["author"]
    readonly_fields = ["created_at"]


@admin.register(Action)
class ActionAdmin(VersionedAdmin):
    list_display = ["__str__", "lead_officer", "due_date", "timescale", "status", "assessment"]
    list_filter = ["status", "assessment__organisation"]
    search_fields = ["description", "lead_officer", "report_reference"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment", "entry", "recommendation", "owner"]
    inlines = [ProgressNoteInline]
