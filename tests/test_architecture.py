"""Rules the code keeps about itself, read from the source: each visibility rule is written once,
in its queryset method, and nowhere else; and the apps depend one way, sources on articles."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("articles", "sources", "images", "newsroom")
# Where "published" and "scheduled" are defined; everything else asks them.
DEFINITIONS = {ROOT / "articles" / "querysets.py", ROOT / "articles" / "models.py"}
# The boundary between public and scheduled, and the workflow state that means "out".
BOUNDARY_LOOKUPS = {"published_at__lte", "published_at__lt", "published_at__gt"}


def _modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_published_constant(node) -> bool:
    if isinstance(node, ast.Attribute):
        return node.attr == "PUBLISHED"
    return isinstance(node, ast.Constant) and node.value == "published"


def visibility_filters(source: str) -> list[str]:
    """The keyword arguments in `source` that spell out "published" or "scheduled" by hand: a
    lookup on the publication time's boundary, or a status compared with PUBLISHED."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        for keyword in node.keywords:
            name = keyword.arg or ""
            field = name.rsplit("__", 1)[-1] if "__" in name else name
            lookup = name.split("__", 1)[-1] if name.count("__") else ""
            if name.endswith(tuple(BOUNDARY_LOOKUPS)) and "__date" not in name:
                found.append(f"line {node.lineno}: {name}=")
            elif (field == "status" or name.endswith("status") or lookup.startswith("status")) and (
                _is_published_constant(keyword.value)
            ):
                found.append(f"line {node.lineno}: {name}=PUBLISHED")
    return found


@pytest.mark.parametrize("path", list(_modules()), ids=lambda path: str(path.relative_to(ROOT)))
def test_published_and_scheduled_are_asked_for_never_spelled_out(path):
    if path in DEFINITIONS:
        return

    found = visibility_filters(path.read_text())

    assert not found, (
        f"{path.relative_to(ROOT)} writes a visibility rule by hand ({'; '.join(found)}): "
        "use Article.objects.published() / .scheduled(), published_q() or scheduled_q()"
    )


@pytest.mark.parametrize(
    ("code", "caught"),
    [
        ("Article.objects.filter(status=ArticleStatus.PUBLISHED, published_at__lte=now)", 2),
        ("queryset.filter(status=Article.Status.PUBLISHED, published_at__gt=now)", 2),
        ("Q(article__status='published')", 1),
        ("Article.objects.filter(published_at__date__gte=start)", 0),
        ("Article.objects.published().filter(published_at__gte=since)", 0),
        ("Article.objects.filter(status=ArticleStatus.REVIEW)", 0),
    ],
)
def test_the_rule_finds_hand_written_visibility(code, caught):
    assert len(visibility_filters(code)) == caught


# --- Apps depend one way: sources on articles ----------------------------------------------------


def _app(path: Path) -> str:
    return path.relative_to(ROOT).parts[0]


def imported_apps(source: str) -> set[str]:
    """The top-level packages a module imports, at any depth (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module.split(".")[0])
    return found


def test_articles_never_imports_sources():
    # Where articles must know about sources, sources fills articles' tables in its ready().
    importing = sorted(
        str(path.relative_to(ROOT))
        for path in _modules()
        if path.parts[len(ROOT.parts)] == "articles"
        and "sources" in imported_apps(path.read_text())
    )

    assert not importing, (
        f"{importing} import sources: sources depends on articles, never the reverse, so the "
        "two apps would import each other (register through articles' tables instead)"
    )


def test_sources_does_depend_on_articles_so_the_rule_is_one_way():
    assert any(
        "articles" in imported_apps(path.read_text())
        for path in _modules()
        if _app(path) == "sources"
    )


def test_the_import_rule_sees_every_form_of_import():
    assert imported_apps("import sources.models\nfrom sources import x") == {"sources"}
    assert imported_apps("def f():\n    from sources.models import Source") == {"sources"}
    assert imported_apps("from . import sibling") == set()


def test_the_photo_library_imports_neither_articles_nor_sources():
    # Articles point at images; an image knows nothing of the stories that show it (its
    # "used in" is asked through the reverse relations, by name).
    importing = sorted(
        f"{path.relative_to(ROOT)} imports {', '.join(sorted(found))}"
        for path in _modules()
        if _app(path) == "images"
        and (found := imported_apps(path.read_text()) & {"articles", "sources"})
    )

    assert not importing, importing
    assert any(_app(path) == "images" for path in _modules())
