"""What bloc does before a command runs and after it fails, in this process: the console
script's entry (too little memory even to import bloc), the standard streams it sets up
(signals, whole writes, characters a stream cannot encode, a closed stdout, screen-size
settings), and stdout dropped once writing it failed. The same seen from a shell (a real
`>&-`, `ulimit -v`, SIGPIPE) is in test_signals_and_streams.py and test_bounds.py."""

from __future__ import annotations

import builtins
import importlib
import io
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from unittest.mock import patch

import pytest

from bloc_cli import process, signals, typer_compat

from conftest import clean_environment

# The signals _prepare_streams sets, and what it sets them to.
PIPE_AND_FILE_SIZE = {signal.SIGPIPE: signal.SIG_DFL, signal.SIGXFSZ: signal.SIG_IGN}


@pytest.fixture
def restored() -> Iterator[None]:
    """The standard streams, the environment and the signal handlers, put back after."""
    numbers = [*signals.STOP_SIGNALS, *PIPE_AND_FILE_SIZE]
    handlers = {number: signal.getsignal(number) for number in numbers}
    streams = sys.stdin, sys.stdout, sys.stderr
    argv = sys.argv
    with patch.dict(os.environ, clear=True):
        os.environ.update(clean_environment())
        try:
            yield
        finally:
            sys.stdin, sys.stdout, sys.stderr = streams
            sys.argv = argv
            for number, handler in handlers.items():
                signal.signal(number, handler)


def file_stream(path: Path, encoding: str = "utf-8") -> io.TextIOWrapper:
    """A text stream on a real file descriptor, as Python's own stdout is."""
    return io.TextIOWrapper(open(path, "wb"), encoding=encoding, errors="strict")


def main_module() -> ModuleType:
    """bloc_cli.__main__, imported with the pytest process's own signal handlers kept."""
    handlers = {number: signal.getsignal(number) for number in signals.STOP_SIGNALS}
    try:
        return importlib.import_module("bloc_cli.__main__")
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)


# The console script: too little memory to import bloc --------------------------------


def refusing(error: BaseException) -> Any:
    """An __import__ that fails with `error` when bloc_cli.__main__ imports the process."""
    real = builtins.__import__

    def imports(name: str, *args: Any, **kwargs: Any) -> Any:
        fromlist = args[2] if len(args) > 2 else kwargs.get("fromlist")
        if name == "bloc_cli" and fromlist and "process" in fromlist:
            raise error
        return real(name, *args, **kwargs)

    return imports


