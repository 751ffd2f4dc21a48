"""Build synthetic frameworks of a chosen size, for tests that grow the data."""

from frameworks.models import (
    Criterion,
    Framework,
    LevelDescriptor,
    RatingLevel,
    RatingScale,
    Theme,
    ThemeStatement,
)


def make_scale(slug="test-scale", levels=("Low", "Middle", "High")):
    scale = RatingScale.objects.create(slug=slug, name=f"Scale {slug}")
    for value, label in enumerate(levels, start=1):
        RatingLevel.objects.create(scale=scale, value=value, label=label, colour="#cccccc")
    return scale


def make_framework(slug="test", themes=2, criteria_per_theme=3, scale=None):
    scale = scale or make_scale(f"{slug}-scale")
    framework = Framework.objects.create(
        slug=slug,
        title=f"Framework {slug}",
        short_title=slug,
        publisher="Test publisher",
        year=2024,
        default_scale=scale,
    )
    levels = list(scale.levels.all())
    position = 0
    for number in range(1, themes + 1):
        theme = Theme.objects.create(framework=framework, number=number, title=f"Theme {number}")
        ThemeStatement.objects.create(theme=theme, position=1, text=f"Statement of {number}")
        for index in range(1, criteria_per_theme + 1):
            position += 1
            criterion = Criterion.objects.create(
                framework=framework,
                theme=theme,
                position=position,
                section="Section A" if index % 2 else "Section B",
                ref=f"{number}.{index}",
                text=f"Criterion text {number}.{index}",
            )
            for level in levels:
                LevelDescriptor.objects.create(
                    criterion=criterion, level=level, text=f"{level.label} looks like this"
                )
    return framework
