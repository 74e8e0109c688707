"""Output taller than the terminal goes through a pager, as git and gh do; never in a pipe.

A fake pager (a script named by BLOC_PAGER or PAGER) records what it is given, so a test
sees whether bloc paged, and what the pager got. The pager's choices are tested in this
process (`pager.paged` around writes to a stand-in terminal); bloc on a pseudo-terminal
shows the whole of it.
"""

from __future__ import annotations

import io
import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest.mock import patch

import pytest

from bloc_cli.output import pager as paging

from conftest import bundled, run, run_in_terminal

Writer = Callable[..., str]

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ARTICLE_START = "In a landmark gathering"


@pytest.fixture
def pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager that keeps what it reads (and the LESS it was given) in a file."""
    record = tmp_path / "paged.txt"
    script = tmp_path / "fake-pager"
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS" > "{record}.env"\ncat > "{record}"\n')
    script.chmod(0o755)
    return str(script), record


# Which pager, and when: `pager.paged` around writes to a stand-in terminal ----------------


@pytest.mark.parametrize(
    ("environ", "command"),
    [
        ({}, "less -FRX"),
        ({"PAGER": "more"}, "more"),
        ({"BLOC_PAGER": "most -s", "PAGER": "more"}, "most -s"),
        ({"BLOC_PAGER": " less -R "}, "less -R"),
        ({"BLOC_PAGER": ""}, None),  # set but empty, as GIT_PAGER
        ({"BLOC_PAGER": "", "PAGER": "more"}, None),
        ({"BLOC_PAGER": "  "}, None),
        ({"PAGER": ""}, None),
        ({"BLOC_PAGER": "cat", "PAGER": "more"}, None),
        ({"PAGER": " cat "}, None),
    ],
)
def test_the_pager_is_bloc_pager_then_pager_then_less(
    environ: dict[str, str], command: str | None
) -> None:
    assert paging.pager_command(environ) == command


class Terminal(io.TextIOWrapper):
    """A stand-in for a terminal's stdout: keeps what is written to it."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding, errors="strict", newline="\n")

    def isatty(self) -> bool:
        return True

    def fileno(self) -> int:
        return 1

    def shown(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding)


