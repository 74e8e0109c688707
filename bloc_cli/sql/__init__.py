"""`bloc sql`: read-only SQL over the dataset in a sealed, in-memory SQLite database.

- `seal`: the database, sealed (SQLite's "Defense Against the Dark Arts" checklist);
- `runner`: the query on a worker thread, and the time limit until the result is written;
- `fetch`: the rows, within a memory budget, each value typed;
- `messages`: SQLite's errors in bloc's voice, with the names close to a misspelt one;
- `listing`: the tables and columns a query can name (`bloc sql --tables`).
"""

from bloc_cli.sql.listing import tables
from bloc_cli.sql.runner import DEFAULT_TIME_LIMIT, check_time_limit, limit_output, query

__all__ = ["DEFAULT_TIME_LIMIT", "check_time_limit", "limit_output", "query", "tables"]
