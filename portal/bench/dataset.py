"""A large fictional dataset in minutes: one password hash reused for every account, rows made
from the models (so every default and constraint is the real one) and written with bulk
inserts, the search index rebuilt once at the end."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, SQLModel

from portal.accounts.models import Account, Consent, ConsentKind, RoleGrant
from portal.accounts.names import key
from portal.accounts.passwords import hash_password
from portal.accounts.services import PRIVACY_NOTICE_VERSION
from portal.changes.models import Change, ChangeIdea, ChangeKind, ChangeStatus, ChangeUpdate
from portal.db import utc_now
from portal.groups.models import Group, JoinPolicy, Membership, Moderation, Touchpoint
from portal.ideas.models import Idea, IdeaStatus
from portal.meetings.models import Meeting
from portal.proposals.models import Proposal, ProposalIdea, Vote
from portal.web.permissions import Role

CHUNK = 5000
PASSWORD = "bench teapot river"


@dataclass(frozen=True)
class Size:
    groups: int = 50
    participants: int = 20_000
    ideas: int = 100_000
    proposals: int = 5_000
    votes: int = 500_000
    changes: int = 2_000


FULL = Size()
SMALL = Size(groups=5, participants=200, ideas=1_000, proposals=50, votes=5_000, changes=20)

WORDS = (
    "letter appointment bus clinic waiting interpreter carer texts phone receptionist referral discharge "
    "follow-up childcare travel leaflet language trust kind late early nurse doctor group barbershop mosque "
    "temple church library community centre evening weekend"
).split()


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _insert(session: Session, model: type[SQLModel], rows: Iterator[dict]) -> int:
    """Bulk insert dicts made by the model (defaults filled in), CHUNK at a time."""
    table = model.__table__
    batch, count = [], 0
    for row in rows:
        batch.append(row)
        if len(batch) == CHUNK:
            session.execute(sa.insert(table), batch)
            count += len(batch)
            batch = []
    if batch:
        session.execute(sa.insert(table), batch)
        count += len(batch)
    return count


def _row(model: type[SQLModel], **values) -> dict:
    return model(**values).model_dump()


def build(session: Session, size: Size = FULL, *, seed: int = 7, say=print) -> dict[str, int]:
    """Add `size` of fictional data to the database (it should be empty of people). Returns
    the counts made. Every account's password is PASSWORD."""
    rng = random.Random(seed)
    now = utc_now()
    password_hash = hash_password(PASSWORD)
    made: dict[str, int] = {}

    staff_id = uuid.uuid4()
    session.execute(sa.insert(Account.__table__), [_row(Account, id=staff_id, pseudonym="bench-staff", pseudonym_key=key("bench-staff"), password_hash=password_hash)])
    session.execute(sa.insert(RoleGrant.__table__), [_row(RoleGrant, account_id=staff_id, role=Role.staff)])

    people = [uuid.uuid4() for _ in range(size.participants)]
    made["participants"] = _insert(session, Account, (
        _row(Account, id=person, pseudonym=f"bench-{index:05d}", pseudonym_key=key(f"bench-{index:05d}"), password_hash=password_hash, language=rng.choice([None, "en", "ur", "cy", "pl"]))
        for index, person in enumerate(people)
    ))
    _insert(session, RoleGrant, (_row(RoleGrant, account_id=person, role=Role.participant) for person in people))
    _insert(session, Consent, (_row(Consent, account_id=person, kind=ConsentKind.privacy_notice, version=PRIVACY_NOTICE_VERSION) for person in people))
    say(f"accounts: {made['participants']:,}")

    groups = [uuid.uuid4() for _ in range(size.groups)]
    made["groups"] = _insert(session, Group, (
        _row(Group, id=group_id, name=f"Bench group {index + 1}", pathway="Community mental health", description=_text(rng, 30),
             join_policy=JoinPolicy.open, moderation=Moderation.post, touchpoints=[Touchpoint.first_contact.value], languages=["English", "Urdu"])
        for index, group_id in enumerate(groups)
    ))
    members: dict[uuid.UUID, list[uuid.UUID]] = {group_id: [] for group_id in groups}
    for index, person in enumerate(people):
        members[groups[index % len(groups)]].append(person)
    _insert(session, Membership, (_row(Membership, group_id=group_id, account_id=person, joined_at=now) for group_id, ids in members.items() for person in ids))
    _insert(session, Meeting, (
        _row(Meeting, group_id=group_id, starts_at=now + timedelta(days=day, hours=18), ends_at=now + timedelta(days=day, hours=19, minutes=30), venue="Community centre", step_free=True)
        for group_id in groups for day in (3, 17)
    ))
    say(f"groups: {made['groups']:,}")

    ideas = [uuid.uuid4() for _ in range(size.ideas)]
    idea_group = {}
    def idea_rows():
        for index, idea_id in enumerate(ideas):
            author = people[index % len(people)]
            group_id = groups[(index % len(people)) % len(groups)]
            idea_group[idea_id] = group_id
            created = now - timedelta(minutes=index)
            yield _row(
                Idea, id=idea_id, author_id=author, group_id=group_id, status=IdeaStatus.published, touchpoint=rng.choice(list(Touchpoint)),
                what_happened=_text(rng, 25), what_should_change=_text(rng, 12), language="en", created_at=created, published_at=created,
            )
    made["ideas"] = _insert(session, Idea, idea_rows())
    say(f"ideas: {made['ideas']:,}")

    proposals = [uuid.uuid4() for _ in range(size.proposals)]
    made["proposals"] = _insert(session, Proposal, (
        _row(Proposal, id=proposal_id, group_id=groups[index % len(groups)], title=f"Proposal {index + 1}: {_text(rng, 6)}", summary=_text(rng, 25),
             opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), created_by_id=staff_id)
        for index, proposal_id in enumerate(proposals)
    ))
    _insert(session, ProposalIdea, (_row(ProposalIdea, proposal_id=proposal_id, idea_id=ideas[index]) for index, proposal_id in enumerate(proposals)))

    def vote_rows():
        per_proposal = max(1, size.votes // len(proposals))
        for index, proposal_id in enumerate(proposals):
            voters = members[groups[index % len(groups)]]
            for voter in rng.sample(voters, min(per_proposal, len(voters))):
                yield _row(Vote, proposal_id=proposal_id, account_id=voter, choice=rng.choice(["support", "support", "neutral", "concerns"]))
    made["votes"] = _insert(session, Vote, vote_rows())
    say(f"proposals: {made['proposals']:,}, votes: {made['votes']:,}")

    changes = [uuid.uuid4() for _ in range(size.changes)]
    made["changes"] = _insert(session, Change, (
        _row(Change, id=change_id, title=f"Change {index + 1}: {_text(rng, 5)}", said=_text(rng, 30), did=_text(rng, 20), kind=rng.choice(list(ChangeKind)),
             touchpoint=rng.choice(list(Touchpoint)), status=ChangeStatus.in_progress, owner_team="Bench team", group_id=groups[index % len(groups)],
             created_by_id=staff_id, updated_at=now - timedelta(hours=index))
        for index, change_id in enumerate(changes)
    ))
    _insert(session, ChangeUpdate, (_row(ChangeUpdate, change_id=change_id, status=ChangeStatus.in_progress, note="", author_id=staff_id) for change_id in changes))
    _insert(session, ChangeIdea, (_row(ChangeIdea, change_id=change_id, idea_id=ideas[-(index + 1)]) for index, change_id in enumerate(changes)))
    say(f"changes: {made['changes']:,}")
    session.commit()
    return made
