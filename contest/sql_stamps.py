"""Stamps of what a per-process cache was built from, computed by the database.

A value kept per process (a judge's queue, the organizers' filter choices, the
edition's shared featured people) must be what the database holds now, whichever
process (or script) changed it. Its stamp is the rows it was built from: each row's
values as one unambiguous text (``fingerprint``), the rows joined in a fixed order
(``stamp``). One short statement returns the stamp of now, compared with the stamp
the kept value was built under; the build computes its stamp from the very rows it
read (``stamp_of_rows``), with the same SQL expression, so a kept value is only ever
used while every value it was built from is unchanged. Comparing a few hundred
kilobytes of text costs a few microseconds; reading and building the rows costs
milliseconds.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence

from sqlalchemy import Integer, Select, String, Text, cast, func, literal, select
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

ROW_SEP = "\n"  # between the rows of a stamp


class _length(FunctionElement):
    """SQL: the length of a text, in the cheapest unit the database knows it: bytes
    on PostgreSQL (stored with the value), characters elsewhere."""

    type = Integer()
    inherit_cache = True
    name = "length"


@compiles(_length)
def _length_default(element, compiler, **kw):
    return f"length({compiler.process(element.clauses, **kw)})"


@compiles(_length, "postgresql")
def _length_postgresql(element, compiler, **kw):
    return f"octet_length({compiler.process(element.clauses, **kw)})"


def _as_text(value) -> ColumnElement[str]:
    """SQL: a text ``value`` as "<length>:<text>", a number's or a time's as
    "<text>," ("~" for NULL): values joined stay unambiguous whatever they hold."""
    if isinstance(value.type, String):
        text = cast(value, Text)
        prefixed = cast(_length(text), Text) + literal(":", Text) + text
        return func.coalesce(prefixed, literal("~", Text))
    # Digits, dates and times hold no comma.
    return func.coalesce(cast(value, Text), literal("~", Text)) + literal(",", Text)


def fingerprint(columns: Sequence) -> ColumnElement[str]:
    """SQL: one row's values as one unambiguous text, labelled "fingerprint" (text
    as "<length>:<text>", other values as "<text>,"). PostgreSQL's own row text
    (``CAST(ROW(…) AS TEXT)``) would do too, but costs the database three to five
    times more."""
    parts = [_as_text(column) for column in columns]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + part
    return joined.label("fingerprint")


def ordered_concat(column, separator: str, order: Sequence, dialect: str):
    """SQL aggregate: the column's values joined by ``separator`` in ``order``
    (PostgreSQL orders the aggregate; SQLite before 3.44 cannot, and joins them in
    the order of the ordered subquery it reads, which callers give it)."""
    if dialect == "postgresql":
        return func.string_agg(column, aggregate_order_by(literal(separator), *order))
    return func.group_concat(column, separator)


def ordered(rows: Select, order: Sequence[str]) -> Select:
    """``rows`` (selecting a "fingerprint" column) in the order of its columns named
    in ``order``: the order of both the build's rows and the stamp."""
    return rows.order_by(*(rows.selected_columns[name] for name in order))


def stamp(rows: Select, order: Sequence[str], dialect: str):
    """SQL scalar: the stamp of ``rows`` now ("" without rows), equal to
    ``stamp_of_rows`` of ``ordered(rows, order)``'s rows read at the same moment."""
    sub = ordered(rows, order).subquery()
    joined = ordered_concat(
        sub.c.fingerprint, ROW_SEP, [sub.c[name] for name in order], dialect
    )
    return select(func.coalesce(joined, literal("", Text))).scalar_subquery()


def stamp_of_rows(rows: Iterable) -> str:
    """The stamp of rows read (each with its "fingerprint" column), in their order."""
    return ROW_SEP.join(row.fingerprint for row in rows)


def digest(*stamps: str) -> bytes:
    """What a cache keeps of stamps: a 16-byte BLAKE2b digest (a stamp may be a few
    hundred kilobytes; hashing it costs a fraction of a millisecond)."""
    hashed = hashlib.blake2b(digest_size=16)
    for text in stamps:
        data = text.encode("utf-8", "surrogatepass")
        hashed.update(len(data).to_bytes(8, "big"))  # stamps kept apart
        hashed.update(data)
    return hashed.digest()
