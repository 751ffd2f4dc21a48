"""Form pieces shared by the entry, recommendation, history and report pages."""

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import BaseInlineFormSet
from django.utils import timezone

from assessments.models import Action

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def own_query(form_class, query):
    """``query`` if it sets any of the form's fields, else None (the form stays unbound).

    Links arrive with parameters of their own (``?utm_source=mail``); a page
    ignores what it does not know and shows its default view.
    """
    return query if any(name in query for name in form_class.base_fields) else None


def not_in_the_future(date):
    if date and date > timezone.localdate():
        raise forms.ValidationError("Choose today or an earlier date.")


def display_name(user):
    return user.get_full_name() or user.get_username()


class RowLayout:
    """How a formset row lays its fields out: ``layout`` lists lines of field names.

    Rows are rendered by ``assessments/jinja2/assessments/_formset.html`` with plain Bootstrap
    markup: a page holds dozens of them, and a crispy layout per row was most
    of the entry page's time.
    """

    layout = []

    def lines(self):
        """Bound fields, line by line, then the remove box; hidden fields go apart."""
        lines = [[self[name] for name in line] for line in self.layout]
        if "DELETE" in self.fields:
            lines.append([self["DELETE"]])
        return lines


class VersionedModelForm(forms.ModelForm):
    """A model form that carries the version of the record it was opened on (versions.py)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A record not yet saved was opened on version 0: whoever creates it first wins.
        self.fields["version"].initial = self.instance.version if self.instance.pk else 0

    def has_changed(self):
        return any(name != "version" for name in self.changed_data)

    @property
    def opened_version(self):
        return self.cleaned_data["version"]


class ExistingRowField(forms.ModelChoiceField):
    """A row's id, found among the rows its formset read rather than by a query per row.

    Only an id that is not one of them (a row deleted meanwhile, or tampered with) is
    looked up in the database, as Django's own field does for every row.
    """

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            row = self.rows(self.queryset.model._meta.pk.to_python(value))
        except forms.ValidationError:
            row = None
        return super().to_python(value) if row is None else row


class RowFormSet(BaseInlineFormSet):
    """Inline rows whose delete box says plainly what it does."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if self.is_bound:
            pk = form.fields[self._pk_field.name]
            form.fields[self._pk_field.name] = ExistingRowField(
                self._existing_object,
                pk.queryset,
                initial=pk.initial,
                required=False,
                widget=pk.widget,
            )
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = "Remove"


def organisation_members(organisation):
    return list(
        get_user_model().objects.filter(memberships__organisation=organisation).order_by("username")
    )


class ActionForm(RowLayout, forms.ModelForm):
    """One improvement action: a due date, a timescale such as "Ongoing", or both."""

    layout = [
        ["description"],
        ["lead_officer", "owner", "status"],
        ["due_date", "timescale", "report_reference"],
    ]

    class Meta:
        model = Action
        fields = [
            "description",
            "lead_officer",
            "owner",
            "due_date",
            "timescale",
            "status",
            "report_reference",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE_WIDGET,
        }
        help_texts = {
            "lead_officer": 'As the plan names them, e.g. "D Robertson / J Craig".',
            "report_reference": 'For example "112 – 116".',
        }

    # Plain choices, the organisation's members read once per page (see __init__): a
    # queryset would be re-run for every row.
    owner = forms.TypedChoiceField(
        label="Owner",
        required=False,
        empty_value=None,
        help_text="Optional: the colleague in this system who keeps the action up to date.",
    )

    def __init__(self, *args, organisation=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if owners is None:
            owners = organisation_members(organisation)
        self.owners = {str(user.pk): user for user in owners}
        owner = self.fields["owner"]
        owner.choices = [("", "—")] + [(pk, display_name(user)) for pk, user in self.owners.items()]
        owner.coerce = self.owners.get
        if self.instance.owner_id:
            self.initial["owner"] = str(self.instance.owner_id)

    def clean(self):
        cleaned = super().clean()
        has_when = cleaned.get("due_date") or (cleaned.get("timescale") or "").strip()
        if not has_when and "due_date" not in self.errors:
            self.add_error(
                "due_date", 'Give a due date, or a timescale such as "Ongoing" or "TBC".'
            )
        return cleaned
