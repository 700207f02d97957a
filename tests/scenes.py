"""The small world the page scenes start from: a group with a member, an idea, two proposals
and a change, written with bulk inserts, and builders for more rows of each kind."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from flask import Flask

from portal.accounts.models import Account
from portal.bench.dataset import _insert, _row
from portal.changes.models import Change, ChangeKind, ChangeStatus
from portal.content.models import ContentTranslation, SubjectKind
from portal.db import utc_now
from portal.extensions import db
from portal.groups.models import Group, JoinPolicy, Membership, Moderation, Touchpoint
from portal.ideas.models import Idea, IdeaStatus
from portal.proposals.models import Proposal, SecretTally
from portal.web.permissions import Role
from tests.factories import Person, make_account


@dataclass
class World:
    """What every scene starts from: a group with a member, an idea, two proposals open for
    voting (one a secret ballot) and a change, each translated into Urdu."""

    app: Flask
    staff: Person
    member: Person
    group_id: uuid.UUID
    idea_id: uuid.UUID
    proposal_id: uuid.UUID
    secret_id: uuid.UUID
    change_id: uuid.UUID


def write(app: Flask, *batches: tuple[type, list[dict]]) -> None:
    """Bulk insert rows into each table in turn, in one transaction."""
    with app.app_context():
        for model, rows in batches:
            _insert(db.session, model, iter(rows))
        db.session.commit()


def urdu(kind: SubjectKind, subject_id: uuid.UUID, **fields: str) -> list[dict]:
    return [
        _row(ContentTranslation, subject_kind=kind, subject_id=subject_id, language="ur", field=name, text=text, source_digest="0" * 16)
        for name, text in fields.items()
    ]


def people(count: int, prefix: str) -> list[dict]:
    """Accounts nobody signs in to (the password hash is never checked)."""
    return [
        _row(Account, id=uuid.uuid4(), pseudonym=f"{prefix}-{index}", pseudonym_key=f"{prefix}-{uuid.uuid4().hex}", password_hash="-", listed_to_members=True)
        for index in range(count)
    ]


def group_row(**values) -> dict:
    values = {"name": "Carers' voices", "pathway": "Community mental health", "description": "We meet monthly.", "join_policy": JoinPolicy.open,
              "moderation": Moderation.post, **values}
    return _row(Group, **values)


def idea_row(author_id, group_id, **values) -> dict:
    now = utc_now()
    values = {"status": IdeaStatus.published, "touchpoint": Touchpoint.follow_up, "what_happened": "The letter came after the appointment.",
              "language": "en", "published_at": now, **values}
    return _row(Idea, author_id=author_id, group_id=group_id, **values)


def proposal_row(group_id, creator_id, **values) -> dict:
    now = utc_now()
    values = {"title": "Evening appointments", "summary": "Offer appointments after 5pm.", "opens_at": now - timedelta(days=1),
              "closes_at": now + timedelta(days=7), **values}
    return _row(Proposal, group_id=group_id, created_by_id=creator_id, **values)


def change_row(group_id, creator_id, **values) -> dict:
    values = {"title": "Letters in your language", "said": "Letters came in English only.", "did": "Letters now come in ten languages.",
              "kind": ChangeKind.communication_standard, "status": ChangeStatus.in_progress, "owner_team": "Patient letters", **values}
    return _row(Change, group_id=group_id, created_by_id=creator_id, **values)


def make_world(app: Flask) -> World:
    staff = make_account(app, Role.staff)
    member = make_account(app)
    group = group_row()
    idea = idea_row(member.id, group["id"])
    proposal = proposal_row(group["id"], staff.id)
    secret = proposal_row(group["id"], staff.id, secret=True, title="A secret ballot")
    change = change_row(group["id"], staff.id)
    write(
        app,
        (Group, [group]),
        (Membership, [_row(Membership, group_id=group["id"], account_id=member.id, joined_at=utc_now())]),
        (Idea, [idea]),
        (Proposal, [proposal, secret]),
        (SecretTally, [_row(SecretTally, proposal_id=secret["id"], choice=choice, count=0) for choice in ("support", "neutral", "concerns")]),
        (Change, [change]),
        (ContentTranslation, [
            *urdu(SubjectKind.group, group["id"], name="کیئررز کی آواز"),
            *urdu(SubjectKind.proposal, proposal["id"], title="شام کی ملاقاتیں"),
            *urdu(SubjectKind.proposal, secret["id"], title="خفیہ ووٹ"),
            *urdu(SubjectKind.change, change["id"], title="آپ کی زبان میں خطوط"),
        ]),
    )
    return World(app, staff, member, group["id"], idea["id"], proposal["id"], secret["id"], change["id"])
