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


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
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
    readonly_fields = ["created_at"]
    raw_id_fields = ["submitted_by", "approved_by", "created_by"]


@admin.register(Entry)
class EntryAdmin(SimpleHistoryAdmin):
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
class RecommendationAdmin(SimpleHistoryAdmin):
    list_display = ["source", "ref", "assessment"]
    list_filter = ["source"]
    search_fields = ["source", "ref", "text"]
    raw_id_fields = ["assessment"]


class ProgressNoteInline(admin.TabularInline):
    model = ProgressNote
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Action)
class ActionAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "lead_officer", "due_date", "timescale", "status", "assessment"]
    list_filter = ["status", "assessment__organisation"]
    search_fields = ["description", "lead_officer", "report_reference"]
    list_select_related = ["assessment"]
    raw_id_fields = ["assessment", "entry", "recommendation", "owner"]
    inlines = [ProgressNoteInline]