@pytest.fixture
def screen(monkeypatch: pytest.MonkeyPatch, pager: tuple[str, Path]) -> Iterator[Terminal]:
    """A terminal of 40 columns and 10 rows, with the fake pager as BLOC_PAGER."""
    terminal = Terminal()
    for name in ("PAGER", "LESS", "LV"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BLOC_PAGER", pager[0])
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("LINES", "10")
    yield terminal
    paging._turned_off = False


@contextmanager
def paged_on(terminal: Terminal) -> Iterator[None]:
    """`pager.paged()` as bloc runs it, with `terminal` as stdout."""
    with patch.object(sys, "stdout", terminal), paging.paged():
        yield


def page(terminal: Terminal, text: str) -> None:
    """What a command does on a terminal: write `text` to stdout while `paged` runs."""
    with paged_on(terminal):
        assert sys.stdout.isatty()
        for line in text.splitlines(keepends=True):  # as a renderer writes: in pieces
            sys.stdout.write(line)


def lines(count: int, width: int = 5) -> str:
    return "".join(f"{index:0{width}d}\n" for index in range(count))


@pytest.mark.parametrize(
    ("text", "rows"),
    [
        (lines(9), 9),
        (lines(8) + "x", 9),  # the last line needs no newline to take its row
        (lines(8) + "a b", 9),  # nor is it cut at its spaces
        (lines(3) + "\n" * 6, 9),  # an empty line takes a row
        ("a" * 40 + "\n" + lines(8), 9),  # a line as wide as the screen takes one row
        ("a" * 41 + "\n" + lines(7), 9),  # one a column wider takes two
        ("a" * 81 + "\n" + lines(6), 9),  # and one more than two widths, three
        ("\x1b[1;31m" + "a" * 40 + "\x1b[0m\n" + lines(8), 9),  # colour takes no room
        ("\x1b[?25l" + lines(9), 9),  # nor does a cursor code
        ("一" * 20 + "\n" + lines(8), 9),  # 20 wide characters fill 40 columns
    ],
)
def test_output_that_fits_above_the_prompt_is_written_as_it_is(
    screen: Terminal, pager: tuple[str, Path], text: str, rows: int
) -> None:
    # 10 rows: 9 for the output, and the last for the prompt that follows it.
    page(screen, text)
    assert screen.shown() == text
    assert not pager[1].exists()


@pytest.mark.parametrize(
    "text",
    [
        lines(10),
        lines(9) + "x",
        lines(4) + "\n" * 6,
        "a" * 41 + "\n" + lines(8),
        "a" * 81 + "\n" + lines(7),
        "一" * 21 + "\n" + lines(8),  # 42 columns: two rows
        "\n".join("a" * 40 for _ in range(10)),
    ],
)
def test_output_taller_than_the_screen_goes_to_the_pager_whole(
    screen: Terminal, pager: tuple[str, Path], text: str
) -> None:
    page(screen, text)
    assert screen.shown() == ""
    assert pager[1].read_text(encoding="utf-8") == text


def test_a_terminal_one_column_wide_takes_a_row_per_character(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1")
    page(screen, "ab\n" * 4)  # 8 rows of 10
    assert screen.shown() == "ab\n" * 4
    page(screen, "ab\n" * 5)  # 10 rows
    assert pager[1].read_text() == "ab\n" * 5


def test_the_pager_is_told_to_keep_colour_and_short_output(
    screen: Terminal, pager: tuple[str, Path]
) -> None:
    page(screen, lines(20))
    assert Path(f"{pager[1]}.env").read_text() == "LESS=FRX\n"  # as git: less -R shows them


def test_a_readers_own_less_and_lv_are_left_alone(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    script = Path(pager[0])
    script.write_text(f'#!/bin/sh\necho "LESS=$LESS LV=$LV" > "{pager[1]}.env"\ncat >/dev/null\n')
    page(screen, lines(20))
    assert Path(f"{pager[1]}.env").read_text() == "LESS=FRX LV=-c\n"  # lv keeps colour with -c
    monkeypatch.setenv("LESS", "-S")
    monkeypatch.setenv("LV", "-Ou8")
    page(screen, lines(20))
    assert Path(f"{pager[1]}.env").read_text() == "LESS=-S LV=-Ou8\n"


def test_pager_is_used_when_bloc_pager_is_unset(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BLOC_PAGER")
    monkeypatch.setenv("PAGER", pager[0])
    page(screen, lines(20))
    assert pager[1].read_text() == lines(20)


def test_bloc_pager_comes_before_pager(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PAGER", "false")
    page(screen, lines(20))
    assert pager[1].read_text() == lines(20)
    assert screen.shown() == ""


@pytest.mark.parametrize("setting", ["", "cat"])
def test_no_pager_writes_straight_to_the_terminal(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch, setting: str
) -> None:
    monkeypatch.setenv("PAGER", pager[0])
    monkeypatch.setenv("BLOC_PAGER", setting)
    with paged_on(screen):
        assert sys.stdout is screen  # nothing is kept: written as the command writes
        sys.stdout.write(lines(20))
    assert screen.shown() == lines(20)
    assert not pager[1].exists()


def test_no_pager_option_writes_the_output_as_it_is(
    screen: Terminal, pager: tuple[str, Path]
) -> None:
    with paged_on(screen):
        paging.turn_off()  # what --no-pager does, as the command line is read
        sys.stdout.write(lines(20))
    assert screen.shown() == lines(20)
    assert not pager[1].exists()
    # The next run is paged again.
    page(screen, lines(20))
    assert pager[1].read_text() == lines(20)


def test_an_error_in_the_command_still_leaves_its_output(
    screen: Terminal, pager: tuple[str, Path]
) -> None:
    with patch.object(sys, "stdout", screen):
        with pytest.raises(LookupError), paging.paged():
            sys.stdout.write("partial\n")
            raise LookupError
        assert sys.stdout is screen  # the terminal is stdout again
    assert screen.shown() == "partial\n"
    with pytest.raises(LookupError), paged_on(screen):
        sys.stdout.write(lines(20))
        raise LookupError
    assert pager[1].read_text() == lines(20)


@pytest.mark.parametrize(
    "command",
    ["/no/such/pager -R", "less 'unclosed", "sh -c 'exit 3'"],
    ids=["cannot-start", "unparsable", "fails"],
)
def test_a_pager_that_cannot_show_it_leaves_the_output_on_the_screen(
    screen: Terminal, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # A pager that exits with an error has shown nothing: bloc writes the text itself
    # (`q` in less exits 0, and a pager quit that way ends bloc quietly instead).
    monkeypatch.setenv("BLOC_PAGER", command)
    page(screen, lines(20))
    assert screen.shown() == lines(20)


def test_a_pager_quit_at_once_ends_quietly(
    screen: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Far more than a pipe holds: the pager is gone while bloc still writes to it.
    monkeypatch.setenv("BLOC_PAGER", "true")
    page(screen, lines(100_000))
    assert screen.shown() == ""


def test_a_pager_gone_before_it_was_given_anything_ends_quietly(
    screen: Terminal, monkeypatch: pytest.MonkeyPatch
) -> None:
    # `q` at once: the pager has ended before bloc's few lines even leave its buffer, so
    # handing them over fails as the pipe closes.
    class EndsAtOnce(subprocess.Popen[bytes]):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.wait()

    monkeypatch.setattr(subprocess, "Popen", EndsAtOnce)
    monkeypatch.setenv("BLOC_PAGER", "true")
    page(screen, lines(20))
    assert screen.shown() == ""


def test_ctrl_c_while_paging_belongs_to_the_pager(
    screen: Terminal, pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    # less uses Ctrl-C itself: the terminal sends SIGINT to bloc too, which must not end.
    script = Path(pager[0])
    # Ctrl-C once the pager has it all (bloc is written out, waiting for the pager to end).
    script.write_text(f'#!/bin/sh\ncat > "{pager[1]}"\nkill -INT $PPID\nsleep 0.2\n')
    before = signal.getsignal(signal.SIGINT)
    page(screen, lines(20))
    assert pager[1].read_text() == lines(20)
    assert signal.getsignal(signal.SIGINT) is before  # Ctrl-C ends bloc again after


def test_the_pager_gets_the_text_in_the_terminals_encoding(
    pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = Terminal(encoding="latin-1")
    monkeypatch.setenv("BLOC_PAGER", pager[0])
    monkeypatch.setenv("LINES", "3")
    with paged_on(terminal):
        assert (sys.stdout.encoding, sys.stdout.errors) == ("latin-1", "strict")
        sys.stdout.write("Tōkyō café\n" * 5)
    assert pager[1].read_bytes() == "T?ky? café\n".encode("latin-1") * 5


def test_a_terminal_that_names_no_encoding_pages_in_utf_8(
    pager: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    class Unnamed(io.StringIO):  # a stdout stand-in, as some consoles and IDEs give
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("BLOC_PAGER", pager[0])
    monkeypatch.setenv("LINES", "3")
    with patch.object(sys, "stdout", Unnamed()), paging.paged():
        sys.stdout.write("Tōkyō\n" * 5)
    assert pager[1].read_bytes() == "Tōkyō\n".encode() * 5


def test_while_a_command_runs_stdout_is_still_the_terminal(screen: Terminal) -> None:
    # rich, Typer and bloc's renderers ask stdout what it is: a terminal, with its number.
    with paged_on(screen):
        assert sys.stdout is not screen
        assert sys.stdout.isatty() and sys.stdout.fileno() == 1
        sys.stdout.flush()
        assert sys.stdout.write("ok\n") == 3
        with pytest.raises(TypeError, match="must be str, not bytes"):
            sys.stdout.write(b"probe")  # type: ignore[arg-type]
    assert screen.shown() == "ok\n"


# bloc on a pseudo-terminal ------------------------------------------------------------------


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "shown", "code"),
    [
        (("article",), ARTICLE_START, 0),
        (("schema",), '"$defs"', 0),
        (("context",), "Security threats", 0),  # a table of 27 lines
        ((), "Query the facts of one news article", 2),  # the help of `bloc` alone
        (("-h",), "Query the facts of one news article", 0),
    ],
    ids=["article", "schema", "long-table", "bloc-alone", "bloc-h"],
)
def test_output_taller_than_the_terminal_goes_through_the_pager(
    pager: tuple[str, Path], args: tuple[str, ...], shown: str, code: int
) -> None:
    command, record = pager
    result = run_in_terminal(*args, env={"BLOC_PAGER": command}, rows=20)
    assert (result.code, result.err) == (code, "")
    assert shown in ANSI.sub("", record.read_text())
    assert shown not in ANSI.sub("", result.out)  # the pager had it, not the screen


@pytest.mark.process
def test_the_pager_keeps_the_colour_and_less_is_told_to_show_it(pager: tuple[str, Path]) -> None:
    command, record = pager
    run_in_terminal("context", env={"BLOC_PAGER": command}, rows=20)
    assert ANSI.search(record.read_text()), "the pager gets the colours"
    assert Path(f"{record}.env").read_text() == "LESS=FRX\n"  # as git: less -R shows them


@pytest.mark.process
def test_only_output_taller_than_the_terminal_is_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run_in_terminal("members", env={"BLOC_PAGER": command}, rows=20)  # 14 lines
    assert result.code == 0
    assert "Kazakhstan" in result.out
    assert not record.exists()
    result = run_in_terminal("members", env={"BLOC_PAGER": command}, rows=12)
    assert "Kazakhstan" not in result.out
    assert "Kazakhstan" in record.read_text()


@pytest.mark.process
def test_a_pipe_is_never_paged(pager: tuple[str, Path]) -> None:
    command, record = pager
    result = run("article", env={"BLOC_PAGER": command, "LINES": "5"})
    assert result.out.startswith(ARTICLE_START)
    assert not record.exists()
    # The same run with stdout on a terminal is paged.
    run_in_terminal("article", env={"BLOC_PAGER": command}, rows=5)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--no-pager", "article"), {}),
        (("article",), {"BLOC_PAGER": ""}),  # set but empty, as GIT_PAGER
    ],
    ids=["--no-pager", "BLOC_PAGER="],
)
def test_paging_turned_off(
    pager: tuple[str, Path], args: tuple[str, ...], env: dict[str, str | None]
) -> None:
    command, record = pager
    # PAGER names the fake pager, so that a run that pages by mistake is seen.
    result = run_in_terminal(*args, env={"BLOC_PAGER": command, "PAGER": command, **env}, rows=20)
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START in result.out
    assert not record.exists()
    # Without the switch, the same run is paged.
    run_in_terminal("article", env={"BLOC_PAGER": command}, rows=20)
    assert ARTICLE_START in record.read_text()


@pytest.mark.process
def test_a_pager_quit_at_once_ends_bloc_quietly(tmp_path: Path, write_data) -> None:  # type: ignore[no-untyped-def]
    # An article far longer than a pipe holds: bloc is still writing when the pager quits.
    data = bundled()
    source = dict(data["source"])
    source["text"] = source["text"] * 100
    path = write_data({**data, "source": source})
    result = run_in_terminal("--data", path, "article", env={"BLOC_PAGER": "true"}, rows=20)
    assert (result.code, result.err) == (0, "")
    assert ARTICLE_START not in result.out