@pytest.mark.parametrize(
    "error",
    [
        MemoryError(),
        ImportError("libfoo.so: failed to map segment from shared object"),
        SystemError("error return without exception set"),
    ],
    ids=["MemoryError", "a C extension not mapped", "a lost MemoryError"],
)
def test_too_little_memory_to_import_bloc_is_one_line_and_exit_71(
    error: BaseException,
    restored: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    entry = main_module()
    monkeypatch.setattr(builtins, "__import__", refusing(error))
    with pytest.raises(SystemExit) as raised:
        entry.main()
    monkeypatch.undo()
    assert raised.value.code == 71
    assert capfd.readouterr() == ("", "bloc: error: out of memory\n")


@pytest.mark.parametrize(
    "error",
    [ImportError("No module named 'typer'"), SystemError("some other failure")],
    ids=["a missing module", "another SystemError"],
)
def test_an_import_that_fails_for_another_reason_is_not_called_out_of_memory(
    error: BaseException,
    restored: None,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    entry = main_module()
    monkeypatch.setattr(builtins, "__import__", refusing(error))
    with pytest.raises(type(error)) as raised:
        entry.main()
    monkeypatch.undo()
    assert raised.value is error
    assert capfd.readouterr().err == ""


def test_the_console_script_runs_bloc_with_the_collector_on_again(
    restored: None, capsys: pytest.CaptureFixture[str]
) -> None:
    entry = main_module()
    sys.argv = ["bloc", "--version"]
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    try:
        with pytest.raises(SystemExit) as raised:
            entry.main()
        assert (raised.value.code, sys.stdout.getvalue()) == (0, "bloc 0.1.0\n")
        # The cyclic garbage collector is off only while importing.
        import gc

        assert gc.isenabled()
    finally:
        import gc

        gc.unfreeze()


# The standard streams -------------------------------------------------------------------


def test_a_closed_stdout_is_exit_74_with_one_line(restored: None) -> None:
    sys.argv = ["bloc", "members"]
    sys.stdout = None  # as Python leaves it for `bloc >&-`
    sys.stderr = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        process.main()
    assert raised.value.code == 74
    assert sys.stderr.getvalue() == "bloc: error: cannot write output: stdout is closed\n"


def test_the_streams_degrade_what_they_cannot_encode_and_write_whole(
    restored: None, tmp_path: Path
) -> None:
    out, err = tmp_path / "out", tmp_path / "err"
    # Kept, as Python keeps sys.__stdout__: the streams bloc makes write to their descriptors.
    originals = file_stream(out, "ascii"), file_stream(err, "ascii")
    sys.stdout, sys.stderr = originals
    process._prepare_streams()
    print("Azerbaijan’s", file=sys.stdout, flush=True)
    print("Azerbaijan’s", file=sys.stderr, flush=True)
    assert out.read_text() == err.read_text() == "Azerbaijan?s\n"
    assert sys.stdout.encoding == sys.stderr.encoding == "ascii"
    assert sys.stdout is not originals[0] and sys.stderr is not originals[1]
    for stream in originals:
        stream.close()


def test_pipe_and_file_size_signals_are_set_for_a_unix_tool(restored: None) -> None:
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    signal.signal(signal.SIGXFSZ, signal.SIG_DFL)
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    process._prepare_streams()
    # A reader that stops early ends bloc quietly; a file-size limit is an error, not a core.
    assert {number: signal.getsignal(number) for number in PIPE_AND_FILE_SIZE} == (
        PIPE_AND_FILE_SIZE
    )


def test_a_closed_stderr_stays_closed(restored: None) -> None:
    sys.stdout, sys.stderr = io.StringIO(), None
    process._prepare_streams()
    assert sys.stderr is None


@pytest.mark.parametrize(
    ("settings", "left"),
    [
        ({"COLUMNS": "99999", "LINES": "x"}, {"COLUMNS": "1000"}),
        ({"COMP_CWORD": "²"}, {"COMP_CWORD": "0"}),
        ({"COMP_CWORD": "-1"}, {"COMP_CWORD": "0"}),
        ({"COMP_CWORD": " 3 "}, {"COMP_CWORD": " 3 "}),
        ({"COMP_CWORD": "12"}, {"COMP_CWORD": "12"}),
        ({}, {}),
    ],
    ids=str,
)
def test_screen_size_and_completion_settings_are_made_safe_to_read(
    restored: None, settings: dict[str, str], left: dict[str, str]
) -> None:
    # As bytes, as a shell sets them: in a C locale os.environ cannot take "²" as text.
    os.environb.update({name.encode(): value.encode() for name, value in settings.items()})
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    process._prepare_streams()
    names = ("COLUMNS", "LINES", "COMP_CWORD")
    assert {name: os.environ[name] for name in names if name in os.environ} == left


def test_output_not_yet_written_is_dropped_once_writing_failed(
    restored: None, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    sys.stdout = file_stream(out)
    sys.stdout.write("half a table")  # still in the buffer when the write failed
    process._discard_stdout()
    sys.stdout.flush()  # the interpreter's last flush: to /dev/null now
    sys.stdout.write("more\n")
    sys.stdout.flush()
    assert out.read_bytes() == b""
    sys.stdout.close()


def test_dropping_output_of_a_stream_without_a_descriptor_is_quiet(restored: None) -> None:
    sys.stdout = io.StringIO("kept")
    process._discard_stdout()
    assert sys.stdout.getvalue() == "kept"


@pytest.mark.parametrize("use", ["write", "fileno"])
def test_a_closed_stdout_fails_as_a_closed_descriptor_does(use: str) -> None:
    closed = process._ClosedStdout()
    with pytest.raises(OSError) as raised:
        closed.write("x") if use == "write" else closed.fileno()
    assert (raised.value.errno, raised.value.strerror) == (9, "stdout is closed")  # EBADF


class FullDisk(io.RawIOBase):
    """A file on a full disk: every write fails, as it would with ENOSPC, until freed."""

    full = True

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.full:
            raise OSError(28, "No space left on device")  # ENOSPC
        return len(data)


def test_a_full_disk_is_exit_74_with_one_line_even_when_only_the_last_flush_fails(
    restored: None,
) -> None:
    # The table is smaller than the buffer: it fails only when bloc flushes stdout.
    sys.argv = ["bloc", "members"]
    disk = FullDisk()
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(disk), encoding="utf-8")
    sys.stderr = io.StringIO()
    with pytest.raises(SystemExit) as raised:
        process.main()
    disk.full = False  # so that closing the stream later writes what is left
    assert raised.value.code == 74
    assert sys.stderr.getvalue() == "bloc: error: cannot write output: No space left on device\n"


def test_the_usage_names_bloc_whatever_the_script_is_called(restored: None) -> None:
    # As an installed script has its path in argv[0] (or `python -m bloc_cli` its module).
    sys.argv = ["/opt/tools/bin/bloc-0.1", "member", "-h"]
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as raised:
        process.main()
    assert raised.value.code == 0
    assert sys.stdout.getvalue().startswith("Usage: bloc member [OPTIONS] NAME\n")


def test_bloc_registers_its_own_answers_to_the_shells_on_every_completion(
    restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # None registered, as in a fresh process (Typer registers none for bloc): bloc's own
    # answers must be registered by the run itself.
    shells = sys.modules[typer_compat.add_completion_class.__module__]
    monkeypatch.setattr(shells, "_available_shells", {})
    os.environ.update({"_BLOC_COMPLETE": "complete_bash", "_BLOC_COMPLETE_LINE": "bloc memb"})
    sys.argv = ["bloc"]
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as raised:
        process.main()
    assert (raised.value.code, sys.stdout.getvalue()) == (0, "values\nmembers\nmember\n")


def test_a_command_that_succeeds_ends_with_exit_status_0_not_none(restored: None) -> None:
    # `sys.exit(None)` is 0 to a shell too, but a caller of main() reads the status itself.
    sys.argv = ["bloc", "member", "kaz", "--fields", "name"]
    sys.stdout, sys.stderr = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as raised:
        process.main()
    assert (raised.value.code, sys.stdout.getvalue()) == (0, "name\nKazakhstan\n")
