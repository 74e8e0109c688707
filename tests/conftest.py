"""Shared helpers: run the installed `bloc` console script in a pipe or under a terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import select
import signal
import subprocess
import sys
from collections.abc import Mapping
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO
from unittest.mock import patch

import pytest

from bloc_cli import signals
from bloc_cli.output.streams import Streams

BLOC = str(Path(sys.executable).with_name("bloc"))
REPO = Path(__file__).resolve().parent.parent
BUNDLED = REPO / "data" / "bloc.json"

# The settings a developer's own environment must not bring into a test.
_PERSONAL = {
    "NO_COLOR",
    "FORCE_COLOR",
    "BLOC_DATA",
    "BLOC_DEBUG",
    "COLUMNS",
    "LINES",
    "TERM",
    "BLOC_PAGER",
    "PAGER",
    "LESS",
}


def clean_environment() -> dict[str, str]:
    """The environment as it is now, without the personal settings, in a UTF-8 locale."""
    clean = {key: value for key, value in os.environ.items() if key not in _PERSONAL}
    return {**clean, "LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


# A clean environment, so that a developer's own settings never leak into a test.
BASE_ENV = clean_environment()


# The members in the article's order, as every listing shows them by default.
MEMBER_NAMES = [
    "Kazakhstan",
    "Uzbekistan",
    "Turkmenistan",
    "Kyrgyzstan",
    "Tajikistan",
    "Azerbaijan",
]
# The sections a dataset's source.provenance names, in the schema's order.
PROVENANCE_SECTIONS = [
    "members",
    "security",
    "roadmap",
    "membership_benefits",
    "economic_benefits",
    "stated_aims",
    "shared_challenges",
    "security_threats",
    "joint_venture_sectors",
    "strategic_recommendations",
]
# The article's source, as it names itself (title, outlet, image): written out by hand.
ARTICLE_SOURCE = {
    "title": "Central Asia Embraces Azerbaijan Membership Signaling New Regional Dynamics",
    "reported_by": "Euronews.com",
    "page_url": None,
    "image_caption": "[Contribution] Central Asia, on threshold of a new era – The Korea Herald",
    "image_url": "https://asia-news.biz/wp-content/uploads/2026/02/"
    "220325-contribution-central-asia-on-threshold-of-a-new-era-the-korea-herald-350x250.jpg",
}
# The tables of `bloc sql` and of an export's CSV files, in their order.
TABLE_NAMES = [
    "members",
    "member_contributions",
    "security",
    "roadmap",
    "roadmap_actions",
    "benefits",
    "context",
    "source",
    "provenance",
]
COMMAND_NAMES = [
    "members",
    "member",
    "security",
    "roadmap",
    "benefits",
    "context",
    "about",
    "search",
    "sql",
    "export",
    "verify",
    "article",
    "schema",
]
# One invocation of each way to print records (export writes files, so it is tested apart).
RECORD_COMMANDS = [
    ("members",),
    ("member", "azer"),
    ("security",),
    ("security", "--compare"),
    ("roadmap",),
    ("benefits",),
    ("context",),
    ("about",),
    ("about", "--source"),
    ("search", "energy"),
    ("sql", "SELECT name, year_joined FROM members"),
    ("sql", "--tables"),
]


def fake_streams(
    *, is_tty: bool = False, color: bool = False, unicode: bool = True, width: int = 200
) -> Streams:
    """What stdout is, as a test wants it: output and messages go to StringIOs."""
    return Streams(
        stdout=io.StringIO(),
        stderr=io.StringIO(),
        is_tty=is_tty,
        color=color,
        unicode=unicode,
        width=width,
    )


# Whether the running test is marked `process`: only such a test may start a child, so
# that `-m "not process"` (the fast layer, and what mutmut runs) never starts one.
_may_start_processes = False


def pytest_runtest_setup(item: pytest.Item) -> None:
    # Before any fixture of the test is set up (a module-scoped fixture that runs bloc
    # counts for the test that first asks for it).
    global _may_start_processes
    _may_start_processes = item.get_closest_marker("process") is not None


def pytest_runtest_teardown(item: pytest.Item) -> None:
    global _may_start_processes
    _may_start_processes = False


def _starting_a_process() -> None:
    if not _may_start_processes:
        raise AssertionError(
            "this test starts a process: run bloc in this process with bloc(), "
            "or mark the test @pytest.mark.process if only a process shows what it checks"
        )


@dataclass
class Result:
    code: int
    out: str
    err: str


def bloc(
    *args: str,
    env: Mapping[str, str | None] | None = None,
    stdin: str | bytes | io.BytesIO | None = None,
    cwd: str | Path | None = None,
    streams: Streams | None = None,
) -> Result:
    """Run `bloc ARGS` in this process, as `run` does in a child: exit code, stdout, stderr.

    `stdin` is the text or bytes piped in, or a BytesIO to read (one that says it
    is a terminal, say). stdout and stderr are a UTF-8 pipe unless `streams` is given:
    then bloc renders for those streams (a terminal of its width, colour and Unicode; see
    `fake_streams`) and the text is read back from them. The environment starts from
    clean_environment() plus `env` (a variable set to None is unset) and is restored
    afterwards, as are the working folder, the signal handlers and the standard streams.
    What only a process shows (signals, closed or full streams, the pager, rich help on a terminal,
    start-up cost, the installed script) stays with `run`, `run_shell` and `run_in_terminal`."""
    from bloc_cli import process
    from bloc_cli.output import pager

    out: TextIO = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", newline="\n")
    err: TextIO = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="replace", newline="\n")
    if streams is not None:
        out, err = streams.stdout, streams.stderr or io.StringIO()
    if isinstance(stdin, io.BytesIO):
        piped = stdin
    else:
        piped = io.BytesIO(stdin.encode() if isinstance(stdin, str) else (stdin or b""))
    # Taken now, not at import: what a tool running the tests set since (mutmut names the
    # mutant under test in MUTANT_UNDER_TEST) must still hold inside bloc.
    environ = {**clean_environment(), **(env or {})}
    with ExitStack() as stack:
        stack.enter_context(patch.dict(os.environ, clear=True))
        os.environ.update({key: value for key, value in environ.items() if value is not None})
        stack.enter_context(patch.object(sys, "argv", ["bloc", *args]))
        stack.enter_context(patch.object(sys, "stdout", out))
        stack.enter_context(patch.object(sys, "stderr", err))
        stack.enter_context(patch.object(sys, "stdin", io.TextIOWrapper(piped)))
        stack.enter_context(patch.object(process, "_prepare_streams", lambda: None))
        stack.enter_context(patch.object(pager, "_turned_off", False))
        if streams is not None:
            given = streams

            def detect(*_: object, color_allowed: bool = True, **__: object) -> Streams:
                return given._replace(color=given.color and color_allowed)

            stack.enter_context(patch.object(Streams, "detect", detect))
        handlers = {number: signal.getsignal(number) for number in signals.STOP_SIGNALS}
        stack.callback(lambda: [signal.signal(n, h) for n, h in handlers.items()])
        if cwd is not None:  # (contextlib.chdir is Python 3.11+)
            stack.callback(os.chdir, os.getcwd())
            os.chdir(cwd)
        try:
            process.main()
            code = 0
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return Result(code, _text_of(out), _text_of(err))


def _text_of(stream: TextIO) -> str:
    stream.flush()
    buffer = getattr(stream, "buffer", None)
    if isinstance(buffer, io.BytesIO):
        return buffer.getvalue().decode("utf-8", errors="replace")
    return stream.getvalue() if isinstance(stream, io.StringIO) else ""


def run(
    *args: str,
    env: Mapping[str, str] | None = None,
    cwd: str | Path | None = None,
    stdin: str | None = None,
) -> Result:
    """Run `bloc ARGS` with stdout and stderr as pipes, as a script would."""
    _starting_a_process()
    done = subprocess.run(
        [BLOC, *args],
        capture_output=True,
        env={**BASE_ENV, **(env or {})},
        cwd=cwd,
        input=(stdin or "").encode(),
        timeout=60,
    )
    return Result(
        done.returncode,
        done.stdout.decode("utf-8", errors="replace"),
        done.stderr.decode("utf-8", errors="replace"),
    )


def run_shell(pipeline: str, env: Mapping[str, str] | None = None) -> Result:
    """Run a shell pipeline in which `bloc` names the installed script."""
    _starting_a_process()
    done = subprocess.run(
        pipeline.replace("bloc ", f"'{BLOC}' "),
        shell=True,
        capture_output=True,
        text=True,
        env={**BASE_ENV, **(env or {})},
        timeout=120,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def run_in_terminal(
    *args: str,
    env: Mapping[str, str | None] | None = None,
    columns: int = 120,
    rows: int = 50,
) -> Result:
    """Run `bloc ARGS` with stdout on a pseudo-terminal (stderr stays a pipe). Output
    taller than the terminal is not paged unless `env` names a pager; a variable set to
    None in `env` is unset."""
    _starting_a_process()
    leader, follower = pty.openpty()
    import fcntl
    import struct
    import termios

    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environ = {"TERM": "xterm-256color", "BLOC_PAGER": "cat", **BASE_ENV, **(env or {})}
    process = subprocess.Popen(
        [BLOC, *args],
        stdout=follower,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        env={key: value for key, value in environ.items() if value is not None},
    )
    os.close(follower)
    chunks: list[bytes] = []
    while True:
        ready, _, _ = select.select([leader], [], [], 30)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    err = process.stderr.read() if process.stderr else b""
    code = process.wait(timeout=30)
    out = b"".join(chunks).decode("utf-8", errors="replace").replace("\r\n", "\n")
    return Result(code, out, err.decode("utf-8", errors="replace"))


class Endless(io.RawIOBase):
    """A stream that never ends, as /dev/zero: a bounded read is answered in full, and a
    read to the end runs out of memory (here at once, not after all of it)."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        buffer[:] = b" " * len(buffer)
        return len(buffer)

    def readall(self) -> bytes:
        raise MemoryError("read to the end of an endless stream")


def bundled() -> dict[str, Any]:
    """The bundled dataset as plain JSON (for building variants of it)."""
    data: dict[str, Any] = json.loads(BUNDLED.read_text(encoding="utf-8"))
    return data


@pytest.fixture
def write_data(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a dataset (a dict, or raw text/bytes) to a file and return its path."""

    def write(content: object, name: str = "data.json") -> str:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
        return str(path)

    return write


def made(title: str = "T", **sections: Any) -> dict[str, Any]:
    """A small dataset (the one skeleton the tests build on): a source titled `title` with
    no provenance detail and no text, and empty sections unless given."""
    data: dict[str, Any] = {
        "source": {
            "title": title,
            "reported_by": None,
            "page_url": None,
            "image_caption": None,
            "image_url": None,
            "provenance": dict.fromkeys(PROVENANCE_SECTIONS),
        },
        "members": [],
        "security": [],
        "roadmap": [],
        "benefits": {"membership": [], "economic": []},
        "context": {
            "stated_aims": [],
            "shared_challenges": [],
            "security_threats": [],
            "joint_venture_sectors": [],
            "strategic_recommendations": [],
        },
    }
    data.update(sections)
    return data
