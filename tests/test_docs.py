"""The docs cannot drift: the README stays a user's page, every page of the manual is
linked from it, every link lands, and docs/commands.md is the help the app prints."""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from pathlib import Path
from types import ModuleType

import pytest

from conftest import COMMAND_NAMES, REPO

README = REPO / "README.md"
DOCS = REPO / "docs"
PAGES = [README, *sorted(DOCS.glob("*.md"))]
# A Markdown link outside code: [text](target), the target without a scheme.
LINK = re.compile(r"\]\(([^)\s]+)\)")


def load_generator() -> ModuleType:
    """docs/generate.py as a module (it lives beside the pages, not in the package)."""
    spec = importlib.util.spec_from_file_location("docs_generate", DOCS / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def without_code(text: str) -> str:
    """`text` without fenced code blocks and inline code, where a `](` is not a link."""
    text = re.sub(r"^```.*?^```", "", text, flags=re.DOTALL | re.MULTILINE)
    return re.sub(r"`[^`\n]*`", "", text)


def slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lowercase, punctuation dropped, spaces to '-'."""
    words = heading.strip().lower()
    kept = "".join(c for c in words if c in " -_" or unicodedata.category(c)[0] in {"L", "N"})
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL | re.M)
    return {slug(line.lstrip("#")) for line in text.splitlines() if re.match(r"#{1,6} ", line)}


def local_links(path: Path) -> list[str]:
    found = LINK.findall(without_code(path.read_text(encoding="utf-8")))
    return [target for target in found if not re.match(r"[a-z]+:", target)]


def test_readme_is_a_page_of_at_most_250_lines() -> None:
    lines = README.read_text(encoding="utf-8").count("\n")
    assert lines <= 250, f"README.md has {lines} lines; move the detail to a page in docs/"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {target.split("#")[0] for target in local_links(README)}
    pages = {f"docs/{page.name}" for page in DOCS.glob("*.md")}
    assert pages, "docs/ has no pages"
    assert pages - linked == set(), "pages of docs/ that README.md does not link"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(REPO).as_posix() for p in PAGES])
def test_every_local_link_lands_on_a_page_and_heading_that_exist(page: Path) -> None:
    for target in local_links(page):
        file, _, anchor = target.partition("#")
        landing = (page.parent / file).resolve() if file else page
        assert landing.exists(), f"{page.name}: {target} is not a file"
        if anchor and landing.suffix == ".md":
            assert anchor in anchors(landing), f"{page.name}: {target} has no such heading"


def test_slug_is_githubs_anchor() -> None:
    assert slug(" Citations and verify") == "citations-and-verify"
    assert (
        slug("Another dataset: `--data` and `BLOC_DATA`") == "another-dataset---data-and-bloc_data"
    )
    assert slug("bloc sql") == "bloc-sql"


@pytest.mark.typer_0_28
def test_commands_page_is_the_help_bloc_prints() -> None:
    generator = load_generator()
    expected = generator.page()
    actual = (DOCS / "commands.md").read_text(encoding="utf-8")
    assert actual == expected, (
        f"docs/commands.md differs from the app's help: run `{generator.COMMAND}`"
    )


def test_commands_page_has_the_help_of_every_command() -> None:
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    for name in [*COMMAND_NAMES, "help", "completion"]:
        assert f"## bloc {name}\n\n```text\nUsage: bloc {name} " in text, name


def test_command_names_are_read_from_the_commands_section_only() -> None:
    generator = load_generator()
    top = (
        "Usage: bloc [OPTIONS] COMMAND [ARGS]...\n\nOptions:\n  --version  Print it.\n\n"
        "Commands:\n  members  List them.\n  member   Show one,\n"
        "           wrapped.\n\nOther commands:\n  help     Help.\n\n"
        "  Examples:\n    $ bloc members\n"
    )
    assert generator.command_names(top) == ["members", "member", "help"]


def test_readme_says_how_long_the_test_suite_takes() -> None:
    after_commands = README.read_text(encoding="utf-8").split("## ", 1)[0]
    assert re.search(r"about\s+\d+\s+minutes\s+on\s+a\s+2-core\s+machine", after_commands)
