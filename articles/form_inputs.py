"""The change form's data as the browser posts it, for the three-way merge (articles/merge.py):
each field's inputs (`rendered` turns a value into the inputs its widget would post, so a value
compares equal to itself whatever the widget and the line ends), a formset's forms read from a
POST and written back, renumbered, and QueryDict helpers. Pure over inputs and QueryDicts."""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import ValidationError
from django.forms.widgets import ChoiceWidget
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format

# What one field (or one row of a formset) posts: input name -> values.
Inputs = dict[str, list[str]]


# --- The inputs of a field ------------------------------------------------------------------


def _unwrapped(widget: forms.Widget) -> forms.Widget:
    while isinstance(widget, RelatedFieldWidgetWrapper):
        widget = widget.widget
    return widget


def input_names(form_field: forms.Field, name: str) -> tuple[str, ...]:
    """The names of the inputs a field renders (a split date and time has two)."""
    return _names(_unwrapped(form_field.widget), name)


def _names(widget: forms.Widget, name: str) -> tuple[str, ...]:
    if isinstance(widget, forms.MultiWidget):
        return tuple(
            input_name
            for suffix, part in zip(widget.widgets_names, widget.widgets, strict=False)
            for input_name in _names(_unwrapped(part), name + suffix)
        )
    return (name,)


def rendered(form_field: forms.Field, name: str, value) -> Inputs:
    """What a browser posts for a field shown with a stored `value`, untouched."""
    return _rendered(_unwrapped(form_field.widget), name, form_field.prepare_value(value))


def _rendered(widget: forms.Widget, name: str, value) -> Inputs:
    if isinstance(widget, forms.MultiWidget):
        if not isinstance(value, list | tuple):
            value = widget.decompress(value)
        inputs: Inputs = {}
        for suffix, part, part_value in zip(
            widget.widgets_names, widget.widgets, value, strict=False
        ):
            inputs |= _rendered(_unwrapped(part), name + suffix, part_value)
        return inputs
    if isinstance(widget, forms.CheckboxInput):
        return {name: ["on"] if widget.check_test(value) else []}
    if isinstance(widget, ChoiceWidget):
        values = widget.format_value(value)
        return {name: values if widget.allow_multiple_selected else values[:1]}
    formatted = widget.format_value(value)
    return {name: ["" if formatted is None else str(formatted)]}


def posted(data, names) -> Inputs:
    return {name: list(data.getlist(name)) for name in names}


def pick(inputs: Inputs, names) -> Inputs:
    return {name: list(inputs.get(name, [])) for name in names}


def canonical(values: list[str]) -> tuple[str, ...]:
    # A browser posts CRLF line ends; nothing and one empty value are both "empty".
    normal = tuple(str(value).replace("\r\n", "\n") for value in values)
    return () if normal in {(), ("",)} else normal


def same(a: Inputs, b: Inputs) -> bool:
    """Whether two sets of inputs post the same values."""
    return all(canonical(a.get(name, [])) == canonical(b.get(name, [])) for name in set(a) | set(b))


def readable(form_field: forms.Field, name: str, inputs: Inputs) -> str:
    """A value for an editor to read: a choice's label, a contributor's name, a date."""
    widget = _unwrapped(form_field.widget)
    raw = " ".join(value for values in inputs.values() for value in values)
    try:
        value = form_field.clean(widget.value_from_datadict(MultiValueDict(inputs), {}, name))
    except (ValidationError, ValueError, TypeError, OverflowError):
        return raw  # what was typed, tampered or not
    if value is None or value == "":
        return ""
    if isinstance(form_field, forms.ChoiceField) and not isinstance(
        form_field, forms.ModelChoiceField
    ):
        return str(_choice_labels(form_field.choices).get(str(value), value))
    if isinstance(value, datetime):
        aware = timezone.localtime(value) if timezone.is_aware(value) else value
        return date_format(aware, "DATETIME_FORMAT")
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _choice_labels(choices) -> dict[str, str]:
    labels = {}
    for value, label in choices:
        if isinstance(label, list | tuple):
            labels |= _choice_labels(label)
        else:
            labels[str(value)] = str(label)
    return labels


