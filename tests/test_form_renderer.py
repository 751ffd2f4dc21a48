"""The project's form renderer writes the markup Django's widget templates give."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.functional import cached_property

from bestvalue.widgets import DJANGO_TEMPLATES, FormRenderer

AWKWARD = 'Tom & Jerry\'s "plan" <script>alert(1)</script>\n  second line  '
CHOICES = [
    ("", "Any"),
    ("a&b", AWKWARD),
    ("Group <1>", [("x", 'Ex "quoted"'), ("y", "Why's")]),
    (3, 3000),
    ("d", datetime.date(2024, 3, 31)),
]


class EveryWidget(forms.Form):
    text = forms.CharField(max_length=20, help_text="Help & <more>")
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3, "data-x": AWKWARD}))
    email = forms.EmailField(required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    number = forms.IntegerField(required=False, min_value=1)
    amount = forms.DecimalField(required=False, localize=True)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    moment = forms.DateTimeField(required=False)
    hour = forms.TimeField(required=False)
    search = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))
    done = forms.BooleanField(required=False)
    agreed = forms.BooleanField(required=True)
    choice = forms.ChoiceField(choices=CHOICES, required=False)
    several = forms.MultipleChoiceField(choices=CHOICES, required=False)
    maybe = forms.NullBooleanField(required=False)
    disabled = forms.CharField(required=False, disabled=True, initial=AWKWARD)


AWKWARD_DATA = {
    "text": AWKWARD,
    "note": AWKWARD,
    "email": "not an email & <b>",
    "link": 'javascript:"x"',
    "number": "0",
    "amount": "1234.5",
    "password": AWKWARD,
    "hidden": AWKWARD,
    "day": "31/02/2024",
    "moment": "2024-03-31 10:15",
    "hour": "25:00",
    "search": AWKWARD,
    "done": "on",
    "choice": "a&b",
    "several": ["x", "3"],
    "maybe": "true",
}


def forms_to_render():
    yield EveryWidget()
    yield EveryWidget(initial={"text": AWKWARD, "day": datetime.date(2024, 3, 31), "done": True})
    bound = EveryWidget(AWKWARD_DATA)
    assert not bound.is_valid()
    yield bound
    yield EveryWidget({**AWKWARD_DATA, "choice": "nonsense", "several": ["d"], "agreed": "on"})


def django_renders(field, attrs=None):
    """The field as Django's own template renderer writes it."""
    form = field.form
    own = form.renderer
    form.renderer = DjangoTemplates()
    try:
        return field.as_widget(attrs=attrs)
    finally:
        form.renderer = own


@pytest.mark.parametrize("attrs", [None, {"class": "form-control is-invalid", "data-n": '1"'}])
def test_every_standard_widget_renders_as_django_renders_it(attrs):
    for form in forms_to_render():
        form.renderer = FormRenderer()
        for field in form:
            assert field.as_widget(attrs=attrs) == django_renders(field, attrs), field.name


def test_the_fields_with_errors_are_marked_as_django_marks_them():
    form = EveryWidget(AWKWARD_DATA, renderer=FormRenderer())
    assert form.errors
    assert 'aria-invalid="true"' in str(form["email"])
    for field in form:
        assert str(field) == django_renders(field)
    assert str(form) == _with_renderer(form, DjangoTemplates())


def _with_renderer(form, renderer):
    own = form.renderer
    form.renderer = renderer
    try:
        return str(form)
    finally:
        form.renderer = own


def test_the_standard_widgets_do_not_go_through_templates(monkeypatch):
    renderer = FormRenderer()
    form = EveryWidget(AWKWARD_DATA, renderer=renderer)
    monkeypatch.setattr(
        DjangoTemplates, "render", lambda *args, **kwargs: pytest.fail("rendered a template")
    )
    for field in form:
        field.as_widget()


def test_a_widget_with_a_template_of_its_own_is_left_to_django():
    class Radios(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect)
        boxes = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
        upload = forms.FileField(required=False)
        when = forms.SplitDateTimeField(required=False)

    form = Radios({"pick": "a&b", "boxes": ["x"]}, renderer=FormRenderer())
    for field in form:
        assert str(field) == django_renders(field)


def test_an_option_with_a_template_of_its_own_is_left_to_django():
    class OwnOptions(forms.Select):
        option_template_name = "django/forms/widgets/radio_option.html"

    class Form(forms.Form):
        pick = forms.ChoiceField(choices=CHOICES, widget=OwnOptions)

    field = Form({"pick": "x"}, renderer=FormRenderer())["pick"]
    assert "<option" not in str(field)
    assert str(field) == django_renders(field)


def test_a_template_that_overrides_a_standard_widget_is_honoured(tmp_path):
    select = tmp_path / "django" / "forms" / "widgets" / "select.html"
    select.parent.mkdir(parents=True)
    select.write_text('<span class="own-select">{{ widget.name }}</span>')

    class Overriding(FormRenderer):
        @cached_property
        def engine(self):
            return self.backend(
                {"APP_DIRS": True, "DIRS": [tmp_path, DJANGO_TEMPLATES], "NAME": "t", "OPTIONS": {}}
            )

    form = EveryWidget(AWKWARD_DATA, renderer=Overriding())
    assert str(form["choice"]) == '<span class="own-select">choice</span>'
    assert str(form["text"]) == django_renders(form["text"])
