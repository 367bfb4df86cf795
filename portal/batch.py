"""Several querysets read in one round trip to the database (issue 14).

A page made of parts from many apps (the home page's sections, the family page's open work) would
otherwise cost one query per part. `read_together` compiles each queryset as Django would, runs them
all as scalar sub-selects of one SELECT, each part's rows folded into a JSON array, and hands each
queryset back with its result cache filled from its own part: iterating it, slicing it or taking its
length then runs no query, and its rows are the model instances (or values) Django itself would have
built, select_related and annotations included (Django's own iterables build them from the rows).

Only the reads are joined: each queryset keeps its own filters (the permission filter of the app that
made it), limits and ordering. A queryset with prefetch_related still costs its prefetches.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

# PostgreSQL functions take at most 100 arguments: a row is built from arrays of at most this many.
COLUMNS_PER_ARRAY = 50
# Sent as text, read back as the database driver would have given them.
_PARSED = {"DateTimeField", "DateField", "TimeField", "DecimalField", "UUIDField", "DurationField", "FloatField"}


class _Rows:
    """Stands in for a compiler's execution: the rows already read."""

    def __init__(self, compiler, rows: list[list]):
        self.compiler = compiler
        self.rows = rows

    def execute_sql(self, *args, **kwargs):
        return [self.rows]


def _raw(field, value):
    """A value read from JSON as the driver would have returned it (before Django's converters)."""
    if value is None or field is None:
        return value
    kind = field.get_internal_type()
    if kind == "JSONField":
        return json.dumps(value)
    if kind in _PARSED:
        return field.to_python(value)
    return value


def read_together(querysets: list[QuerySet]) -> list[QuerySet]:
    """The querysets, evaluated in one query (or as they are, off PostgreSQL or when there is only one)."""
    pending = [qs for qs in querysets if qs._result_cache is None]
    if not pending:
        return querysets
    connection = connections[pending[0].db]
    if len(pending) == 1 or connection.vendor != "postgresql" or len({qs.db for qs in pending}) > 1:
        for qs in pending:
            qs._fetch_all()
        return querysets
    parts: list[tuple[QuerySet, object, list]] = []
    columns_sql, params = [], []
    quote = connection.ops.quote_name
    for qs in pending:
        compiler = qs.query.get_compiler(using=qs.db)
        try:
            sql, sql_params = compiler.as_sql(with_col_aliases=True)
        except EmptyResultSet:
            parts.append((qs, compiler, []))
            continue
        select = compiler.select[: compiler.col_count]
        names = [f"t.{quote(alias)}" for _, _, alias in select]
        arrays = [
            f"json_build_array({', '.join(names[i : i + COLUMNS_PER_ARRAY])})"
            for i in range(0, len(names), COLUMNS_PER_ARRAY)
        ] or ["json_build_array()"]
        # Only Django's own compiled SQL and quoted column aliases; the values stay parameters.
        row = f"json_build_array({', '.join(arrays)})"
        # The rows keep the queryset's ORDER BY: PostgreSQL aggregates a sorted sub-select in its order
        # when the outer level adds no join or grouping (its manual, "Aggregate Functions"), and this
        # level adds none. Numbering the rows in the sub-select instead would need a window column,
        # which would defeat a DISTINCT queryset; tests/portal/test_batch.py checks the order.
        columns_sql.append(f"(SELECT COALESCE(json_agg({row}), '[]')::text FROM ({sql}) t)")  # noqa: S608
        params.extend(sql_params)
        parts.append((qs, compiler, select))
    if columns_sql:
        with connection.cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(columns_sql), params)
            answers = iter(cursor.fetchone())
    for qs, compiler, select in parts:
        rows: list[list] = []
        if select:
            fields = [getattr(expression, "output_field", None) for expression, _, _ in select]
            for arrays in json.loads(next(answers), parse_float=Decimal):
                values = [value for array in arrays for value in array]
                rows.append([_raw(field, value) for field, value in zip(fields, values, strict=True)])
        _fill(qs, compiler, rows)
    return querysets


def _fill(qs: QuerySet, compiler, rows: list[list]) -> None:
    """Fill the queryset's cache from `rows` through Django's own iterable for it."""
    stand_in = _Rows(compiler, rows)
    compiler.execute_sql = stand_in.execute_sql
    query = qs.query
    query.get_compiler = lambda *args, **kwargs: compiler  # type: ignore[method-assign]
    try:
        qs._fetch_all()
    finally:
        del query.get_compiler


@dataclass(frozen=True)
class Later:
    """A hook's answer to be read with every other app's: the querysets it reads, and `then()`, which
    makes the answer once they are filled (it iterates those same querysets, so runs no query of its
    own; it may itself return a Later for a second round)."""

    reads: list[QuerySet]
    then: Callable[[], Any]


def settled(answers: list) -> list:
    """The answers, each Later among them replaced by what it makes, every Later of a round read in
    one query (as many rounds as the deepest Later needs: one for all of today's hooks)."""
    while any(isinstance(answer, Later) for answer in answers):
        read_together([qs for answer in answers if isinstance(answer, Later) for qs in answer.reads])
        answers = [answer.then() if isinstance(answer, Later) else answer for answer in answers]
    return answers
