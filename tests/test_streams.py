"""What stdout is (a terminal or a pipe; colour, Unicode, width), decided once, and writing
to it whole.

These are the rules bloc's output follows wherever it runs: tested here on streams made
in this process (a StringIO, a pipe, a pseudo-terminal's two ends). What only a child
process shows (a real full disk, a closed stdout, signals) is in
tests/test_signals_and_streams.py.
"""

from __future__ import annotations

import fcntl
import io
import os
import struct
import sys
import termios
import threading
from collections.abc import Iterator

import pytest
from rich.text import Text

from bloc_cli.output import streams as streams_module
from bloc_cli.output.streams import (
    MAX_WIDTH,
    MIN_WIDTH,
    PIPE_WIDTH,
    Streams,
    bound_screen_size,
    bounded_width,
    whole_writes,
    write_line,
)


class Stream(io.StringIO):
    """A stdout that says whether it is a terminal, in an encoding."""

    def __init__(self, *, tty: bool = False, encoding: str | None = "utf-8") -> None:
        super().__init__()
        self.tty = tty
        self._encoding = encoding

    def isatty(self) -> bool:
        return self.tty

    @property
    def encoding(self) -> str | None:  # type: ignore[override]
        return self._encoding


class NoIsatty:
    """A stream that has no isatty at all (a file-like object from a library)."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        return len(text)


def detect(stream: object, environ: dict[str, str] | None = None, **options: bool) -> Streams:
    return Streams.detect(stream, io.StringIO(), environ=environ or {}, **options)  # type: ignore[arg-type]


# --- a terminal or a pipe ---------------------------------------------------------------------


def test_a_terminal_is_what_says_it_is_one() -> None:
    assert detect(Stream(tty=True)).is_tty is True
    assert detect(Stream(tty=False)).is_tty is False


def test_a_stream_without_isatty_or_closed_is_not_a_terminal() -> None:
    assert detect(NoIsatty()).is_tty is False
    closed = io.StringIO()
    closed.close()  # isatty() of a closed stream raises ValueError
    assert detect(closed).is_tty is False


def test_detect_keeps_the_streams_it_is_given_and_else_takes_sys_ones() -> None:
    out, err = Stream(), io.StringIO()
    given = Streams.detect(out, err, environ={})
    assert given.stdout is out and given.stderr is err
    found = Streams.detect(environ={})
    assert found.stdout is sys.stdout and found.stderr is sys.stderr


# --- colour -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tty", "environ", "allowed", "color"),
    [
        (True, {}, True, True),
        (False, {}, True, False),  # a pipe
        (True, {}, False, False),  # --no-color
        (False, {"FORCE_COLOR": "1"}, True, True),
        (False, {"FORCE_COLOR": ""}, True, False),  # empty: not set
        (False, {"FORCE_COLOR": "1"}, False, False),  # --no-color wins
        (True, {"NO_COLOR": "1"}, True, False),
        (True, {"NO_COLOR": ""}, True, True),  # empty: not set (no-color.org)
        (False, {"FORCE_COLOR": "1", "NO_COLOR": "1"}, True, False),
        (True, {"TERM": "dumb"}, True, False),
        (True, {"TERM": "DUMB"}, True, False),
        (True, {"TERM": "xterm-256color"}, True, True),
        (False, {"FORCE_COLOR": "1", "TERM": "dumb"}, True, False),
    ],
)
def test_colour_on_a_terminal_or_when_forced_never_when_refused(
    tty: bool, environ: dict[str, str], allowed: bool, color: bool
) -> None:
    assert detect(Stream(tty=tty), environ, color_allowed=allowed).color is color


def test_colour_rules_read_the_environment_when_none_is_given(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert Streams.detect(Stream(), io.StringIO()).color is True


# --- Unicode ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "unicode"),
    [
        ("utf-8", True),
        ("UTF-8", True),
        ("utf_8", True),
        ("utf8", True),
        ("UTF_16", True),
        ("ascii", False),
        ("ANSI_X3.4-1968", False),  # what the C locale calls ASCII
        ("cp1252", False),
        ("latin-1", False),
        (None, False),
    ],
)
def test_unicode_only_on_a_stream_that_encodes_utf(encoding: str | None, unicode: bool) -> None:
    assert detect(Stream(encoding=encoding)).unicode is unicode


def test_a_stream_without_an_encoding_is_ascii() -> None:
    class Bare:
        def isatty(self) -> bool:
            return False

    assert detect(Bare()).unicode is False


# --- width --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("columns", "width"),
    [
        (None, PIPE_WIDTH),  # 200: a table into a pipe is not cut narrow
        ("80", 80),
        ("5", MIN_WIDTH),
        ("5000", MAX_WIDTH),
        ("", PIPE_WIDTH),
        ("wide", PIPE_WIDTH),
        ("-80", PIPE_WIDTH),
        ("²", PIPE_WIDTH),  # a digit to isdigit(), not to int()
        ("٨٠", PIPE_WIDTH),  # Arabic-Indic 80: a digit, not ASCII
    ],
)
def test_a_pipe_is_as_wide_as_columns_says_or_200(columns: str | None, width: int) -> None:
    environ = {} if columns is None else {"COLUMNS": columns}
    assert detect(Stream(), environ).width == width


def test_a_terminal_is_as_wide_as_the_terminal_size(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "73")
    assert detect(Stream(tty=True), {"COLUMNS": "50"}).width == 73  # shutil's, not `environ`
    monkeypatch.setenv("COLUMNS", "3000")
    assert detect(Stream(tty=True)).width == MAX_WIDTH


def test_a_terminal_of_unknown_size_is_100_wide(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)

    def unknown(*_: object) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", unknown)
    assert detect(Stream(tty=True)).width == 100


@pytest.mark.parametrize(
    ("width", "bounded"),
    [(-1, 20), (0, 20), (19, 20), (20, 20), (21, 21), (999, 999), (1000, 1000), (1001, 1000)],
)
def test_widths_are_held_between_20_and_1000(width: int, bounded: int) -> None:
    assert (MIN_WIDTH, MAX_WIDTH) == (20, 1000)
    assert bounded_width(width) == bounded


# --- a console that shows text as it is --------------------------------------------------------


def console_text(text: Text | str, *, color: bool, width: int = 80) -> str:
    out = io.StringIO()
    streams = Streams(out, None, is_tty=color, color=color, unicode=True, width=width)
    streams.console(out).print(text)
    return out.getvalue()


def test_the_console_reads_no_markup_emoji_or_highlighting() -> None:
    written = "[bold]x[/bold] :smile: 1992 https://e.org 'q' True"
    assert console_text(written, color=False) == written + "\n"
    assert console_text(written, color=True) == written + "\n"  # not even in colour


def test_the_console_colours_styles_only_on_a_colour_terminal(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("NO_COLOR", "FORCE_COLOR", "COLORTERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TERM", "xterm-256color")
    assert console_text(Text("x", style="bold red"), color=True) == "\x1b[1;31mx\x1b[0m\n"
    assert console_text(Text("x", style="bold red"), color=False) == "x\n"


def test_the_console_colours_as_the_streams_say_whatever_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The decision is made once, by Streams.detect: rich does not make it again.
    monkeypatch.setenv("TERM", "xterm-256color")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    assert console_text(Text("x", style="bold red"), color=True) == "\x1b[1;31mx\x1b[0m\n"
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert console_text(Text("x", style="bold red"), color=False) == "x\n"


def test_the_console_wraps_at_the_streams_width() -> None:
    text = console_text("aaaa bbbb cccc dddd eeee ffff", color=False, width=20)
    assert [line.rstrip(" ") for line in text.split("\n")] == [
        "aaaa bbbb cccc dddd",
        "eeee ffff",
        "",
    ]


def test_the_console_writes_for_a_unix_terminal_even_on_windows(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = io.StringIO()
    streams = Streams(out, None, is_tty=False, color=False, unicode=True, width=40)
    assert streams.console(out).legacy_windows is False


# --- the size settings that Typer, Click and rich read ------------------------------------------


@pytest.mark.parametrize(
    ("environ", "bounded"),
    [
        ({"COLUMNS": "80", "LINES": "24"}, {"COLUMNS": "80", "LINES": "24"}),
        ({"COLUMNS": " 80 "}, {"COLUMNS": " 80 "}),  # a number: left as it is
        ({"COLUMNS": "01000"}, {"COLUMNS": "01000"}),  # not past the maximum: as it is
        ({"COLUMNS": "1000", "LINES": "1000"}, {"COLUMNS": "1000", "LINES": "1000"}),
        ({"COLUMNS": "1001", "LINES": "1001"}, {"COLUMNS": "1000", "LINES": "1000"}),
        ({"COLUMNS": " 99999 "}, {"COLUMNS": "1000"}),
        ({"TERMINAL_WIDTH": "5000"}, {"TERMINAL_WIDTH": "1000"}),
        ({"COLUMNS": "wide", "LINES": "", "TERMINAL_WIDTH": "-3"}, {}),
        ({"COLUMNS": "²", "LINES": "٨٠"}, {}),
        ({"HOME": "/x", "COLUMNS": "x"}, {"HOME": "/x"}),
    ],
)
def test_size_settings_that_are_not_numbers_are_dropped_and_huge_ones_bounded(
    environ: dict[str, str], bounded: dict[str, str]
) -> None:
    settings = dict(environ)  # (bounded in place: the case's own dict stays as written)
    bound_screen_size(settings, None)
    assert settings == bounded


@pytest.fixture
def terminal_of() -> Iterator[object]:
    """A pseudo-terminal of a given width, opened in this process: its follower end."""
    opened: list[int] = []

    def make(columns: int) -> io.TextIOWrapper:
        leader, follower = os.openpty()
        opened.extend([leader, follower])
        fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
        return open(follower, "w", encoding="utf-8", closefd=False)  # noqa: SIM115

    yield make
    for descriptor in opened:
        os.close(descriptor)


@pytest.mark.parametrize(("columns", "setting"), [(1000, None), (1001, "1000"), (4000, "1000")])
def test_a_terminal_wider_than_1000_columns_is_taken_as_1000(
    terminal_of: object, columns: int, setting: str | None
) -> None:
    environ: dict[str, str] = {}
    bound_screen_size(environ, terminal_of(columns))  # type: ignore[operator]
    assert environ.get("COLUMNS") == setting


def test_columns_already_set_wins_over_the_terminal(terminal_of: object) -> None:
    environ = {"COLUMNS": "90"}
    bound_screen_size(environ, terminal_of(4000))  # type: ignore[operator]
    assert environ == {"COLUMNS": "90"}


def test_a_stdout_that_is_not_a_terminal_sets_nothing() -> None:
    environ: dict[str, str] = {}
    bound_screen_size(environ, io.StringIO())  # fileno() fails
    read, write = os.pipe()
    with open(write, "w") as pipe:
        bound_screen_size(environ, pipe)  # not a terminal
    os.close(read)
    assert environ == {}


# --- one line on stderr, if it can be written ---------------------------------------------------


class Flushes(io.StringIO):
    flushed = ""

    def flush(self) -> None:
        self.flushed = self.getvalue()
        super().flush()


def test_a_line_is_written_with_its_newline_and_flushed() -> None:
    stream = Flushes()
    write_line("bloc: done", stream)
    assert (stream.getvalue(), stream.flushed) == ("bloc: done\n", "bloc: done\n")


def test_a_line_to_a_closed_stream_or_none_is_dropped_quietly() -> None:
    write_line("lost", None)
    closed = io.StringIO()
    closed.close()
    write_line("lost", closed)  # ValueError: I/O operation on closed file

    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    write_line("lost", Full())


def test_a_line_that_cannot_be_flushed_is_dropped_quietly() -> None:
    class Full(io.StringIO):
        def flush(self) -> None:
            raise OSError(28, "No space left on device")

    write_line("lost", Full())


# --- every byte written whole -------------------------------------------------------------------


def test_a_stream_that_is_not_a_file_is_kept_as_it_is() -> None:
    stream = io.StringIO()
    assert whole_writes(stream) is stream
    in_memory = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")  # no file descriptor
    assert whole_writes(in_memory) is in_memory
    closed = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    closed.close()
    assert whole_writes(closed) is closed


@pytest.mark.parametrize("buffering", [-1, 0])
def test_a_file_stream_keeps_its_encoding_and_buffering_and_writes_everything(
    tmp_path: os.PathLike[str], buffering: int
) -> None:
    path = os.path.join(tmp_path, "out.txt")
    raw = open(path, "wb", buffering=buffering)  # noqa: SIM115
    stream = io.TextIOWrapper(
        raw, encoding="latin-1", errors="replace", line_buffering=True, write_through=True
    )
    stream.write("before ")
    whole = whole_writes(stream)
    assert whole is not stream
    assert (whole.encoding, whole.errors) == ("latin-1", "replace")
    assert (whole.line_buffering, whole.write_through) == (True, True)  # type: ignore[attr-defined]
    # Unbuffered (`python -u`): the text layer writes straight to the descriptor.
    assert isinstance(whole.buffer, io.RawIOBase) is (buffering == 0)
    whole.write("é日\nafter\r\n")
    whole.flush()
    with open(path, "rb") as written:
        assert written.read() == "before é?\nafter\r\n".encode("latin-1")  # "\r\n" kept as is
    stream.close()


def test_a_write_to_a_full_non_blocking_pipe_waits_and_writes_every_byte() -> None:
    read, write = os.pipe()
    os.set_blocking(write, False)
    data = bytes(range(256)) * 4096  # 1 MiB: far more than a pipe holds (64 KiB)
    received = bytearray()

    def drain() -> None:
        while chunk := os.read(read, 65536):
            received.extend(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    writer = streams_module._WholeWriter(write, "w", closefd=False)
    try:
        assert writer.write(data) == len(data)
        assert writer.write(memoryview(b"!")) == 1
    finally:
        os.close(write)
        reader.join(timeout=30)
        os.close(read)
    assert bytes(received) == data + b"!"


def test_the_whole_stream_leaves_the_descriptor_open_for_the_stream_it_replaces(
    tmp_path: os.PathLike[str],
) -> None:
    path = os.path.join(tmp_path, "out.txt")
    stream = open(path, "w", encoding="utf-8")  # noqa: SIM115
    whole = whole_writes(stream)
    whole.write("one\n")
    whole.close()  # as at exit: the descriptor is sys.stdout's, not the new stream's
    stream.write("two\n")
    stream.close()
    with open(path, encoding="utf-8") as written:
        assert written.read() == "one\ntwo\n"
