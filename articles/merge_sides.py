"""What the three-way merge (articles/merge.py) compares: the shapes of the change form and its
inline formsets (which inputs each field posts, which column each row field reads) and the two
stored sides, the article at the version the editor started from (a revision) and now, each
turned into the inputs the form would post."""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import FieldDoesNotExist

from articles import dependencies
from articles.form_inputs import Inputs, input_names, rendered


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
