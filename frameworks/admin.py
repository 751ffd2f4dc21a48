from django.contrib import admin
from django.db.models import Count

from frameworks.models import (
    Criterion,
    Framework,
    LevelDescriptor,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeStatement,
)


class RatingLevelInline(admin.TabularInline):
    model = RatingLevel
    extra = 0


@admin.register(RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level_count", "source"]
    search_fields = ["name", "slug"]
    inlines = [RatingLevelInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(level_count=Count("levels"))

    @admin.display(description="Levels", ordering="level_count")
    def level_count(self, obj):
        return obj.level_count


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "publisher", "year", "default_scale", "criterion_count"]
    list_filter = ["publisher", "year"]
    search_fields = ["title", "short_title", "slug", "publisher"]
    list_select_related = ["default_scale"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(criterion_count=Count("criteria"))

    @admin.display(description="Criteria", ordering="criterion_count")
    def criterion_count(self, obj):
        return obj.criterion_count


class ThemeStatementInline(admin.TabularInline):
    model = ThemeStatement
    extra = 0


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "framework", "number", "cross_cutting"]
    list_filter = ["framework", "cross_cutting"]
    search_fields = ["title", "summary"]
    list_select_related = ["framework"]
    inlines = [ThemeStatementInline]


class LevelDescriptorInline(admin.TabularInline):
    model = LevelDescriptor
    extra = 0
    autocomplete_fields = ["level"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["ref", "short_text", "theme", "section", "assessable", "timescale"]
    list_filter = ["framework", "assessable", "theme__number", "section"]
    search_fields = ["ref", "text", "section"]
    list_select_related = ["theme__framework"]
    inlines = [LevelDescriptorInline]

    @admin.display(description="Text")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 90 else obj.text[:87] + "…"


@admin.register(RatingLevel)
class RatingLevelAdmin(admin.ModelAdmin):
    list_display = ["label", "scale", "value", "description", "colour"]
    list_filter = ["scale"]
    search_fields = ["label", "description"]
    list_select_related = ["scale"]
