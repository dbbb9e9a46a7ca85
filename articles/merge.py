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
over those inputs and QueryDicts: the inputs are read and written in articles/form_inputs.py,
the stored sides in articles/merge_sides.py.
"""

from dataclasses import dataclass, field

from django import forms
from django.forms.utils import pretty_name
from django.http import QueryDict

from articles.form_inputs import (
    Inputs,
    Posted,
    canonical,
    count,
    mutable_copy,
    pick,
    posted,
    read_formset,
    readable,
    same,
    set_inputs,
    write_formset,
)
from articles.merge_sides import (
    RowShape,
    Shape,
    Side,
)

THEIRS = "_theirs_"  # the name of a "Use their version" box starts so; the rest names what

SAME, MINE, TAKEN, CONFLICT = "same", "mine", "theirs", "conflict"


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
        return tuple(canonical(inputs.get(input_name, [])) for input_name in names)

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
        set_inputs(merged, value)
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
            set_inputs(taken, shown.fields[name])
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
                set_inputs(taken, {start + n: row.get(n, []) for n in shape.names(row_field)})
        elif row is None:
            taken[start + "DELETE"] = "on"  # theirs is no row: it goes
        else:
            set_inputs(taken, {start + n: values for n, values in row.items()})
            taken.pop(start + "DELETE", None)
    return taken


def _row_name(data, name: str, formsets: dict[str, RowShape]):
    """("credits", 2, "role") for "credits-2-role", ("credits", 2, None) for "credits-2", or
    (None, None, None) for anything that names no form of a formset in the POST."""
    for prefix, shape in formsets.items():
        if not name.startswith(prefix + "-"):
            continue
        index, _, row_field = name[len(prefix) + 1 :].partition("-")
        total = count(data, f"{prefix}-TOTAL_FORMS")
        if not index.isascii() or not index.isdigit() or total is None:
            return None, None, None
        if int(index) >= min(total, shape.most):
            return None, None, None
        if row_field and row_field not in shape.fields:
            return None, None, None
        return prefix, int(index), row_field or None
    return None, None, None
