"""Form plumbing: spent tokens are purged once they could no longer be replayed."""

from datetime import timedelta

from sqlmodel import select

from portal.db import utc_now
from portal.extensions import db
from portal.web.models import UsedFormToken


def test_expired_spent_tokens_are_purged_and_recent_ones_kept(app):
    with app.app_context():
        lifetime = timedelta(seconds=app.config["FORM_TOKEN_MAX_AGE"])
        db.session.add(UsedFormToken(token="old", used_at=utc_now() - lifetime - timedelta(minutes=1)))
        db.session.add(UsedFormToken(token="recent", used_at=utc_now()))
        db.session.commit()
    result = app.test_cli_runner().invoke(args=["maintenance", "purge-form-tokens"])
    assert "1 expired form tokens deleted" in result.output
    with app.app_context():
        assert [t.token for t in db.session.exec(select(UsedFormToken))] == ["recent"]
