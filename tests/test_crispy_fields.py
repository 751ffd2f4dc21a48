"""``crispy_field`` writes the markup of crispy-forms' ``as_crispy_field``."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.template import engines

from assessments.forms.actions import ActionFilterForm
from assessments.forms.entries import EntryForm
from assessments.forms.reports import ReportOptionsForm
from bestvalue.crispy_fields import crispy_field, crispy_form
from frameworks.models import Theme

AWKWARD = 'Tom & Jerry\'s "plan" <script>alert(1)</script>'


class EveryField(forms.Form):
    text = forms.CharField(max_length=20, help_text="Help & <em>more</em>")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=AWKWARD)
    optional = forms.CharField(required=False, label="")
    number = forms.IntegerField(required=False, min_value=1)
    day = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    done = forms.BooleanField(required=False, help_text="Tick when done.")
    agreed = forms.BooleanField(label="I agree")
    styled = forms.CharField(required=False, widget=forms.TextInput(attrs={"class": "wide"}))
    choice = forms.ChoiceField(choices=[("", "Any"), ("a&b", AWKWARD)], required=False)
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], required=False)
    maybe = forms.NullBooleanField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    pick = forms.ChoiceField(choices=[("x", "X")], widget=forms.RadioSelect, required=False)
    ticks = forms.MultipleChoiceField(
        choices=[("x", AWKWARD), ("y", "Y"), (3, "Three")],
        widget=forms.CheckboxSelectMultiple,
        help_text="Tick any & all.",
    )
    grouped = forms.MultipleChoiceField(
        choices=[("Group & one", [("a", "A"), ("b", "B")]), ("c", "C")],
        widget=forms.CheckboxSelectMultiple(attrs={"class": "wide", "data-x": AWKWARD}),
        required=False,
    )
    upload = forms.FileField(required=False)

    def clean(self):
        self.add_error("optional", "A second error & <more>.")
        self.add_error("optional", "Another.")
        return super().clean()


BOUND = {
    "text": AWKWARD,
    "note": "",
    "number": "0",
    "day": "31/02/2024",
    "choice": "nonsense",
    "several": ["x", "z"],
    "maybe": "true",
    "styled": "x",
    "pick": "x",
    "ticks": ["x", "nope"],
    "grouped": ["b", "c"],
}


def same_markup(html):
    """Django escapes a quote as &#x27; and &quot;, Jinja2 as &#39; and &#34;."""
    return str(html).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")


def assert_same(make_form):
    """Every field of two equal forms: one through crispy-forms, one through crispy_field."""
    by_crispy, by_port = make_form(), make_form()
    for name in by_crispy.fields:
        expected = as_crispy_field(by_crispy[name])
        assert same_markup(crispy_field(by_port[name])) == same_markup(expected), name


@pytest.mark.parametrize(
    "make_form",
    [
        lambda: EveryField(),
        lambda: EveryField(initial={"text": AWKWARD, "day": datetime.date(2024, 3, 31)}),
        lambda: EveryField(BOUND),
        lambda: EveryField({**BOUND, "done": "on", "agreed": "on", "note": AWKWARD}),
        lambda: EveryField({**BOUND, "ticks": ["y", "3"], "pick": "nope"}),
    ],
)
def test_every_field_is_laid_out_as_crispy_forms_lays_it_out(make_form):
    assert_same(make_form)


class Radios(forms.Form):
    level = forms.ChoiceField(
        choices=[("", "Not rated"), ("1", AWKWARD), ("2", "Good")],
        widget=forms.RadioSelect,
        required=False,
        help_text="Pick one & <b>only</b> one.",
    )
    grouped = forms.ChoiceField(
        choices=[("Group & one", [("a", "A"), ("b", "B")]), ("Two", [("c", "C")])],
        widget=forms.RadioSelect,
    )

    def clean(self):
        self.add_error(None, "A form error & <more>.")
        return super().clean()


@pytest.mark.parametrize(
    "make_form",
    [
        lambda: Radios(),
        lambda: Radios(initial={"level": "2", "grouped": "c"}),
        lambda: Radios({"level": "1", "grouped": "b"}),
        lambda: Radios({"level": "9", "grouped": "z"}),
    ],
)
def test_radio_buttons_are_laid_out_as_crispy_forms_lays_them_out(make_form):
    assert_same(make_form)


@pytest.mark.parametrize(
    "make_form",
    [
        lambda: EveryField(),
        lambda: EveryField(BOUND),
        lambda: EveryField({**BOUND, "done": "on", "agreed": "on", "note": AWKWARD}),
        lambda: Radios(),
        lambda: Radios({"level": "9"}),
    ],
)
def test_a_whole_form_is_laid_out_as_the_crispy_filter_lays_it_out(make_form):
    assert same_markup(crispy_form(make_form())) == same_markup(as_crispy_form(make_form()))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [None, {"progress": "done", "rating": "999", "summary": AWKWARD}, {"progress": "complete"}],
)
def test_the_entry_form_is_laid_out_as_the_crispy_filter_lays_it_out(data, assessment):
    entry = assessment.entries.select_related("assessment__scale").first()
    expected = as_crispy_form(EntryForm(data, instance=entry))
    assert same_markup(crispy_form(EntryForm(data, instance=entry))) == same_markup(expected)


def test_a_field_rendered_twice_keeps_crispy_forms_classes_once():
    by_crispy, by_port = EveryField(BOUND), EveryField(BOUND)
    for _ in range(2):
        for name in ("styled", "choice", "done"):
            expected = as_crispy_field(by_crispy[name])
            assert same_markup(crispy_field(by_port[name])) == same_markup(expected)


def test_a_form_with_a_crispy_helper_is_left_to_crispy_forms():
    def make_form():
        form = EveryField(BOUND)
        form.helper = FormHelper()
        form.helper.form_show_labels = False
        return form

    assert 'for="id_text"' not in crispy_field(make_form()["text"])
    assert_same(make_form)


@pytest.mark.parametrize(
    "query",
    [
        "",
        "sections=cover&sections=trend",
        "as_of=2024-03-31&sections=themes",
        "sections=nope&as_of=x",
        "as_of=2999-01-01",
    ],
)
def test_the_report_options_are_laid_out_as_crispy_forms_lays_them_out(query):
    assert_same(lambda: ReportOptionsForm.from_query(query))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"status": "open", "lead": AWKWARD, "overdue": "on", "sort": "ref"},
        {"due_from": "2024-05-01", "due_to": "2024-01-01", "theme": "999"},
        {"due_from": "x", "assessment": "1", "status": "in_progress"},
    ],
)
def test_the_action_trackers_filters_are_laid_out_as_crispy_forms_lays_them_out(query, assessment):
    themes = Theme.objects.select_related("framework")
    assert_same(lambda: ActionFilterForm(query or None, assessments=[assessment], themes=themes))


@pytest.mark.django_db
def test_the_tracker_page_template_prints_the_same_filters(assessment):
    themes = Theme.objects.select_related("framework")

    def page(filter_name):
        form = ActionFilterForm(
            {"due_from": "x", "lead": AWKWARD}, assessments=[assessment], themes=themes
        )
        template = engines["django"].from_string(
            "{% load crispy_forms_tags form_fields %}"
            f"{{% for field in form %}}<div>{{{{ field|{filter_name} }}}}</div>{{% endfor %}}"
        )
        return template.render({"form": form})

    assert same_markup(page("crispy_field")) == same_markup(page("as_crispy_field"))
