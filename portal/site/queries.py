"""Read-only selects for the site pages."""

from __future__ import annotations

from sqlmodel import Session, select

from portal.site.models import ProblemReport, ProblemStatus


def reports_page(session: Session, *, status: ProblemStatus | None, page: int, per_page: int) -> tuple[list[ProblemReport], bool]:
    """Reported problems, newest first, optionally of one status."""
    query = select(ProblemReport).order_by(ProblemReport.created_at.desc(), ProblemReport.id)
    if status is not None:
        query = query.where(ProblemReport.status == status)
    rows = list(session.exec(query.offset((page - 1) * per_page).limit(per_page + 1)))
    return rows[:per_page], len(rows) > per_page
