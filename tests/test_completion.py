"""Shell completion from the dataset in use: the candidates bloc answers a shell (in this
process), the scripts it prints, and TAB pressed in bash, zsh and fish (processes)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bloc_cli import typer_compat

from conftest import BASE_ENV, BLOC, BUNDLED, bloc, bundled, run, run_shell

Writer = Callable[..., str]

# What bloc answers a shell -----------------------------------------------------------------


def answer(
    line: str, shell: str = "bash", env: dict[str, str] | None = None, stdin: str | None = None
) -> list[str]:
    """What bloc answers a shell asking for the candidates at the end of `line` (the command
    line up to the cursor, as typed): the kind line, then the candidates one a line."""
    done = bloc(
        env={"_BLOC_COMPLETE": f"complete_{shell}", "_BLOC_COMPLETE_LINE": line, **(env or {})},
        stdin=stdin,
    )
    assert (done.code, done.err) == (0, "")
    assert done.out.endswith("\n"), done.out
    return done.out[:-1].split("\n")


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """The candidates bloc offers for the word at the end of `line` (a value, not a path)."""
    kind, *candidates = answer(line, env=env)
    assert kind == "values", (line, kind)
    return candidates


def test_completes_member_names() -> None:
    assert complete("bloc member K") == ["Kazakhstan", "Kyrgyzstan"]
    assert complete("bloc member ") == [
        "Kazakhstan",
        "Uzbekistan",
        "Turkmenistan",
        "Kyrgyzstan",
        "Tajikistan",
        "Azerbaijan",
    ]


def test_completes_aspects_areas_kinds_and_formats() -> None:
    assert complete("bloc security --aspect B") == ["Border Security Coordination"]
    assert complete("bloc roadmap --area E") == ["Energy Cooperation"]
    assert complete("bloc benefits --kind ") == ["membership", "economic"]
    assert complete("bloc members -f j") == ["json", "jsonl"]


def test_completes_each_comma_separated_field() -> None:
    assert complete("bloc members --fields ") == [
        "name",
        "year_joined",
        "contributions",
        "newest",
        "line",
        "quote",
    ]
    assert complete("bloc members --fields name,ye") == ["name,year_joined"]
    assert complete("bloc members --fields name,") == [
        "name,year_joined",
        "name,contributions",
        "name,newest",
        "name,line",
        "name,quote",
    ]
    assert complete("bloc members --fields name,newest,c") == ["name,newest,contributions"]
    assert complete("bloc members --fields newest,name,n") == []  # both chosen already
    assert complete("bloc members --fields bogus,na") == ["bogus,name"]  # kept as typed
    assert complete("bloc security --fields aspect,b") == ["aspect,before"]


def test_field_completion_offers_what_the_command_itself_prints() -> None:
    # The same records the command prints give the fields: --source and a query have their own.
    assert complete("bloc about --source --fields ti") == ["title"]
    assert complete("bloc sql 'SELECT name AS country FROM members' --fields c") == ["country"]
    # A word is never taken for a comment, whatever it holds (`#`, or any other letter).
    assert complete("bloc sql 'SELECT MAX(year_joined) AS x FROM members' --fields ") == ["x"]
    assert complete("bloc sql 'SELECT 1 AS \"#\"' --fields ") == ["#"]
    assert complete("bloc member X") == [] and complete("bloc member #") == []
    assert complete("bloc member kaz --fields ye") == ["year_joined"]
    assert complete("bloc sql --tables --fields pr") == ["primary_key"]
    assert complete("bloc export out --fields by") == ["bytes"]


def test_field_completion_runs_no_export_and_waits_for_a_missing_argument(
    tmp_path: Path,
) -> None:
    assert complete(f"bloc export {tmp_path / 'out'} --fields ") == ["file", "rows", "bytes"]
    assert not (tmp_path / "out").exists()
    assert complete("bloc member --fields ") == []
    assert complete("bloc member atlantis --fields ") == []  # no such member: no records


def test_completing_a_querys_fields_leaves_no_time_limit_running() -> None:
    # The query's time limit watches until the output is written; completion writes no
    # output of the query, so it must stop the watch (which would end the run after 1 s).
    assert complete("bloc sql 'SELECT name AS country FROM members' --fields c") == ["country"]
    deadline = time.monotonic() + 2
    while any(thread.name == "bloc-sql-output" for thread in threading.enumerate()):
        assert time.monotonic() < deadline, "the time limit still watches"
        time.sleep(0.01)


def test_field_completion_of_an_endless_query_gives_up_within_a_second() -> None:
    # The query runs to learn its columns; a TAB must not keep the shell for --timeout.
    endless = (
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c"
    )
    began = time.monotonic()
    assert complete(f"bloc sql '{endless}' --timeout 30 --fields ") == []
    assert time.monotonic() - began < 1.9


def test_completes_table_and_column_names_in_a_query() -> None:
    assert complete("bloc sql member") == ["member", "member_contributions", "members"]
    assert answer("bloc sql 'SELECT * FROM MEMBER_c") == [
        "values '",
        "SELECT * FROM member_contributions",
    ]
    assert answer("bloc sql 'SELECT year_j") == ["values '", "SELECT year_joined"]


def test_completion_follows_the_data_option(write_data: Writer) -> None:
    data = bundled()
    data["members"] = [{"name": "Zed", "year_joined": None, "contributions": None, "newest": True}]
    path = write_data(data)
    assert complete(f"bloc --data {path} member ") == ["Zed"]
    assert complete(f"bloc member --data {path} ") == ["Zed"]  # given after the command
    assert complete("bloc member ", env={"BLOC_DATA": path}) == ["Zed"]
    data["security"] = [{**data["security"][0], "aspect": "Zone"}]
    data["roadmap"] = [{**data["roadmap"][0], "area": "Zinc"}]
    path = write_data(data, "more.json")
    assert complete(f"bloc --data {path} security --aspect ") == ["Zone"]
    assert complete(f"bloc --data {path} roadmap --area ") == ["Zinc"]


def test_completion_with_unloadable_data_offers_nothing_and_does_not_fail(
    write_data: Writer,
) -> None:
    assert complete("bloc --data /nonexistent.json member ") == []
    assert complete(f"bloc --data {write_data('{')} security --aspect ") == []
    assert complete("bloc roadmap --area ", env={"BLOC_DATA": "/nonexistent.json"}) == []


def test_completes_shells_and_command_names() -> None:
    assert complete("bloc completion ") == ["bash", "zsh", "fish"]
    assert complete("bloc completion f") == ["fish"]
    assert complete("bloc help memb") == ["members", "member"]
    assert complete("bloc help ") == [
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
        "help",
        "completion",
    ]


def test_at_the_program_name_or_with_no_line_the_commands_are_offered() -> None:
    commands = complete("bloc ")
    assert commands[:3] == ["members", "member", "security"] and len(commands) == 15
    assert complete("bloc") == commands  # the word at the cursor is bloc's own name
    # A shell that sends no line at all (Typer's older protocol) gets the same.
    done = bloc(env={"_BLOC_COMPLETE": "complete_bash"})
    assert (done.code, done.out, done.err) == (0, "\n".join(["values", *commands]) + "\n", "")


def test_a_mistake_before_the_cursor_does_not_stop_completion() -> None:
    # The command line is not yet whole: a repeated option or a word left over is for the
    # run to refuse, not the TAB.
    assert complete("bloc members --since 1992 --since 1993 --fields na") == ["name"]
    assert complete("bloc members extra --fields na") == ["name"]


def test_no_such_command_offers_nothing() -> None:
    assert answer("bloc membrs ") == ["values"]
    assert answer("bloc membrs --fields ") == ["values"]


def test_candidates_match_the_typed_word_in_any_case() -> None:
    assert complete("bloc member kaz") == ["Kazakhstan"]
    assert complete("bloc roadmap --area t") == ["Trade & Infrastructure"]
    assert complete("bloc security --aspect bORDER") == ["Border Security Coordination"]
    assert complete("bloc members --fields NAME,YE") == ["name,year_joined"]
    assert complete("bloc benefits --kind ECO") == ["economic"]
    assert complete("bloc MEMB") == ["members", "member"]


def test_a_value_that_is_no_path_never_offers_file_names() -> None:
    # bloc answers `values` (nothing else for the shell to add), never `files`.
    assert answer("bloc member R") == ["values"]
    assert answer("bloc members --since ") == ["values"]
    assert answer("bloc search ") == ["values"]
    assert answer("bloc members ") == ["values"]


def test_a_path_completes_file_names() -> None:
    assert answer("bloc --data ") == ["files"]
    assert answer("bloc members --data ") == ["files"]
    assert answer("bloc export ") == ["files"]
    assert answer("bloc verify --against ") == ["files"]
    assert answer("bloc --data d", "fish") == ["files"]


def test_an_option_value_after_equals_keeps_the_option_where_the_shell_replaces_it() -> None:
    # bash's word starts after the `=`; zsh and fish replace the whole `--fields=na`.
    assert answer("bloc members --fields=na", "bash") == ["values", "name"]
    assert answer("bloc members --fields=na", "zsh") == ["values", "--fields=name"]
    assert answer("bloc members --fields=na", "fish") == ["values", "--fields=name"]
    assert answer("bloc members --fields=", "zsh")[1:3] == ["--fields=name", "--fields=year_joined"]


def test_an_open_quote_is_told_to_the_shell() -> None:
    assert answer("bloc roadmap --area 'T") == ["values '", "Trade & Infrastructure"]
    assert answer('bloc roadmap --area "t') == ['values "', "Trade & Infrastructure"]
    assert answer("bloc roadmap --area 'Trade & ") == ["values '", "Trade & Infrastructure"]
    # Escaped with backslashes, no quote is open: the shell quotes the name its own way.
    assert answer("bloc roadmap --area Trade\\ \\&") == ["values", "Trade & Infrastructure"]


def test_a_quoted_word_before_the_cursor_is_one_word() -> None:
    # `'Trade & Infrastructure'` is one argument once the shell removes its quotes.
    assert complete("bloc roadmap --area 'Trade & Infrastructure' --fields ar") == ["area"]
    assert complete('bloc member "kaz" --fields ye') == ["year_joined"]


def test_fish_shows_a_description_beside_each_option_and_command() -> None:
    # fish shows what follows a tab as the candidate's description; bash and zsh get words.
    assert answer("bloc members --f", "fish") == [
        "values",
        "--format\tOutput format: table, plain, markdown, json, jsonl, csv, tsv. "
        "Default: table on a terminal, tsv in a pipe.",
        "--fields\tComma-separated fields to show, in this order (alone: list them).",
    ]
    assert answer("bloc members --f", "bash") == ["values", "--format", "--fields"]
    assert answer("bloc members --f", "zsh") == ["values", "--format", "--fields"]
    assert answer("bloc memb", "fish") == [
        "values",
        "members\tList the member states: year joined, main...",
        "member\tShow everything the dataset says about one...",
    ]
    assert answer("bloc member K", "fish") == ["values", "Kazakhstan", "Kyrgyzstan"]


# Names a dataset holds are data: offered as they are, or not at all -----------------------

# Member names a hostile dataset may hold: each must come back exactly, and nothing run.
HOSTILE = [
    "K$(touch PWNED)",
    "B`touch PWNED`",
    "semi;colon",
    "amp&ersand",
    "/etc/pass*",
    'quote\'s "double"',
    "Win\\dows",
    "pipe|line > out",
    "Z\\$(touch PWNED)",  # Typer's zsh script ran this one at the TAB
]


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """A dataset of hostile member names, written as hostile.json in its own folder."""
    data = bundled()
    template = data["members"][0]
    data["members"] = [{**template, "name": name, "newest": False} for name in HOSTILE]
    data["members"][0]["newest"] = True
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("shell_name", ["bash", "zsh", "fish"])
def test_hostile_names_are_answered_exactly_as_they_are(shell_name: str, hostile: Path) -> None:
    assert answer(f"bloc --data {hostile} member ", shell_name) == ["values", *HOSTILE]


def test_completion_never_offers_a_name_with_an_escape_sequence(write_data: Writer) -> None:
    data = bundled()
    data["members"][0]["name"] = "Kazakhstan\x1b]52;c;aGk=\x07"
    path = write_data(data)
    assert complete(f"bloc --data {path} member K") == ["Kyrgyzstan"]


def test_completion_leaves_out_a_name_that_cannot_travel_one_a_line(write_data: Writer) -> None:
    # A newline would split a name in two candidates, a tab would start fish's description.
    data = bundled()
    data["members"][0]["name"] = "Kazakh\nstan"
    data["members"][1]["name"] = "Kuzbek\tistan"
    path = write_data(data)
    assert complete(f"bloc --data {path} member K") == ["Kyrgyzstan"]
    assert answer(f"bloc --data {path} member K", "fish") == ["values", "Kyrgyzstan"]


def test_completion_leaves_out_an_empty_name() -> None:
    # A query may name a column "": it is no word to insert.
    assert complete("""bloc sql 'SELECT 1 AS "", 2 AS b' --fields """) == ["b"]


def test_completion_with_data_from_stdin_reads_no_stdin(tmp_path: Path) -> None:
    # `--data -` names standard input, which is the shell's while it completes: bloc must
    # neither wait for it nor read it (here it holds a dataset), and offers no names, even
    # where a file is named `-`.
    (tmp_path / "-").write_text(json.dumps(bundled()), encoding="utf-8")
    line = "bloc --data - member K"
    done = bloc(
        env={"_BLOC_COMPLETE": "complete_bash", "_BLOC_COMPLETE_LINE": line},
        stdin=json.dumps(bundled()),
        cwd=tmp_path,
    )
    assert (done.code, done.out, done.err) == (0, "values\n", "")


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[Path]:
    """A FIFO as --data. Should bloc open it to read, a writer comes along (rather than the
    test hanging) and gives it a dataset of one member, Kwaited."""
    path = tmp_path / "data.fifo"
    os.mkfifo(path)
    data = bundled()
    data["members"] = [{**data["members"][0], "name": "Kwaited"}]
    text = json.dumps(data).encode()
    done = threading.Event()

    def writer() -> None:
        while not done.wait(0.05):
            try:  # succeeds only once a reader has the FIFO open
                descriptor = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                continue
            os.set_blocking(descriptor, True)
            with os.fdopen(descriptor, "wb") as pipe:
                pipe.write(text)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    yield path
    done.set()
    thread.join()


def test_completion_with_a_fifo_as_data_does_not_wait_for_a_writer(fifo: Path) -> None:
    # Reading a FIFO waits for a writer: a TAB would hang the shell's prompt.
    assert answer(f"bloc --data {fifo} member K") == ["values"]


# `bloc completion SHELL`: the script of the shell named, whichever shell runs bloc. ---------

SCRIPT_MARKERS = {
    "bash": "complete -F _bloc_completion bloc",
    "zsh": "#compdef bloc",
    "fish": "complete --command bloc --no-files",
}


def test_completion_prints_the_script_of_the_named_shell_from_any_shell() -> None:
    for running in ("bash", "zsh", "fish"):
        for named, marker in SCRIPT_MARKERS.items():
            result = bloc("completion", named, env={"SHELL": f"/bin/{running}"})
            assert (result.code, result.err) == (0, ""), (running, named)
            assert marker in result.out and "_BLOC_COMPLETE=complete_" + named in result.out
            others = [m for shell, m in SCRIPT_MARKERS.items() if shell != named]
            assert not any(other in result.out for other in others), (running, named)


def test_a_shell_asking_for_the_script_gets_the_same_script() -> None:
    # `_BLOC_COMPLETE=source_SHELL bloc` is Typer's way of asking: bloc's own script too.
    for named, marker in SCRIPT_MARKERS.items():
        result = bloc(env={"_BLOC_COMPLETE": f"source_{named}"})
        assert (result.code, result.err) == (0, "")
        assert result.out == bloc("completion", named).out
        assert marker in result.out


@pytest.mark.process
def test_the_fish_script_run_from_bash_is_still_fish_syntax() -> None:
    # The README's fish recipe may be run from another shell: the script is the one named.
    assert SCRIPT_MARKERS["fish"] in run_shell("bash -c 'bloc completion fish'").out


def test_no_script_evaluates_what_bloc_prints() -> None:
    # Typer's zsh script ran `eval` on bloc's answer and its bash script fell back to file
    # names (`complete -o default`): bloc's own scripts do neither.
    for shell in ("bash", "zsh", "fish"):
        script = bloc("completion", shell).out
        assert not re.search(r"\beval\b|_arguments", script), shell
        assert "-o default -F" not in script and "--keep-order --files" not in script


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    result = bloc("completion", "tcsh")
    assert (result.code, result.out) == (2, "")
    # typer 0.29 checks the choice itself, in its words (tests/test_typer_compat.py).
    listed = "bash, zsh, fish" if typer_compat.CLICK_TYPES else "'bash', 'zsh', 'fish'"
    refused = "" if typer_compat.CLICK_TYPES else "value error, "
    assert result.err == (
        f"bloc: error: completion: {refused}'tcsh' is not one of {listed} "
        "(see 'bloc completion -h')\n"
    )


@pytest.mark.process
@pytest.mark.parametrize("index", ["abc", "²"])
def test_a_malformed_completion_word_index_never_crashes(index: str) -> None:
    # Read as the process starts (by Click's bash completion), so only a process shows it.
    result = run(
        env={"_BLOC_COMPLETE": "complete_bash", "COMP_WORDS": "bloc mem", "COMP_CWORD": index}
    )
    assert result.code == 0, result.err
    assert "Traceback" not in result.err and "error" not in result.err


def need(program: str) -> str:
    """The path of `program`; the test skips if this machine lacks it (.ci/run installs it)."""
    path = shutil.which(program)
    if path is None:
        pytest.skip(f"{program} is not installed (.ci/run installs it: apt-get install {program})")
    return path


@pytest.mark.process
def test_without_zsh_fish_or_tmux_the_shell_tests_skip_and_say_why(tmp_path: Path) -> None:
    # A fresh machine may lack them: the README's test command still passes there.
    hidden = tmp_path / "bin"  # a PATH with bash and the basics, without zsh, fish and tmux
    hidden.mkdir()
    for tool in ("bash", "sh", "env", "cat", "ls"):
        found = shutil.which(tool)
        if found:
            (hidden / tool).symlink_to(found)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", __file__, "-q", "-rs", "-p", "no:cacheprovider"]
        + ["-k", "test_tab_ or first_tab"],
        capture_output=True,
        text=True,
        env={**BASE_ENV, "PATH": str(hidden)},
        cwd=Path(__file__).parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout
    assert "7 skipped" in done.stdout, done.stdout
    assert "tmux is not installed" in done.stdout and "zsh is not installed" in done.stdout


def shell(name: str, script: str, cwd: Path | None = None) -> str:
    """stdout of `script` run by the shell `name`, with the installed bloc on PATH."""
    env = {**BASE_ENV, "PATH": f"{Path(BLOC).parent}{os.pathsep}{BASE_ENV.get('PATH', '')}"}
    done = subprocess.run(
        [need(name), "-c", script], capture_output=True, text=True, env=env, cwd=cwd, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def bash_complete(line: str) -> str:
    """bash lines that complete `line` as bash does at a TAB with the cursor at its end."""
    return f"COMP_LINE={shlex.quote(line)}; COMP_POINT=${{#COMP_LINE}}; _bloc_completion bloc\n"


@pytest.mark.process
def test_bash_script_loaded_in_bash_completes_member_names() -> None:
    out = shell(
        "bash",
        "source <(bloc completion bash)\n"
        "complete -p bloc\n"
        + bash_complete("bloc member K")
        + 'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
        + bash_complete("bloc completion ")
        + 'printf "<%s>\\n" "${COMPREPLY[@]}"\n',
    )
    assert out.splitlines() == [
        "complete -F _bloc_completion bloc",
        "<Kazakhstan>",
        "<Kyrgyzstan>",
        "<bash>",
        "<zsh>",
        "<fish>",
    ]


@pytest.mark.process
def test_bash_quotes_every_hostile_name_it_inserts_and_runs_nothing(hostile: Path) -> None:
    # COMPREPLY is what bash inserts; `eval` here is the shell reading the inserted text.
    out = shell(
        "bash",
        "source <(bloc completion bash)\n"
        + bash_complete("bloc --data hostile.json member ")
        + 'for reply in "${COMPREPLY[@]}"; do eval "printf \'<%s>\\n\' $reply"; done\n'
        + bash_complete("bloc --data hostile.json member k")
        + 'printf "[%s]\\n" "${COMPREPLY[@]}"\n',
        cwd=hostile.parent,
    )
    assert out.splitlines() == [f"<{name}>" for name in HOSTILE] + ["['K$(touch PWNED)']"]
    assert not (hostile.parent / "PWNED").exists()


@pytest.mark.process
def test_bash_offers_no_exclamation_mark_inside_double_quotes(tmp_path: Path) -> None:
    # Inside "..." an interactive bash expands `!!` to the last command line (a hostile
    # review ran code that way), and keeps a backslash put before it: such a name is
    # offered only outside quotes, single-quoted, where ! is inert.
    data = bundled()
    template = data["members"][0]
    data["members"] = [
        {**template, "name": name, "newest": name == "Kapa"} for name in ("K!!x", "Kapa")
    ]
    (tmp_path / "bang.json").write_text(json.dumps(data), encoding="utf-8")
    out = shell(
        "bash",
        "source <(bloc completion bash)\n"
        + bash_complete('bloc --data bang.json member "K')
        + 'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
        + bash_complete("bloc --data bang.json member K")
        + 'printf "[%s]\\n" "${COMPREPLY[@]}"\n',
        cwd=tmp_path,
    )
    assert out.splitlines() == ["<Kapa>", "['K!!x']", "[Kapa]"]


# At a real terminal (tmux): type a command line, press TAB, then run what the shell made
# of it under printf, which shows the words the shell parsed from the inserted text.
SETUP = {
    "bash": ("bash --norc --noprofile", "PS1='$ '; source <(bloc completion bash)"),
    "zsh": (
        "zsh -f",
        "PS1='$ '; autoload -Uz compinit; compinit -u -D; source <(bloc completion zsh)",
    ),
    "fish": (
        "fish --no-config",
        "function fish_prompt; echo '$ '; end; bloc completion fish | source",
    ),
}


def words_after_tab(shell_name: str, lines: list[str], cwd: Path) -> list[list[str]]:
    """For each of `lines`, the words (after `bloc`) that the shell runs once TAB is pressed
    at the end of it, in a terminal (tmux) whose working directory is `cwd`."""
    tmux = [need("tmux"), "-S", str(cwd / "tmux.sock")]
    command, setup = SETUP[shell_name]
    need(command.split()[0])
    env = {
        **BASE_ENV,
        "PATH": f"{Path(BLOC).parent}{os.pathsep}{BASE_ENV.get('PATH', '')}",
        "HOME": str(cwd),
        "XDG_CONFIG_HOME": str(cwd / ".config"),
        "XDG_DATA_HOME": str(cwd / ".local"),
        "TERM": "xterm",
    }
    start = [*tmux, "new-session", "-d", "-x", "250", "-y", "50", "-c", str(cwd), command]
    subprocess.run(start, env=env, check=True, timeout=30)

    def keys(text: str) -> None:
        hexes = [f"{byte:02x}" for byte in text.encode()]
        subprocess.run([*tmux, "send-keys", "-H", *hexes], check=True, timeout=30)

    try:
        keys(setup + "\r")
        # The keys after TAB wait in the terminal until the shell has completed the line.
        for index, line in enumerate(lines):
            keys(f"{line}\t\x01printf '<%s>\\n' \x05 @@{index}@@\r")
        deadline = time.monotonic() + 60
        screen = ""
        while f"<@@{len(lines) - 1}@@>" not in screen and time.monotonic() < deadline:
            time.sleep(0.2)
            capture = [*tmux, "capture-pane", "-p", "-J", "-S", "-"]
            screen = subprocess.run(capture, capture_output=True, text=True, timeout=30).stdout
    finally:
        subprocess.run([*tmux, "kill-server"], capture_output=True, timeout=30)
    printed = [row.rstrip() for row in screen.splitlines()]
    found = []
    for index in range(len(lines)):
        assert f"<@@{index}@@>" in printed, (lines[index], screen)
        end = printed.index(f"<@@{index}@@>")
        begin = max(i for i in range(end) if printed[i] == "<bloc>")
        found.append([row[1:-1] for row in printed[begin + 1 : end]])
    return found


@pytest.mark.process
@pytest.mark.parametrize("shell_name", ["bash", "zsh", "fish"])
def test_tab_inserts_each_hostile_name_quoted_and_runs_nothing(
    shell_name: str, hostile: Path
) -> None:
    typed = ["K", "b", "s", "a", "/", "q", "w", "p", "Z", "'q", '"w']
    expected = [*HOSTILE, HOSTILE[5], HOSTILE[6]]
    found = words_after_tab(
        shell_name, [f"bloc --data hostile.json member {word}" for word in typed], hostile.parent
    )
    assert found == [["--data", "hostile.json", "member", name] for name in expected]
    assert sorted(
        path.name for path in hostile.parent.iterdir() if not path.name.startswith(".")
    ) == [
        "hostile.json",
        "tmux.sock",
    ]


@pytest.mark.process
@pytest.mark.parametrize("shell_name", ["bash", "zsh", "fish"])
def test_tab_matches_any_case_and_offers_files_only_for_paths(
    shell_name: str, tmp_path: Path
) -> None:
    (tmp_path / "README.md").write_text("not a member\n", encoding="utf-8")
    (tmp_path / "data.json").write_text(BUNDLED.read_text(encoding="utf-8"), encoding="utf-8")
    lines = [
        "bloc member kaz",
        "bloc roadmap --area t",
        "bloc member R",
        "bloc benefits --kind R",
        "bloc --data da",
        "bloc export RE",
        "bloc members --fields=na",
    ]
    assert words_after_tab(shell_name, lines, tmp_path) == [
        ["member", "Kazakhstan"],
        ["roadmap", "--area", "Trade & Infrastructure"],
        ["member", "R"],
        ["benefits", "--kind", "R"],
        ["--data", "data.json"],
        ["export", "README.md"],
        ["members", "--fields=name"],
    ]


# zsh completes only in its line editor: a zsh drives another on a pseudo-terminal (zpty),
# types `bloc member K` and TAB, and reads the screen.
ZPTY = """
zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'PS1="> "; {setup}'
zpty -w -n z $'bloc member K\\t'
out=""
for i in {{1..100}}; do
  while zpty -r -t z chunk; do out+=$chunk; done
  [[ $out == *Kyrgyzstan* ]] && break
  sleep 0.1
done
zpty -d z
print -r -- "$out"
"""


@pytest.mark.process
def test_zsh_script_completes_on_the_first_tab_from_fpath_or_sourced(tmp_path: Path) -> None:
    (tmp_path / "_bloc").write_text(run("completion", "zsh").out, encoding="utf-8")
    compinit = "autoload -Uz compinit; compinit -u -D"
    for setup in (
        f"fpath=({tmp_path} $fpath); {compinit}",  # the README's recipe: a file on $fpath
        f"{compinit}; source <(bloc completion zsh)",
    ):
        out = shell("zsh", ZPTY.format(setup=setup))
        listed = out.partition("bloc member K")[2]  # the screen after the TAB
        assert "Kazakhstan" in listed and "Kyrgyzstan" in listed, (setup, out)
