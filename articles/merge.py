"""The three-way merge of a stale save on the desk.

An editor saves the change form from an older version than the stored one. Three sides meet:

- base: the article at the version the editor started from (a revision, articles/revisions.py);
- theirs: the stored article now;
- mine: the POST, the change form's fields and its inline formsets alike.

What only they changed takes their value, what only I changed keeps mine, and what we both
changed to different values is a choice: mine stays in the form, theirs is shown beside it with
a "Use their version" box (named `_theirs_<name>`) that takes theirs on the next save. Rows merge
the same way, field by field, keyed by primary key: rows they added are put in the form, rows
they deleted leave it unless I changed them (then they come back as new rows, a choice), rows I
deleted stay deleted unless they changed them (a choice). A kind of row that is nothing but what
it points at (a tagging) is a set: both sides' additions and both sides' removals count.

Everything is compared as the browser posts it: each side is turned into the inputs its form
would render (`rendered`), so a value compares equal to itself whatever the widget (a split
date and time, a select, a checkbox) and whatever the line ends. The functions here are pure
over those inputs and QueryDicts; `revision_rows` and `current_rows` read the stored rows.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.forms.utils import pretty_name
from django.forms.widgets import ChoiceWidget
from django.http import QueryDict
from django.utils import timezone
from django.utils.datastructures import MultiValueDict
from django.utils.formats import date_format

from articles import dependencies

THEIRS = "_theirs_"  # the name of a "Use their version" box starts so; the rest names what

# What one field (or one row of a formset) posts: input name -> values.
Inputs = dict[str, list[str]]

SAME, MINE, TAKEN, CONFLICT = "same", "mine", "theirs", "conflict"


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


def _canonical(values: list[str]) -> tuple[str, ...]:
    # A browser posts CRLF line ends; nothing and one empty value are both "empty".
    normal = tuple(str(value).replace("\r\n", "\n") for value in values)
    return () if normal in {(), ("",)} else normal


def same(a: Inputs, b: Inputs) -> bool:
    """Whether two sets of inputs post the same values."""
    return all(
        _canonical(a.get(name, [])) == _canonical(b.get(name, [])) for name in set(a) | set(b)
    )


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


# --- One value, three sides -----------------------------------------------------------------


def merge_value(base: Inputs | None, theirs: Inputs, mine: Inputs) -> tuple[Inputs, str]:
    """The merged value and how it came about: SAME (we agree), MINE (only I changed it), TAKEN
    (only they did) or CONFLICT (both did, differently: mine is kept for the editor to choose).
    With no base (the start is not in the history) every difference is a conflict."""
    if same(mine, theirs):
        return mine, SAME
    if base is None:
        return mine, CONFLICT
    if same(mine, base):
        return theirs, TAKEN
    if same(theirs, base):
        return mine, MINE
    return mine, CONFLICT


# --- The shapes of the forms and the stored sides -------------------------------------------


@dataclass(frozen=True)
class Shape:
    """The change form's own fields, by name (for their widgets and labels); `prefix` is the
    form's prefix with its dash, if it has one."""

    fields: dict[str, forms.Field]
    prefix: str = ""

    def names(self, name: str) -> tuple[str, ...]:
        return input_names(self.fields[name], self.prefix + name)


@dataclass(frozen=True)
class RowShape:
    """One inline formset: its rows' model and fields, the field holding the article, its
    label and how many forms it takes at most."""

    model: type
    fields: dict[str, forms.Field]
    fk: str
    label: str
    pk: str = "id"
    most: int = 1000

    def names(self, name: str) -> tuple[str, ...]:
        return input_names(self.fields[name], name)

    @property
    def is_set(self) -> bool:
        # A row that is nothing but what it points at (a tagging): the rows are a set.
        pointer = dependencies.pointer(self.model)
        return pointer is not None and [self._column(name) for name in self.fields] == [pointer]

    def _column(self, name: str) -> str:
        try:
            return self.model._meta.get_field(name).attname
        except FieldDoesNotExist:  # a form field that is no model field
            return name

    def render(self, row: dict) -> Inputs:
        """A stored row (its column values) as its form would post it, untouched."""
        inputs: Inputs = {}
        for name, form_field in self.fields.items():
            inputs |= rendered(form_field, name, row.get(self._column(name)))
        return inputs


def row_shape(formset_class) -> RowShape:
    """The shape of an inline formset class (as the admin makes them)."""
    model = formset_class.model
    inline = dependencies.INLINES.get(model)
    fk = formset_class.fk.name
    # The formset puts its own field in place of the form's for the article (when it has one).
    fields = {name: f for name, f in formset_class.form.base_fields.items() if name != fk}
    return RowShape(
        model=model,
        fields=fields,
        fk=fk,
        label=inline.label if inline and inline.label else str(model._meta.verbose_name_plural),
        pk=model._meta.pk.name,
        most=formset_class.absolute_max,
    )


