"""Every form in the project, given hostile values (text, huge numbers, impossible dates, choices
that do not exist, odd files), answers with validation errors and never an exception.

The forms are found, not listed: every `forms` module (or `*_forms` module, or module in a `forms`
package) of every project app is walked for Form subclasses, so a form added or moved is fuzzed too.
A form whose constructor needs an argument this test cannot provide fails loudly: add a provider.
"""

import importlib
import inspect
import os
import pkgutil
import typing
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils.datastructures import MultiValueDict
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

EXAMPLES = int(os.environ.get("PORTAL_FUZZ_EXAMPLES", "30"))


def _project_apps():
    root = Path(settings.BASE_DIR).resolve()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if root in path.parents and ".venv" not in path.parts:
            yield config


def _form_modules():
    for config in _project_apps():
        for module in pkgutil.walk_packages([config.path], f"{config.name}."):
            parts = module.name.split(".")
            if any(part == "forms" or part.endswith("_forms") for part in parts[1:]):
                yield importlib.import_module(module.name)


def discover_form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for module in _form_modules():
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
                and value.base_fields
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


FORM_CLASSES = discover_form_classes()


def test_the_forms_are_found():
    names = {f"{cls.__module__}.{cls.__qualname__}" for cls in FORM_CLASSES}
    assert "portal.forms.ChildForm" in names
    assert "portal.forms.AllocationForm" in names
    assert len(names) >= 40


# --- What a form's constructor needs ---------------------------------------------------------------


def _by_name(world) -> dict[str, object]:
    from portal.models import Child, Organisation, Relationship, Team, User
    from referrals.models import MastAlert

    local_authorities = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    return {
        "teams": Team.objects.all(),
        "workers": User.objects.all(),
        "children": Child.objects.all(),
        "child": Child.objects.order_by("pk").first(),
        "authorities": local_authorities,
        "parents": list(Relationship.objects.order_by("pk")[:4]),
        "relationships": list(Relationship.objects.order_by("pk")[:4]),
        "kinds": list(MastAlert.Kind.values),
        "question": "purpose",
        "sending_authority_id": local_authorities.order_by("pk").first().pk,
        "can_accept": True,
        "label": "Reason",
        "message": "Enter the reason",
        "submit_label": "Save",
        "user": world["user"],
        # The retention review's rows on the page (issue 17).
        "item_ids": [1, 2, 3],
    }


def _required_keywords(form_class):
    """The arguments without a default of the form's constructor and of the constructors it hands
    **kwargs on to (Django's password forms take the user first), other than the data itself."""
    for cls in form_class.__mro__:
        init = cls.__dict__.get("__init__")
        if init is None or not issubclass(cls, forms.BaseForm):
            continue
        hints = typing.get_type_hints(init)
        for name, parameter in inspect.signature(init).parameters.items():
            named = parameter.kind in (parameter.KEYWORD_ONLY, parameter.POSITIONAL_OR_KEYWORD)
            if named and parameter.default is parameter.empty and name not in ("self", "data", "files"):
                yield name, hints.get(name)


def constructor_arguments(form_class, world) -> dict[str, object]:
    provided = _by_name(world)
    arguments = {}
    for name, hint in _required_keywords(form_class):
        if name in arguments:
            continue
        if name in provided:
            arguments[name] = provided[name]
            continue
        if inspect.isclass(hint) and issubclass(hint, models.Model):
            instance = hint._default_manager.order_by("pk").first()
            assert instance is not None, f"the demo data has no {hint.__name__} for {form_class.__name__}"
            arguments[name] = instance
            continue
        pytest.fail(f"{form_class.__qualname__}({name}=...): add a provider for it in this test")
    return arguments


# --- Hostile values --------------------------------------------------------------------------------

HOSTILE_WORDS = [
    "",
    " ",
    "0",
    "-1",
    "00",
    "31",
    "30",
    "29",
    "2",
    "13",
    "1899",
    "2026",
    "9" * 30,
    "9" * 400,
    "-" + "9" * 40,
    "1e9",
    "1.5",
    "nan",
    "None",
    "null",
    "²",
    "١٢",
    "Ⅻ",
    "\x00",
    "<script>alert(1)</script>",
    "=HYPERLINK(1)",
    "yes",
    "no",
    "on",
    "true",
    "x" * 5000,
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_WORDS),
    st.text(max_size=40),
    st.integers(min_value=-(10**400), max_value=10**400).map(str),
    st.integers(min_value=-3, max_value=40).map(str),
    st.integers(min_value=-1, max_value=10_001).map(str),
)

hostile_file = st.builds(
    lambda name, content: SimpleUploadedFile(name, content),
    name=st.sampled_from(["plan.pdf", "minutes.docx", "x.exe", "no-extension", "../../etc/passwd.pdf", "a" * 300]),
    content=st.one_of(
        st.binary(max_size=200),
        st.sampled_from([b"%PDF-1.7\n<html><script>alert(1)</script>", b"PK\x03\x04broken zip", b""]),
    ),
)


def _choices(field: forms.Field) -> list[str]:
    choices = getattr(field, "choices", None)
    if choices is None:
        return []
    values = []
    for value, _label in list(choices)[:12]:
        value = getattr(value, "value", value)  # ModelChoiceIteratorValue
        values.append("" if value is None else str(value))
    return values


def _value_strategy(field: forms.Field):
    """A list of strings for one key: hostile text, or one of the field's own choices (so a form
    gets past its first question and deeper checks are reached)."""
    single = st.one_of(hostile_text, st.sampled_from(_choices(field))) if _choices(field) else hostile_text
    if isinstance(field.widget, forms.SelectMultiple):  # includes CheckboxSelectMultiple
        return st.lists(single, max_size=4)
    return single.map(lambda value: [value])


@st.composite
def hostile_submission(draw, form):
    data, files = MultiValueDict(), MultiValueDict()
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        if draw(st.integers(0, 9)) == 0:
            continue  # sometimes leave the field out altogether
        if isinstance(field, forms.FileField):
            files.setlist(key, [draw(hostile_file)])
        elif isinstance(field.widget, forms.MultiWidget):
            for suffix in field.widget.widgets_names:
                data.setlist(f"{key}{suffix}", draw(_value_strategy(field)))
        else:
            data.setlist(key, draw(_value_strategy(field)))
    return data, files


# --- The test --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo data, made once for every form and rolled back at the end."""
    from portal.demo import seed_demo
    from portal.models import User

    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield {"user": User.objects.get(username="north.cinmanager")}
        transaction.set_rollback(True)


# Marked for the database so it runs with the other database tests, before the browser and worker
# tests that flush the database (and the role groups seed_demo needs) when they finish.
@pytest.mark.django_db
@pytest.mark.parametrize("form_class", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__qualname__}")
def test_no_input_makes_a_form_raise(world, form_class, request):
    arguments = constructor_arguments(form_class, world)
    blank = form_class(**arguments)

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(submission=hostile_submission(blank))
    def check(submission):
        data, files = submission
        # A savepoint per example: a database error (an out-of-range number, say) must show as
        # this example's failure, not poison the examples after it.
        with transaction.atomic():
            form = form_class(data=data, files=files, **arguments)
            form.is_valid()
            assert isinstance(form.errors, dict)
            render_to_string("includes/form.html", {"form": form})
            transaction.set_rollback(True)

    check()