# --- Formsets in a POST ---------------------------------------------------------------------


@dataclass(eq=False)
class Posted:
    """One form of an inline formset in a POST: its inputs, named relative to the form ("id",
    "role", "DELETE"), and whether it is an initial form (a stored row) or an extra one; `hidden`
    holds the hidden initial values Django posts beside a field with a callable default
    ("initial-corrections-0-published_at_0"), which go with the form when it is renumbered."""

    inputs: Inputs
    initial: bool
    hidden: Inputs = field(default_factory=dict)

    def value(self, name: str) -> str:
        values = self.inputs.get(name) or [""]
        return values[-1]

    @property
    def deleted(self) -> bool:
        return forms.CheckboxInput().value_from_datadict(
            {"DELETE": self.value("DELETE")}, {}, "DELETE"
        )


def count(data, name: str) -> int | None:
    value = data.get(name)
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def read_formset(data, prefix: str, most: int = 1000) -> list[Posted] | None:
    """The forms of one formset in a POST, in order; None when its management data is missing or
    tampered with (the formset itself then refuses it)."""
    total = count(data, f"{prefix}-TOTAL_FORMS")
    initial = count(data, f"{prefix}-INITIAL_FORMS")
    if total is None or initial is None or initial > total or total > most:
        return None
    by_index: dict[int, Inputs] = {}
    hidden: dict[int, Inputs] = {}
    for key in data:
        index, name = _row_key(key, prefix)
        if index is not None and index < total:
            by_index.setdefault(index, {})[name] = list(data.getlist(key))
        index, name = _row_key(key, HIDDEN_INITIAL + prefix)
        if index is not None and index < total:
            hidden.setdefault(index, {})[name] = list(data.getlist(key))
    return [
        Posted(by_index.get(index, {}), index < initial, hidden.get(index, {}))
        for index in range(total)
    ]


HIDDEN_INITIAL = (
    "initial-"  # how Django names a hidden initial value (BoundField.html_initial_name)
)


def _row_key(key: str, prefix: str) -> tuple[int | None, str]:
    """The index and the name in a formset form's input name (credits-3-role: 3, "role")."""
    if not key.startswith(prefix + "-"):
        return None, ""
    index, dash, name = key[len(prefix) + 1 :].partition("-")
    if not dash or not index.isascii() or not index.isdigit():
        return None, ""
    return int(index), name


def write_formset(data, prefix: str, forms_: list[Posted]) -> None:
    """Put a formset's forms into a (mutable) POST, initial forms first, renumbered, with the
    management counts to match."""
    for key in list(data):
        if (
            _row_key(key, prefix)[0] is not None
            or _row_key(key, HIDDEN_INITIAL + prefix)[0] is not None
        ):
            del data[key]
    ordered = [form for form in forms_ if form.initial] + [
        form for form in forms_ if not form.initial
    ]
    for index, form in enumerate(ordered):
        for name, values in form.inputs.items():
            data.setlist(f"{prefix}-{index}-{name}", list(values))
        for name, values in form.hidden.items():
            data.setlist(f"{HIDDEN_INITIAL}{prefix}-{index}-{name}", list(values))
    data[f"{prefix}-TOTAL_FORMS"] = str(len(ordered))
    data[f"{prefix}-INITIAL_FORMS"] = str(sum(form.initial for form in ordered))
    forms_[:] = ordered


def mutable_copy(data) -> QueryDict:
    copy = QueryDict(mutable=True)
    if isinstance(data, MultiValueDict):
        for key in data:
            copy.setlist(key, list(data.getlist(key)))
    else:
        for key, value in dict(data).items():
            copy.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    return copy


def set_inputs(data: QueryDict, inputs: Inputs) -> None:
    for name, values in inputs.items():
        if values:
            data.setlist(name, list(values))
        else:
            data.pop(name, None)