@dataclass(frozen=True)
class Side:
    """One stored side as the form would post it: the form's fields (by field name, inputs by
    input name), and each formset's rows (by prefix, then primary key; inputs named relative to
    the row, "role", "published_at_0")."""

    fields: dict[str, Inputs]
    rows: dict[str, dict[str, Inputs]]


def stored_side(
    snapshot: dict, rows: dict[type, list[dict]], form: Shape, formsets: dict[str, RowShape]
) -> Side:
    """A side from a snapshot (revisions.snapshot / current_snapshot: its fields) and its rows
    (revision_rows / current_rows)."""
    fields = {
        name: rendered(form_field, form.prefix + name, snapshot.get(name, ""))
        for name, form_field in form.fields.items()
    }
    by_prefix = {
        prefix: {
            str(row.get(shape.model._meta.pk.attname)): shape.render(row)
            for row in rows.get(shape.model, [])
        }
        for prefix, shape in formsets.items()
    }
    return Side(fields, by_prefix)


def revision_rows(version) -> dict[type, list[dict]]:
    """The article's inline rows as a revision recorded them (column values, key included)."""
    by_model: dict[type, list[dict]] = {}
    for related in version.revision.version_set.select_related("content_type"):
        model = related.content_type.model_class()
        inline = dependencies.INLINES.get(model)
        if inline is None:
            continue
        columns = dict(related.field_dict)
        # A revision can hold other articles' rows too (a source merge touches many).
        if str(columns.get(inline.article_field)) != str(version.object_id):
            continue
        columns.setdefault(model._meta.pk.attname, related.object_id)
        by_model.setdefault(model, []).append(columns)
    return by_model


def current_rows(article) -> dict[type, list[dict]]:
    """The article's inline rows as stored now, in the shape of revision_rows()."""
    return {
        model: list(getattr(article, inline.related_name).values())
        for model, inline in dependencies.inlines_in_order()
    }


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


def _count(data, name: str) -> int | None:
    value = data.get(name)
    if not isinstance(value, str) or not value.isascii() or not value.isdigit():
        return None
    return int(value)


def read_formset(data, prefix: str, most: int = 1000) -> list[Posted] | None:
    """The forms of one formset in a POST, in order; None when its management data is missing or
    tampered with (the formset itself then refuses it)."""
    total = _count(data, f"{prefix}-TOTAL_FORMS")
    initial = _count(data, f"{prefix}-INITIAL_FORMS")
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


# --- Rows, three sides ----------------------------------------------------------------------


@dataclass(frozen=True)
class RowChoice:
    """A row both sides changed: one field of it (`field`), or the whole row when one side
    deleted it (mine or theirs None: deleted)."""

    form: Posted
    field: str | None
    mine: Inputs | None
    theirs: Inputs | None


@dataclass
class RowsMerge:
    forms: list[Posted]
    choices: list[RowChoice] = field(default_factory=list)
    taken: bool = False  # whether anything of theirs came in


def _same_row(shape: RowShape, a: Inputs, b: Inputs) -> bool:
    return all(
        same(pick(a, shape.names(name)), pick(b, shape.names(name))) for name in shape.fields
    )


def _fields_of(shape: RowShape, inputs: Inputs) -> Inputs:
    return {n: list(inputs.get(n, [])) for name in shape.fields for n in shape.names(name)}


def _stored_form(shape: RowShape, pk: str, inputs: Inputs, parent: str) -> Posted:
    return Posted({**inputs, shape.pk: [pk], shape.fk: [parent]}, initial=True)


def merge_rows(
    shape: RowShape,
    base: dict[str, Inputs] | None,
    theirs: dict[str, Inputs],
    mine: list[Posted],
    *,
    parent: str,
) -> RowsMerge:
    """One formset's forms merged: base and theirs are rows by primary key, mine the forms
    posted; `parent` is the article's key. Returns the forms to post, initial ones first."""
    if shape.is_set:
        return _merge_set(shape, base, theirs, mine, parent=parent)
    result = RowsMerge(forms=[])
    added: list[Posted] = []
    seen: set[str] = set()
    for form in mine:
        if not form.initial:
            added.append(form)
            continue
        pk = form.value(shape.pk)
        if pk in seen:
            continue  # posted twice: a tampered form
        was = base.get(pk) if base is not None else None
        now = theirs.get(pk)
        if now is None:
            _gone(shape, form, was, added, result)
            continue
        seen.add(pk)
        if form.deleted:
            if not _same_row(shape, now, was if was is not None else form.inputs):
                result.choices.append(RowChoice(form, None, None, _fields_of(shape, now)))
            result.forms.append(form)
            continue
        _merge_row(shape, form, was, now, result)
    for pk, now in theirs.items():
        if pk not in seen:  # theirs, not in my form: they added it
            result.forms.append(_stored_form(shape, pk, now, parent))
            result.taken = True
    new_of_theirs = [now for pk, now in theirs.items() if base is None or pk not in base]
    for form in added:
        # The same new row on both sides is one row.
        if not any(_same_row(shape, form.inputs, now) for now in new_of_theirs):
            result.forms.append(form)
    result.forms.sort(key=lambda form: not form.initial)
    result.choices = [
        choice for choice in result.choices if any(form is choice.form for form in result.forms)
    ]
    return result


