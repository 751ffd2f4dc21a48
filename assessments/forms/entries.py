"""The entry page's forms: the entry itself, its evidence items and its actions."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import inlineformset_factory

from assessments import limits
from assessments.forms.common import (
    DATE_WIDGET,
    ActionForm,
    RowFormSet,
    RowLayout,
    VersionedModelForm,
    organisation_members,
)
from assessments.models import Action, Entry, Evidence


class ListedChoiceIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.field.listed:
            yield self.choice(obj)

    def __len__(self):
        return len(self.field.listed) + (self.field.empty_label is not None)


class ListedChoiceField(forms.ModelChoiceField):
    """A choice of records already read (``listed``): no query to print or check the choice."""

    iterator = ListedChoiceIterator

    def __init__(self, listed, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.listed = listed

    def to_python(self, value):
        if value in self.empty_values:
            return None
        self.validate_no_null_characters(value)
        model = self.queryset.model
        try:
            pk = model._meta.pk.to_python(value.pk if isinstance(value, model) else value)
        except ValidationError:
            pk = None
        chosen = next((obj for obj in self.listed if obj.pk == pk), None)
        if chosen is None:
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return chosen


class EntryForm(VersionedModelForm):
    class Meta:
        model = Entry
        fields = ["progress", "rating", "summary"]
        widgets = {
            "rating": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"summary": "A short overall judgement, a sentence or two."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.levels = self.instance.assessment.levels()
        rating = self.fields["rating"]
        if self.levels:
            # The scale's levels, read once: listed and checked without a query of their own.
            rating = self.fields["rating"] = ListedChoiceField(
                self.levels,
                queryset=rating.queryset.filter(pk__in=[level.pk for level in self.levels]),
                required=rating.required,
                widget=rating.widget,
                label=rating.label,
                help_text=rating.help_text,
            )
            rating.empty_label = "Not rated"
        else:
            del self.fields["rating"]

    def _get_validation_exclusions(self):
        # A rating is one of the scale's levels just read (ListedChoiceField), so the model's
        # validation need not look it up again, nor check its scale.
        exclude = super()._get_validation_exclusions()
        if "rating" in self.fields:
            exclude.add("rating")
        return exclude


class EvidenceForm(RowLayout, forms.ModelForm):
    layout = [["text"], ["link", "refers_to"]]

    class Meta:
        model = Evidence
        fields = ["text", "link", "refers_to"]
        labels = {"text": "Evidence", "refers_to": "Date it refers to"}
        widgets = {"text": forms.Textarea(attrs={"rows": 3}), "refers_to": DATE_WIDGET}


class LimitedRows(RowFormSet):
    """Rows of an entry, at most ``row_limit`` of them kept (assessments.limits)."""

    row_limit = None
    row_noun = "rows"

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if not self._should_delete_form(form) and (form.instance.pk or form.has_changed())
        ]
        if len(kept) > self.row_limit:
            raise forms.ValidationError(
                limits.rows_too_many_message(len(kept), self.row_limit, self.row_noun)
            )


class EvidenceRows(LimitedRows):
    row_limit = limits.MAX_EVIDENCE_PER_ENTRY
    row_noun = "evidence items"


class ActionRows(LimitedRows):
    row_limit = limits.MAX_ACTIONS_PER_ENTRY
    row_noun = "actions"


EvidenceFormSet = inlineformset_factory(
    Entry, Evidence, form=EvidenceForm, formset=EvidenceRows, extra=1, can_delete=True
)
ActionFormSet = inlineformset_factory(
    Entry, Action, form=ActionForm, formset=ActionRows, extra=1, can_delete=True
)


class EntryEditor:
    """The entry form and its two formsets, validated and saved as one."""

    def __init__(self, entry, data=None):
        organisation = entry.assessment.organisation
        self.entry = entry
        self.form = EntryForm(data, instance=entry)
        # An inline formset reads its instance's rows itself: these only order them.
        self.evidence = EvidenceFormSet(
            data,
            instance=entry,
            prefix="evidence",
            queryset=Evidence.objects.order_by("position", "pk"),
        )
        self.actions = ActionFormSet(
            data,
            instance=entry,
            prefix="actions",
            queryset=Action.objects.select_related("owner"),
            form_kwargs={"owners": organisation_members(organisation)},
        )

    def is_valid(self):
        results = [self.form.is_valid(), self.evidence.is_valid(), self.actions.is_valid()]
        return all(results)

    def has_changed(self):
        return self.form.has_changed() or self.evidence.has_changed() or self.actions.has_changed()

    @property
    def submitted_version(self):
        return self.form.opened_version

    def error_count(self):
        return (
            len(self.form.errors)
            + sum(len(errors) for errors in self.evidence.errors)
            + len(self.evidence.non_form_errors())
            + sum(len(errors) for errors in self.actions.errors)
            + len(self.actions.non_form_errors())
        )
