"""The province-scale month close on PostgreSQL: score first, then write every sheet once.

Inserting 20,000 sheets and updating them again costs two rounds of foreign-key checks and index
versions; here the missing sheets are scored as if they existed (negative ids) and
INSERT … SELECT FROM unnest(arrays) … ON CONFLICT DO UPDATE writes them, skipping any sheet the
head has approved meanwhile. Scoring uses no explanation steps: the close stores only points and
band (the sheet page explains them live, approval freezes the explained result).

Departure from the house style (services speak SQLAlchemy): the upserts go through the psycopg 3
connection under the session, in pipeline mode. Each chunk of scored sheets is sent without
waiting for the server, which inserts it on the other core while Python scores the next chunk
(inserting 20,121 sheets takes the server ~0.85 s here, ~0.6 s of it the four foreign-key checks a
row). Same connection, same transaction, one statement after another: the close stays atomic, and
an error in any chunk surfaces when the pipeline is synced, before the caller commits. Measured in
bench/month_close.py.
"""
import gc
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import select, text
from sqlmodel import Session

from ..models import EvaluationSheet, Period
from .compute import (SheetRow, SheetScore, load_sheets, missing_people, okr_figures, score_rows, sheet_values,
                      unit_filter)
from .inputs import criterion_scores, work_facts, work_totals
from .rulesets import default_ruleset_row, rules_of

# Sheets a statement. Scoring the first chunk and inserting the last are not overlapped, and each statement costs
# a little planning and dumping. Measured on 2 noisy cores, 20,121 sheets: chunks of 500 or 1,000 left a wait of
# 0.04–0.1 s at the end, chunks of 2,000 one of 0.13–0.4 s.
CHUNK = 1000

# %b: psycopg dumps lists of int, bool and str in binary at about half the cost of text; Decimals dump faster as text.
_UPSERT = """
INSERT INTO evaluationsheet (period_id, person_id, unit_id, rule_set_id, state, is_leader, position_group_key,
    disciplined, degraded, corruption_in_unit, unit_plan_done, internal_unity, self_band, band, frozen_result,
    version, task_points, general_points, total_points, strengths, limitations, comments)
SELECT v.period_id, v.person_id, v.unit_id, %(rule_set_id)s, 'draft', v.is_leader, v.group_key, false, false, false,
       NULL, NULL, '', v.band, '{}', 1, v.task, v.general, v.total, '', '', ''
FROM unnest(%(period_id)b::integer[], %(person_id)b::integer[], %(unit_id)b::integer[],
            %(is_leader)b::boolean[], %(group_key)b::varchar[], %(task)s::numeric[],
            %(general)s::numeric[], %(total)s::numeric[], %(band)b::varchar[])
     AS v(period_id, person_id, unit_id, is_leader, group_key, task, general, total, band)
ON CONFLICT (period_id, person_id) DO UPDATE SET task_points = EXCLUDED.task_points,
    general_points = EXCLUDED.general_points, total_points = EXCLUDED.total_points, band = EXCLUDED.band
WHERE evaluationsheet.state IN ('draft', 'self_assessed', 'reviewed')
"""
_COLUMNS = ("period_id", "person_id", "unit_id", "is_leader", "group_key", "task", "general", "total", "band")


class Upserts:
    """Scored sheets collected into chunks; each full chunk's upsert is sent at once."""

    def __init__(self, connection, rule_set_id: int) -> None:
        self.connection, self.rule_set_id = connection, rule_set_id
        self.rows: list[tuple] = []
        self.count = 0

    def add(self, target: tuple, row: SheetRow, result: SheetScore) -> None:
        """One sheet's columns (new sheets' period, leadership and group, then the score)."""
        (period_id, leader, group), values = target, sheet_values(result)
        self.rows.append((period_id, row.person_id, row.unit_id, leader, group, values["task_points"],
                          values["general_points"], values["total_points"], values["band"]))
        if len(self.rows) >= CHUNK:
            self.send()

    def send(self) -> None:
        """Queue the collected rows' upsert: in pipeline mode psycopg sends it and returns at once."""
        if self.rows:
            columns = dict(zip(_COLUMNS, map(list, zip(*self.rows))))
            self.connection.execute(_UPSERT, {"rule_set_id": self.rule_set_id, **columns})
            self.count += len(self.rows)
            self.rows = []

    def finish(self, pipeline) -> None:
        """Send the rest and wait for every statement: a failed one raises here."""
        self.send()
        pipeline.sync()


@contextmanager
def _pipelined_upserts(session: Session, rule_set_id: int) -> Iterator[Upserts]:
    """Upserts sent while the caller goes on, on the session's connection and inside its transaction."""
    connection = session.connection().connection.driver_connection
    with connection.pipeline() as pipeline:
        upserts = Upserts(connection, rule_set_id)
        yield upserts
        upserts.finish(pipeline)


def _existing(session: Session, periods: list[Period]) -> dict[int, tuple]:
    """Each existing sheet's period, leadership and group."""
    sheet = EvaluationSheet
    rows = session.execute(select(sheet.id, sheet.period_id, sheet.is_leader, sheet.position_group_key)
                           .where(sheet.period_id.in_([p.id for p in periods])))
    return {sheet_id: (period_id, leader, group) for sheet_id, period_id, leader, group in rows}


def close_scores(session: Session, periods: list[Period]) -> int:
    """Create and score every following sheet of the month, writing while scoring; return how many."""
    if not periods:
        return 0
    start, end = periods[0].starts_on, periods[0].ends_on
    ruleset = default_ruleset_row(session, start)
    rules = rules_of(ruleset)
    per_item = rules.tasks.cap_scope == "item" or rules.tasks.exceeded_basis == "item"
    collecting = gc.isenabled()
    gc.disable()  # hundreds of thousands of small objects and no cycles: the collector only costs time
    try:
        # The per-person grouping of ~2 M diary rows spills to disk at the default 4 MB (measured: 1.6 s → 1.1 s).
        session.execute(text("SET LOCAL work_mem = '64MB'"))
        missing = missing_people(session, periods)
        targets = {row.id: target for row, target in missing} | _existing(session, periods)
        rows = load_sheets(session, [p.id for p in periods]) + [row for row, _ in missing]
        facts = (work_facts if per_item else work_totals)(session, start, end, unit_filter(periods))
        scores = criterion_scores(session, [p.id for p in periods])
        okr = okr_figures(session, periods, unit_filter(periods))  # read before the pipeline: it only writes
        with _pipelined_upserts(session, ruleset.id) as upserts:
            for row, result in score_rows(rules, rows, facts, scores, explain=False, okr=okr):
                upserts.add(targets[row.id], row, result)
        return upserts.count
    finally:
        if collecting:
            gc.enable()
