"""Digests of the records a table holds, read in one scan: what a re-import compares rows with.

Looking a row's stored record up by its key costs an index search and a fetch for each
row; reading the whole table once, a page at a time in id order, costs a fraction of
that for each record. Kept for each stored key are two numbers, whatever its text: the
hash of the key, and the hash of the key with the values a file may change (its
digest). A row whose digest is its key's is unchanged and needs nothing from the
store; only the others are looked up, to be updated with their values before.
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection, Date, Table

from trusted_trader.services.importing.touch_digest import bound

Key = tuple[Any, ...]
Pick = Callable[[Any], tuple[Any, ...]]

# CPython never gives -1 as a hash (it means an error inside), so it can stand for a key
# that more than one stored record holds: those rows are looked up, as before.
SEVERAL = -1
PAGE = 50_000  # records per query: a few MB at a time, whatever the table's size


def picker(
    positions: Sequence[Any], dates: Sequence[int] = (), day: Callable[[Any], Any] | None = None
) -> Pick:
    """The values at ``positions`` (indexes, or keys of a mapping), always as a tuple.

    ``itemgetter`` gives a single value for a single position. With ``day``, the
    picked values at the indexes ``dates`` are read by it.
    """
    if len(positions) >= 2:
        get: Pick = itemgetter(*positions)
    elif positions:
        at = positions[0]

        def get(values: Any) -> tuple[Any, ...]:
            return (values[at],)

    else:
        return lambda values: ()
    if day is None or not dates:
        return get

    def pick(values: Any) -> tuple[Any, ...]:
        picked = list(get(values))
        for i in dates:
            picked[i] = day(picked[i])
        return tuple(picked)

    return pick


@dataclass
class Sources:
    """The records that keep the digest of the cells they were imported from, in id order:
    their ids, that digest unbound with their version now (one an edit since has voided
    matches no row) and, once ``stored_digests`` has read them, ``hash(key)`` (0 before)."""

    ids: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]
    digests: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]
    keys: array = field(default_factory=lambda: array("q"))  # type: ignore[type-arg]


def source_digests(conn: Connection, table: Table) -> Sources:
    """The records' source digests, read alone: a quick scan, for the reader to start with."""
    sources = Sources()
    ids, digests = sources.ids.append, sources.digests.append
    unbound = {version: bound(0, version) for version in range(1, 16)}  # bound(d, v) = d ^ this
    for page in pages(conn, table, ["source_digest", "version"]):
        for record_id, digest, version in page:
            if digest is not None:
                ids(record_id)
                mask = unbound.get(version)
                digests(digest ^ mask if mask is not None else bound(digest, version))
    sources.keys = array("q", bytes(8 * len(sources.ids)))
    return sources


def stored_digests(
    conn: Connection,
    table: Table,
    key: Callable[[int, Sequence[Any]], Key],
    key_columns: Sequence[str],
    compared: Sequence[str],
    sources: Sources | None = None,
) -> dict[int, int]:
    """``hash(key)`` → digest of every record of ``table``; SEVERAL where records share a key.

    ``key`` makes a key of a partner id and the values of ``key_columns``, in order;
    the digest is of the key and the values of the ``compared`` columns, in order.
    With ``sources``, the key hashes of its records are filled in too.
    """
    columns = list(dict.fromkeys(["partner_id", *key_columns, *compared]))
    at = {name: i for i, name in enumerate(columns, start=1)}  # the id comes first
    # SQLite keeps dates as ISO text; PostgreSQL's driver gives dates.
    day = _Days().__getitem__ if conn.dialect.name == "sqlite" else None

    def pick(names: Sequence[str]) -> Pick:
        dates = [i for i, name in enumerate(names) if isinstance(table.c[name].type, Date)]
        return picker([at[name] for name in names], dates, day)

    pick_key, pick_compared, partner = pick(key_columns), pick(compared), at["partner_id"]
    found: dict[int, int] = {}
    setdefault = found.setdefault
    note = _noting(sources) if sources is not None else None
    for page in pages(conn, table, columns):
        for record in page:
            record_key = key(record[partner], pick_key(record))
            hashed = hash(record_key)
            value = hash((record_key, pick_compared(record)))
            if setdefault(hashed, value) != value:
                found[hashed] = SEVERAL
            if note is not None:
                note(record, hashed)
    return found


def _noting(sources: Sources) -> Callable[[Any, int], None]:
    """Fills in the key hash of each record of ``sources`` met, as the scan goes by id."""
    ids, keys = sources.ids, sources.keys
    end = len(ids)
    place = 0

    def note(record: Any, hashed: int) -> None:
        nonlocal place
        record_id = record[0]
        while place < end and ids[place] < record_id:  # gone since: its key stays unknown
            place += 1
        if place < end and ids[place] == record_id:
            keys[place] = hashed
            place += 1

    return note


def pages(conn: Connection, table: Table, columns: Sequence[str]) -> Iterator[list[Any]]:
    """Every record's id and ``columns``, in id order, PAGE records at a time.

    On the driver's own cursor: a million records through SQLAlchemy's result rows
    would cost seconds more. Paged by id, so memory stays small on both databases
    (psycopg reads a whole result at once).
    """
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (
        f"SELECT {', '.join(['id', *columns])} FROM {table.name} "
        f"WHERE id > {mark} ORDER BY id LIMIT {PAGE}"
    )
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    last = 0
    try:
        while True:
            cursor.execute(sql, (last,))
            records = cursor.fetchall()
            if not records:
                return
            last = records[-1][0]
            yield records
    finally:
        cursor.close()


class _Days(dict[Any, Any]):
    """ISO text → date, each text read once (a table holds a few thousand days)."""

    def __missing__(self, text: Any) -> Any:
        day = text if text is None else date.fromisoformat(text)
        self[text] = day
        return day
