"""Shell completion from the dataset in use, and what start-up leaves unloaded."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from conftest import BASE_ENV, BLOC, bundled, run, run_shell

Writer = Callable[..., str]

# completion ---------------------------------------------------------------------------------


def complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    """Candidates Typer's bash completion offers for the last word of `words`."""
    # Click splits COMP_WORDS as a shell would (a quoted query is one word); the last word
    # may be empty (a trailing space: completing a new word).
    parts = shlex.split(words) + ([""] if words.endswith(" ") else [])
    done = subprocess.run(
        [BLOC],
        capture_output=True,
        text=True,
        env={
            **BASE_ENV,
            "_BLOC_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(parts) - 1),
            **(env or {}),
        },
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.split("\n") if line]


def test_completes_member_names() -> None:
    assert complete("bloc member K") == ["Kazakhstan", "Kyrgyzstan"]
    assert len(complete("bloc member ")) == 6


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
    assert "name,name" not in complete("bloc members --fields name,")
    assert complete("bloc security --fields aspect,b") == ["aspect,before"]


def test_field_completion_offers_what_the_command_itself_prints() -> None:
    # The same records the command prints give the fields: --source and a query have their own.
    assert complete("bloc about --source --fields ti") == ["title"]
    assert complete("bloc sql 'SELECT name AS country FROM members' --fields c") == ["country"]
    assert complete("bloc member kaz --fields ye") == ["year_joined"]
    assert complete("bloc sql --tables --fields pr") == ["primary_key"]
    assert complete("bloc export out --fields by") == ["bytes"]


def test_field_completion_runs_no_export_and_waits_for_a_missing_argument(
    tmp_path: Path,
) -> None:
    assert complete(f"bloc export {tmp_path / 'out'} --fields ") == ["file", "rows", "bytes"]
    assert not (tmp_path / "out").exists()
    assert complete("bloc member --fields ") == []


def test_completes_table_names_in_a_query() -> None:
    assert complete("bloc sql member") == ["member", "member_contributions", "members"]


def test_completion_follows_the_data_option(write_data: Writer) -> None:
    data = bundled()
    data["members"] = [{"name": "Zed", "year_joined": None, "contributions": None, "newest": True}]
    path = write_data(data)
    assert complete(f"bloc --data {path} member ") == ["Zed"]
    assert complete("bloc member ", env={"BLOC_DATA": path}) == ["Zed"]


def test_completion_with_unloadable_data_offers_nothing_and_does_not_fail() -> None:
    assert complete("bloc --data /nonexistent.json member ") == []


def test_completes_shells_and_command_names() -> None:
    assert complete("bloc completion ") == ["bash", "zsh", "fish"]
    assert complete("bloc completion f") == ["fish"]
    assert complete("bloc help memb") == ["members", "member"]


# `bloc completion SHELL`: the script of the shell named, whichever shell runs bloc. ---------

SCRIPT_MARKERS = {
    "bash": "complete -o default -F _bloc_completion bloc",
    "zsh": "#compdef bloc",
    "fish": "complete --command bloc --no-files",
}


def test_completion_prints_the_script_of_the_named_shell_from_any_shell() -> None:
    for running in ("bash", "zsh", "fish"):
        for named, marker in SCRIPT_MARKERS.items():
            result = run("completion", named, env={"SHELL": f"/bin/{running}"})
            assert (result.code, result.err) == (0, ""), (running, named)
            assert marker in result.out and "_BLOC_COMPLETE=complete_" + named in result.out
            others = [m for shell, m in SCRIPT_MARKERS.items() if shell != named]
            assert not any(other in result.out for other in others), (running, named)
    # Run from bash, as the README's fish recipe is: still fish's own syntax.
    assert SCRIPT_MARKERS["fish"] in run_shell("bash -c 'bloc completion fish'").out


def test_completion_of_an_unknown_shell_is_a_usage_error() -> None:
    result = run("completion", "tcsh")
    assert (result.code, result.out) == (2, "")
    assert "completion: 'tcsh' is not one of bash, zsh, fish" in result.err


def shell(name: str, script: str) -> str:
    """stdout of `script` run by the shell `name`, with the installed bloc on PATH."""
    path = shutil.which(name)
    assert path, f"{name} is not installed (.ci/run installs it: apt-get install -y zsh fish)"
    env = {**BASE_ENV, "PATH": f"{Path(BLOC).parent}{os.pathsep}{BASE_ENV.get('PATH', '')}"}
    done = subprocess.run([path, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_bash_script_loaded_in_bash_completes_member_names() -> None:
    out = shell(
        "bash",
        "source <(bloc completion bash)\n"
        "complete -p bloc\n"
        "COMP_WORDS=(bloc member K); COMP_CWORD=2; _bloc_completion bloc\n"
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(bloc completion ''); COMP_CWORD=2; _bloc_completion bloc\n"
        'printf "<%s>\\n" "${COMPREPLY[@]}"\n',
    )
    assert out.splitlines() == [
        "complete -o default -F _bloc_completion bloc",
        "<Kazakhstan>",
        "<Kyrgyzstan>",
        "<bash>",
        "<zsh>",
        "<fish>",
    ]


def test_fish_script_loaded_in_fish_completes_member_names() -> None:
    out = shell(
        "fish",
        "bloc completion fish | source\n"
        "complete --do-complete 'bloc member K'\n"
        "echo ==\n"
        "complete --do-complete 'bloc members -f j'\n",
    )
    assert out.splitlines() == ["Kazakhstan", "Kyrgyzstan", "==", "json", "jsonl"]


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


LAZY = ("sqlite3", "bloc_cli.sql", "bloc_cli.export", "bloc_cli.database")


def test_sql_and_export_do_not_load_at_start_up() -> None:
    probe = f"import sys, bloc_cli.cli; print([m for m in sys.modules if m.startswith({LAZY!r})])"
    python = os.path.join(os.path.dirname(BLOC), "python")
    done = subprocess.run(
        [python, "-c", probe], capture_output=True, text=True, env=BASE_ENV, timeout=60
    )
    assert done.stdout.strip() == "[]", done.stderr


def test_completion_never_offers_a_name_with_an_escape_sequence(write_data: Writer) -> None:
    data = bundled()
    data["members"][0]["name"] = "Kazakhstan\x1b]52;c;aGk=\x07"  # type: ignore[index]
    path = write_data(data)
    assert complete(f"bloc --data {path} member K") == ["Kyrgyzstan"]
