"""Tables the shared plumbing needs."""

from datetime import datetime

import sqlalchemy as sa

from sqlmodel import Field, SQLModel

from portal.db import timestamp_field


class UsedFormToken(SQLModel, table=True):
    """A once-only form token that has been spent, so a resent form is not applied twice."""

    __tablename__ = "used_form_token"

    #: The token's random part (never the signed whole).
    token: str = Field(primary_key=True, max_length=64)
    #: When it was spent; rows older than the token lifetime can be purged.
    used_at: datetime = timestamp_field(index=True)


class PageGeneration(SQLModel, table=True):
    """A number every commit that changes what public pages show adds one to, so a page kept
    for signed-out visitors is never served after its data changed: row 1 for everything but
    votes, row 2 for votes (see portal/web/page_cache.py)."""

    __tablename__ = "page_generation"

    id: int = Field(default=1, primary_key=True, sa_column_kwargs={"autoincrement": False})
    n: int = Field(default=0, sa_type=sa.BigInteger())
