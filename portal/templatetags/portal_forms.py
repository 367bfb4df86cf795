"""Template filters for GOV.UK forms: where an error summary's link lands."""

from django import forms, template

register = template.Library()

CHOICE_WIDGETS = (forms.RadioSelect, forms.CheckboxSelectMultiple)


def _input_id(bound_field) -> str:
    """The id of the element an error about this field should move focus to: the field itself, or
    for radios and checkboxes the first choice (GOV.UK error summary; crispy-forms-gds numbers the
    choices `id_<name>_1`, `_2`, …)."""
    if isinstance(bound_field.field.widget, CHOICE_WIDGETS):
        return f"id_{bound_field.html_name}_1"
    return bound_field.auto_id


@register.filter
def error_links(bound_field):
    """(target id, errors) pairs for a field: each part of a multi-part field (a date) by itself."""
    seen: list = []
    errors: dict[str, list] = {}
    if hasattr(bound_field.field, "fields"):
        for idx, subfield in enumerate(bound_field.field.fields):
            subfield_errors = getattr(subfield.widget, "errors", [])
            if subfield_errors:
                errors[f"{bound_field.auto_id}_{idx}"] = list(subfield_errors)
            seen.extend(subfield_errors)
    for error in bound_field.errors:
        if error not in seen:
            target = f"{bound_field.auto_id}_0" if hasattr(bound_field.field, "fields") else _input_id(bound_field)
            errors.setdefault(target, []).append(error)
    return errors.items()


@register.filter
def first_input_id(form) -> str:
    fields = form.visible_fields()
    if not fields:
        return ""
    first = fields[0]
    return f"{first.auto_id}_0" if hasattr(first.field, "fields") else _input_id(first)
