"""A recommendation from audit or inspection, with its actions."""

from django import forms
from django.forms import inlineformset_factory

from assessments.forms.common import (
    ActionForm,
    RowFormSet,
    VersionedModelForm,
    organisation_members,
)
from assessments.models import Action, Recommendation


class RecommendationForm(VersionedModelForm):
    class Meta:
        model = Recommendation
        fields = ["source", "ref", "text"]
        labels = {"text": "Improvement area", "ref": "Reference"}
        help_texts = {"ref": 'The paragraph or number the report gives, e.g. "4" or "112 – 116".'}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


RecommendationActionFormSet = inlineformset_factory(
    Recommendation, Action, form=ActionForm, formset=RowFormSet, extra=1, can_delete=True
)


class RecommendationEditor:
    """The recommendation form and its actions, validated and saved together."""

    def __init__(self, assessment, recommendation=None, data=None):
        self.assessment = assessment
        recommendation = recommendation or Recommendation(assessment=assessment)
        self.form = RecommendationForm(data, instance=recommendation)
        self.actions = RecommendationActionFormSet(
            data,
            instance=recommendation,
            prefix="actions",
            queryset=Action.objects.filter(recommendation=recommendation.pk).select_related("owner")
            if recommendation.pk
            else Action.objects.none(),
            form_kwargs={"owners": organisation_members(assessment.organisation)},
        )

    def is_valid(self):
        return all([self.form.is_valid(), self.actions.is_valid()])
