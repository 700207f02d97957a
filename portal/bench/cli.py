"""`flask bench build`: the benchmark's dataset."""

from __future__ import annotations

import time

import click
import sqlalchemy as sa

from portal.bench import bp, dataset
from portal.extensions import db
from portal.search.index import rebuild


def settle(engine: sa.Engine) -> None:
    """Leave the database as a service that has run for a while would be: statistics gathered
    for the planner and, on SQLite, the write-ahead log folded back in; on PostgreSQL the new
    rows vacuumed, so autovacuum does not start in the middle of the measurements."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    else:
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")


@bp.cli.command("build")
@click.option("--small", is_flag=True, help="A small dataset, for trying the benchmark out.")
def build(small: bool) -> None:
    """Fill an empty database with the benchmark's fictional dataset."""
    started = time.perf_counter()
    made = dataset.build(db.session, dataset.SMALL if small else dataset.FULL, say=click.echo)
    entries = rebuild(db.session)
    click.echo(f"search index: {entries:,} entries")
    settle(db.engine)
    click.echo(", ".join(f"{name} {count:,}" for name, count in made.items()) + f" in {time.perf_counter() - started:.0f} s")