def _gone(shape: RowShape, form: Posted, was: Inputs | None, added: list, result: RowsMerge):
    """A row of my form that is no longer stored: they deleted it."""
    if form.deleted or (was is not None and _same_row(shape, form.inputs, was)):
        result.taken = True  # their deletion stands
        return
    # I changed it (or cannot tell): it comes back as a new row, for the editor to choose.
    inputs = {name: values for name, values in form.inputs.items() if name != "DELETE"}
    revived = Posted(inputs | {shape.pk: [""]}, initial=False, hidden=form.hidden)
    added.append(revived)
    result.choices.append(RowChoice(revived, None, _fields_of(shape, form.inputs), None))


def _merge_row(shape: RowShape, form: Posted, was: Inputs | None, now: Inputs, result):
    inputs = dict(form.inputs)
    conflicts = []
    for name in shape.fields:
        names = shape.names(name)
        value, outcome = merge_value(
            pick(was, names) if was is not None else None, pick(now, names), pick(inputs, names)
        )
        inputs |= value
        if outcome == CONFLICT:
            conflicts.append((name, value, pick(now, names)))
        elif outcome == TAKEN:
            result.taken = True
    merged = Posted(inputs, initial=True, hidden=form.hidden)
    result.forms.append(merged)
    result.choices += [RowChoice(merged, name, mine, theirs) for name, mine, theirs in conflicts]


def _merge_set(shape, base, theirs, mine, *, parent) -> RowsMerge:
    """Rows that are a set of what they point at: the union of both sides' additions, less
    both sides' removals."""
    (name,) = shape.fields
    names = shape.names(name)

    def key(inputs):
        return tuple(_canonical(inputs.get(input_name, [])) for input_name in names)

    empty = key({})
    kept: dict[tuple, Posted] = {}
    removed: set[tuple] = set()
    for form in mine:
        pk = form.value(shape.pk) if form.initial else ""
        was = base.get(pk) if base is not None and pk else None
        if form.deleted:
            removed.add(key(was if was is not None else form.inputs))
            continue
        if was is not None and key(was) != key(form.inputs):
            removed.add(key(was))  # changed from one to another: a removal and an addition
        if key(form.inputs) != empty:
            kept.setdefault(key(form.inputs), form)
    removed -= set(kept)
    started = {key(inputs) for inputs in base.values()} if base is not None else set()
    additions = {found: form for found, form in kept.items() if found not in started}
    result = RowsMerge(forms=[], taken=base is None or started != {key(v) for v in theirs.values()})
    stored: set[tuple] = set()
    for pk, now in theirs.items():
        form = _stored_form(shape, pk, now, parent)
        if key(now) in removed or key(now) in stored:
            form.inputs["DELETE"] = ["on"]
        stored.add(key(now))
        result.forms.append(form)
    for found, form in additions.items():
        if found not in stored:
            inputs = pick(form.inputs, names) | {shape.pk: [""], shape.fk: [parent]}
            result.forms.append(Posted(inputs, initial=False))
    return result


# --- The whole POST ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """Something both sides changed, for the editor to choose: `name` is what its "Use their
    version" box names (after THEIRS): a field, a row's field ("credits-0-role") or a row."""

    name: str
    label: str
    mine: str
    theirs: str


@dataclass
class Merged:
    data: QueryDict
    choices: list[Choice]
    taken: list[str]  # labels of what came in from their version


def mutable_copy(data) -> QueryDict:
    copy = QueryDict(mutable=True)
    if isinstance(data, MultiValueDict):
        for key in data:
            copy.setlist(key, list(data.getlist(key)))
    else:
        for key, value in dict(data).items():
            copy.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    return copy


def _set(data: QueryDict, inputs: Inputs) -> None:
    for name, values in inputs.items():
        if values:
            data.setlist(name, list(values))
        else:
            data.pop(name, None)


