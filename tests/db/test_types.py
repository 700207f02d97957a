"""Timestamps stay timezone-aware and UTC on every engine; ids are UUIDs."""

import uuid
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlmodel import select

from portal.extensions import db
from portal.site.models import ProblemKind, ProblemReport


def test_timestamps_come_back_aware_and_in_utc(db_app):
    taken = datetime(2026, 6, 1, 9, 30, 15, 123456, tzinfo=timezone(timedelta(hours=1)))
    with db_app.app_context():
        report = ProblemReport(kind=ProblemKind.other, description="x", language="en", created_at=taken)
        db.session.add(report)
        db.session.commit()
        report_id = report.id
    with db_app.app_context():
        stored = db.session.exec(select(ProblemReport).where(ProblemReport.id == report_id)).one()
        assert stored.created_at.tzinfo is not None
        assert stored.created_at.utcoffset() == timedelta(0)
        assert stored.created_at == taken
        assert isinstance(stored.id, uuid.UUID)


def test_naive_timestamps_are_refused(db_app):
    with db_app.app_context():
        db.session.add(
            ProblemReport(kind=ProblemKind.other, description="x", language="en", created_at=datetime(2026, 1, 1))
        )
        with pytest.raises(Exception, match="naive"):
            db.session.commit()


def test_default_timestamps_are_now_in_utc(db_app):
    with db_app.app_context():
        report = ProblemReport(kind=ProblemKind.other, description="x", language="en")
        assert report.created_at.tzinfo == UTC
        assert abs(datetime.now(UTC) - report.created_at) < timedelta(seconds=5)
