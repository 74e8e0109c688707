"""SQLite's error messages in bloc's voice, with what the user may have meant."""

from __future__ import annotations

from bloc_cli import database


def suggestion(message: str) -> str:
    """For SQLite's "no such table: X" or "no such column: X": the names close to X,
    and where to see them all; for "not authorized", what is (empty for other errors)."""
    if message == "not authorized":
        return " (the database is read-only: a single SELECT or WITH, core functions only)"
    for kind, known in (
        ("table", [table.name for table in database.TABLES]),
        ("column", [column.name for table in database.TABLES for column in table.columns]),
    ):
        prefix = f"no such {kind}: "
        if message.startswith(prefix):
            import difflib  # only on this error path

            name = message[len(prefix) :].rpartition(".")[2].lower()  # `m.nme` names `nme`
            close = difflib.get_close_matches(name, sorted(set(known)), n=3, cutoff=0.6)
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            return f"{hint} (bloc sql --tables lists the {kind}s)"
    return ""


def sentence(message: str) -> str:
    """A message as bloc writes one: lower case first (but a word in capitals, such as
    SQLite's LIKE, stays so), no closing full stop."""
    message = message.strip().rstrip(".")
    first_word = message.partition(" ")[0]
    if len(first_word) > 1 and first_word.isupper():  # LIKE, SQL, I/O
        return message
    return message[:1].lower() + message[1:]