def merge_post(
    data,
    base: Side | None,
    theirs: Side,
    form: Shape,
    formsets: dict[str, RowShape],
    *,
    parent: str,
) -> Merged:
    """The whole POST merged with their version, from the base (None: not in the history)."""
    merged = mutable_copy(data)
    choices: list[Choice] = []
    taken: list[str] = []
    for name, form_field in form.fields.items():
        label = _label(form_field, name)
        value, outcome = merge_value(
            base.fields.get(name) if base is not None else None,
            theirs.fields[name],
            posted(merged, form.names(name)),
        )
        _set(merged, value)
        if outcome == CONFLICT:
            html_name = form.prefix + name
            choices.append(
                Choice(
                    name,
                    label,
                    readable(form_field, html_name, value),
                    readable(form_field, html_name, theirs.fields[name]),
                )
            )
        elif outcome == TAKEN:
            taken.append(label)
    for prefix, shape in formsets.items():
        mine = read_formset(merged, prefix, shape.most)
        if mine is None:
            continue  # tampered management data: the formset refuses it as it stands
        rows = merge_rows(
            shape,
            base.rows.get(prefix, {}) if base is not None else None,
            theirs.rows.get(prefix, {}),
            mine,
            parent=parent,
        )
        write_formset(merged, prefix, rows.forms)
        if rows.taken:
            taken.append(shape.label)
        choices += [_row_choice(shape, prefix, rows.forms, choice) for choice in rows.choices]
    return Merged(merged, choices, taken)


def _label(form_field: forms.Field, name: str) -> str:
    return str(form_field.label) if form_field.label else pretty_name(name)


def _row_choice(shape: RowShape, prefix: str, forms_: list[Posted], choice: RowChoice) -> Choice:
    index = next(i for i, form in enumerate(forms_) if form is choice.form)
    label = f"{shape.label}, row {index + 1}"
    if choice.field is not None:
        form_field = shape.fields[choice.field]
        return Choice(
            f"{prefix}-{index}-{choice.field}",
            f"{label}: {_label(form_field, choice.field)}",
            readable(form_field, choice.field, choice.mine),
            readable(form_field, choice.field, choice.theirs),
        )
    return Choice(
        f"{prefix}-{index}",
        label,
        _readable_row(shape, choice.mine) if choice.mine is not None else "Deleted by you",
        _readable_row(shape, choice.theirs) if choice.theirs is not None else "Deleted by them",
    )


def _readable_row(shape: RowShape, inputs: Inputs) -> str:
    parts = [
        readable(form_field, name, pick(inputs, shape.names(name)))
        for name, form_field in shape.fields.items()
    ]
    return " · ".join(part for part in parts if part)


# --- Taking their version ---------------------------------------------------------------------


def chosen(data) -> list[str]:
    """What the editor ticked "Use their version" for (the names after THEIRS)."""
    box = forms.CheckboxInput()
    return [
        key.removeprefix(THEIRS)
        for key in data
        if key.startswith(THEIRS) and box.value_from_datadict(data, {}, key)
    ]


def take_theirs(
    data, names: list[str], shown: Side | None, form: Shape, formsets: dict[str, RowShape]
) -> QueryDict:
    """The POST with their version, as it was shown (`shown`: the version the form was refused
    at), in place of mine for each ticked name; names that are no field or row are ignored."""
    taken = mutable_copy(data)
    for key in [key for key in taken if key.startswith(THEIRS)]:
        del taken[key]
    if shown is None:
        return taken
    for name in names:
        if name in form.fields:
            _set(taken, shown.fields[name])
            continue
        prefix, index, row_field = _row_name(taken, name, formsets)
        if prefix is None:
            continue
        shape = formsets[prefix]
        start = f"{prefix}-{index}-"
        pk = (taken.getlist(start + shape.pk) or [""])[-1]
        row = shown.rows.get(prefix, {}).get(pk) if pk else None
        if row_field is not None:
            if row is not None:
                _set(taken, {start + n: row.get(n, []) for n in shape.names(row_field)})
        elif row is None:
            taken[start + "DELETE"] = "on"  # theirs is no row: it goes
        else:
            _set(taken, {start + n: values for n, values in row.items()})
            taken.pop(start + "DELETE", None)
    return taken


def _row_name(data, name: str, formsets: dict[str, RowShape]):
    """("credits", 2, "role") for "credits-2-role", ("credits", 2, None) for "credits-2", or
    (None, None, None) for anything that names no form of a formset in the POST."""
    for prefix, shape in formsets.items():
        if not name.startswith(prefix + "-"):
            continue
        index, _, row_field = name[len(prefix) + 1 :].partition("-")
        total = _count(data, f"{prefix}-TOTAL_FORMS")
        if not index.isascii() or not index.isdigit() or total is None:
            return None, None, None
        if int(index) >= min(total, shape.most):
            return None, None, None
        if row_field and row_field not in shape.fields:
            return None, None, None
        return prefix, int(index), row_field or None
    return None, None, None
