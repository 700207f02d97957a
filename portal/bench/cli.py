"""`flask bench build`: the benchmark's dataset."""

from __future__ import annotations

import time

import click

from portal.bench import bp, dataset
from portal.extensions import db
from portal.search.index import rebuild


@bp.cli.command("build")
@click.option("--small", is_flag=True, help="A small dataset, for trying the benchmark out.")
def build(small: bool) -> None:
    """Fill an empty database with the benchmark's fictional dataset."""
    started = time.perf_counter()
    made = dataset.build(db.session, dataset.SMALL if small else dataset.FULL, say=click.echo)
    entries = rebuild(db.session)
    click.echo(f"search index: {entries:,} entries")
    click.echo(", ".join(f"{name} {count:,}" for name, count in made.items()) + f" in {time.perf_counter() - started:.0f} s")
