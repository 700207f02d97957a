"""Every key page runs the same number of SQL statements whether it shows 10 related rows or
1,000 (a full page where it pages), and no more than its budget: an N+1 read, or a page that
quietly starts reading more, fails here.

Each page is a scene: the people and things it needs, and a way to add related rows in bulk
(made by the models, written with bulk inserts) up to a given number. The page is fetched once
to warm up, counted with SMALL related rows, topped up to LARGE, and counted again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from portal.accounts.models import Account, RoleGrant
from portal.bench.dataset import _row
from portal.changes.models import (
    Answer, Better, Change, ChangeIdea, ChangePrompt, ChangeProposal, ChangeUpdate, ChangeStatus, ImpactMeasure, PromptAnswer,
    PromptRespondent, Question, Unit,
)
from portal.content.models import ContentTranslation, SubjectKind
from portal.db import utc_now
from portal.extensions import db
from portal.groups.models import Group, Membership
from portal.ideas.models import Idea, IdeaEvent, IdeaReply, IdeaStatus, SameHere
from portal.meetings.models import Meeting
from portal.notifications.models import Message
from portal.proposals.models import Proposal, ProposalIdea, Vote, VoterRoll
from portal.search.index import rebuild
from portal.web.i18n import LANGUAGE_COOKIE
from portal.web.permissions import Role
from tests.conftest import count_queries
from tests.factories import Person, form_fields, make_account, sign_in
from tests.scenes import World, change_row, group_row, idea_row, make_world, people, proposal_row, urdu, write

SMALL, LARGE = 10, 1000
#: A word only the search scenes' ideas, proposals and changes contain.
SEARCHED = "lanterns"

#: The most SQL statements each key page may run, on either engine and in any language. A
#: change that makes a page read more must raise its number here, on purpose.
BUDGET = {
    "home": 1,
    "sign in": 1,
    "group list": 6,
    "group": 14,
    "ideas": 2,
    "ideas by group": 2,
    "ideas by touchpoint": 2,
    "ideas by group and touchpoint": 5,
    "ideas awaiting moderation, for staff": 5,
    "idea": 8,
    "proposals": 3,
    "proposal, signed out": 11,
    "proposal, member, open ballot": 17,
    "proposal, member, secret ballot": 18,
    # A vote's commit also adds one to the page generation (portal/web/page_cache.py).
    "vote, open ballot, htmx": 18,
    "vote, open ballot, plain": 12,
    "vote, secret ballot, htmx": 20,
    "vote, secret ballot, plain": 13,
    "changes": 3,
    "change, signed out": 12,
    "change, member answering feedback": 18,
    "search, ideas": 3,
    "search, proposals": 4,
    "search, changes": 4,
    "your contributions": 11,
    "inbox": 5,
}


def members_with(world: World, count: int, prefix: str) -> tuple[list[dict], list[dict]]:
    """`count` new accounts, each an active member of the world's group."""
    accounts = people(count, prefix)
    joined = [_row(Membership, group_id=world.group_id, account_id=row["id"], joined_at=utc_now()) for row in accounts]
    return accounts, joined


# Each adder puts `count` more related rows behind the scene's page.


def add_ideas(world: World, count: int, **values) -> None:
    authors = people(count, "author")
    ideas = [idea_row(author["id"], world.group_id, **values) for author in authors]
    replies = [_row(IdeaReply, idea_id=idea["id"], author_id=world.staff.id, text="Thank you, we are looking at it.") for idea in ideas]
    write(world.app, (Account, authors), (Idea, ideas), (IdeaReply, replies))


def add_groups(world: World, count: int) -> None:
    groups = [group_row(name=f"Group number {index}") for index in range(count)]
    write(
        world.app,
        (Group, groups),
        (Membership, [_row(Membership, group_id=group["id"], account_id=world.member.id, joined_at=utc_now()) for group in groups]),
        (ContentTranslation, [row for group in groups for row in urdu(SubjectKind.group, group["id"], name="گروپ", pathway="راستہ")]),
    )


def add_to_group(world: World, count: int) -> None:
    accounts, joined = members_with(world, count, "member")
    now = utc_now()
    changes = [change_row(world.group_id, world.staff.id) for _ in range(count)]
    meetings = [
        _row(Meeting, group_id=world.group_id, starts_at=now + timedelta(days=1, hours=index), ends_at=now + timedelta(days=1, hours=index + 1),
             venue="Community centre", step_free=True)
        for index in range(count)
    ]
    write(
        world.app, (Account, accounts), (Membership, joined), (Change, changes), (Meeting, meetings),
        (ContentTranslation, [row for change in changes for row in urdu(SubjectKind.change, change["id"], title="تبدیلی")]),
    )
    add_ideas(world, count)


def add_to_idea(world: World, count: int) -> None:
    accounts = people(count, "same")
    proposals = [proposal_row(world.group_id, world.staff.id) for _ in range(count)]
    write(
        world.app,
        (Account, accounts),
        (SameHere, [_row(SameHere, idea_id=world.idea_id, account_id=row["id"]) for row in accounts]),
        (IdeaReply, [_row(IdeaReply, idea_id=world.idea_id, author_id=world.staff.id, text="We hear you.") for _ in range(count)]),
        (Proposal, proposals),
        (ProposalIdea, [_row(ProposalIdea, proposal_id=proposal["id"], idea_id=world.idea_id) for proposal in proposals]),
        (ContentTranslation, [row for proposal in proposals for row in urdu(SubjectKind.proposal, proposal["id"], title="تجویز")]),
    )


def add_proposals(world: World, count: int, **values) -> None:
    proposals = [proposal_row(world.group_id, world.staff.id, **values) for _ in range(count)]
    write(
        world.app, (Proposal, proposals),
        (ContentTranslation, [row for proposal in proposals for row in urdu(SubjectKind.proposal, proposal["id"], title="تجویز")]),
    )


def add_to_proposal(world: World, count: int) -> None:
    """Voters (open votes on one proposal, the roll and the tally on the secret one) and ideas."""
    accounts, joined = members_with(world, count, "voter")
    authors = people(count, "author")
    ideas = [idea_row(author["id"], world.group_id) for author in authors]
    write(
        world.app,
        (Account, accounts + authors),
        (Membership, joined),
        (Vote, [_row(Vote, proposal_id=world.proposal_id, account_id=row["id"], choice="support") for row in accounts]),
        (VoterRoll, [_row(VoterRoll, proposal_id=world.secret_id, account_id=row["id"]) for row in accounts]),
        (Idea, ideas),
        (ProposalIdea, [_row(ProposalIdea, proposal_id=proposal_id, idea_id=idea["id"]) for idea in ideas for proposal_id in (world.proposal_id, world.secret_id)]),
    )


def add_changes(world: World, count: int, **values) -> None:
    changes = [change_row(world.group_id, world.staff.id, **values) for _ in range(count)]
    write(world.app, (Change, changes), (ContentTranslation, [row for change in changes for row in urdu(SubjectKind.change, change["id"], title="تبدیلی")]))


def add_to_change(world: World, count: int) -> None:
    """Linked ideas and proposals, updates, impact figures and answers to the feedback prompt."""
    authors = people(count, "author")
    ideas = [idea_row(author["id"], world.group_id) for author in authors]
    proposals = [proposal_row(world.group_id, world.staff.id) for _ in range(count)]
    today = date.today()
    measures = [
        _row(ImpactMeasure, change_id=world.change_id, measure=f"Did-not-attend rate {index}", unit=Unit.percent, cohort=("carers", "young people", "")[index % 3],
             baseline=20, baseline_from=today - timedelta(days=90), baseline_to=today - timedelta(days=60), latest=12,
             latest_from=today - timedelta(days=30), latest_to=today, target=10, better=Better.lower)
        for index in range(count)
    ]
    write(
        world.app,
        (Account, authors),
        (Idea, ideas),
        (ChangeIdea, [_row(ChangeIdea, change_id=world.change_id, idea_id=idea["id"]) for idea in ideas]),
        (Proposal, proposals),
        (ChangeProposal, [_row(ChangeProposal, change_id=world.change_id, proposal_id=proposal["id"]) for proposal in proposals]),
        (ContentTranslation, [row for proposal in proposals for row in urdu(SubjectKind.proposal, proposal["id"], title="تجویز")]),
        (ChangeUpdate, [_row(ChangeUpdate, change_id=world.change_id, status=ChangeStatus.in_progress, note="Going well.", author_id=world.staff.id) for _ in range(count)]),
        (ImpactMeasure, measures),
        (PromptRespondent, [_row(PromptRespondent, change_id=world.change_id, account_id=author["id"], cohort="carers") for author in authors]),
        (PromptAnswer, [
            _row(PromptAnswer, change_id=world.change_id, question=question, account_id=author["id"], answer=(Answer.yes, Answer.partly, Answer.no)[index % 3])
            for index, author in enumerate(authors) for question in (Question.listened, Question.easier, Question.safe)
        ]),
    )


def ask_feedback(world: World) -> None:
    write(world.app, (ChangePrompt, [
        _row(ChangePrompt, change_id=world.change_id, question=question, position=index)
        for index, question in enumerate((Question.listened, Question.easier, Question.safe))
    ]))


def add_searchable(world: World, count: int, kind: str) -> None:
    if kind == "idea":
        add_ideas(world, count, what_happened=f"Paper {SEARCHED} were handed out at the clinic.")
    elif kind == "proposal":
        add_proposals(world, count, summary=f"Hang {SEARCHED} in the waiting room.")
    else:
        add_changes(world, count, said=f"People asked for {SEARCHED} in the garden.")
    with world.app.app_context():
        rebuild(db.session)


def add_contributions(world: World, count: int) -> None:
    """The member's own ideas, each with its history, a proposal made from it and a change it led to."""
    ideas = [idea_row(world.member.id, world.group_id) for _ in range(count)]
    proposals = [proposal_row(world.group_id, world.staff.id) for _ in range(count)]
    changes = [change_row(world.group_id, world.staff.id) for _ in range(count)]
    write(
        world.app,
        (Idea, ideas),
        (IdeaEvent, [_row(IdeaEvent, idea_id=idea["id"], status=status) for idea in ideas for status in (IdeaStatus.awaiting_moderation, IdeaStatus.published)]),
        (Proposal, proposals),
        (ProposalIdea, [_row(ProposalIdea, proposal_id=proposal["id"], idea_id=idea["id"]) for idea, proposal in zip(ideas, proposals)]),
        (Change, changes),
        (ChangeIdea, [_row(ChangeIdea, change_id=change["id"], idea_id=idea["id"]) for idea, change in zip(ideas, changes)]),
        (ContentTranslation, [
            *(row for proposal in proposals for row in urdu(SubjectKind.proposal, proposal["id"], title="تجویز")),
            *(row for change in changes for row in urdu(SubjectKind.change, change["id"], title="تبدیلی")),
        ]),
    )


def add_messages(world: World, count: int) -> None:
    write(world.app, (Message, [
        _row(Message, recipient_id=world.member.id, kind="changes.status", context={"status": "done"}, link=f"/changes/{world.change_id}")
        for _ in range(count)
    ]))


def add_accounts(world: World, count: int) -> None:
    accounts = people(count, "someone")
    write(world.app, (Account, accounts), (RoleGrant, [_row(RoleGrant, account_id=row["id"], role=Role.participant) for row in accounts]))


Visit = Callable[[], TestResponse]


@dataclass
class Scene:
    """A key page and what stands behind it."""

    #: Adds this many related rows.
    add: Callable[[int], None]
    #: Gets a request ready (signing in, reading form tokens: none of it counted) and returns it.
    ready: Callable[[], Visit]
    #: Status codes the counted request may answer with.
    expect: tuple[int, ...] = (200,)
    added: int = field(default=0)

    def grow(self, total: int) -> None:
        """Top the related rows up to `total`."""
        self.add(total - self.added)
        self.added = total


def client_for(world: World, person: Person | None, language: str) -> FlaskClient:
    client = world.app.test_client()
    client.set_cookie(LANGUAGE_COOKIE, language)
    if person is not None:
        sign_in(client, person)
    return client


def get(world: World, url: str, person: Person | None, language: str) -> Callable[[], Visit]:
    """The same GET, each time, by the same browser."""
    client = client_for(world, person, language)
    return lambda: lambda: client.get(url)


def vote(world: World, proposal_id: uuid.UUID, *, htmx: bool, fresh_voter: bool, language: str) -> Callable[[], Visit]:
    """A vote cast through the form, with or without htmx. A secret ballot is cast once, so each
    visit there is by a new member."""
    url = f"/proposals/{proposal_id}"
    headers = {"HX-Request": "true"} if htmx else {}
    steady = None if fresh_voter else client_for(world, world.member, language)

    def ready() -> Visit:
        if steady is None:
            voter = make_account(world.app)
            write(world.app, (Membership, [_row(Membership, group_id=world.group_id, account_id=voter.id, joined_at=utc_now())]))
            client = client_for(world, voter, language)
        else:
            client = steady
        tokens = form_fields(client.get(url).text)
        return lambda: client.post(f"{url}/vote", data={**tokens, "choice": "support"}, headers=headers)

    return ready


def scene(name: str, world: World, language: str) -> Scene:
    """The scene for one key page."""
    w, lang = world, language
    scenes: dict[str, Callable[[], Scene]] = {
        "home": lambda: Scene(lambda n: add_ideas(w, n), get(w, "/", None, lang)),
        "sign in": lambda: Scene(lambda n: add_accounts(w, n), get(w, "/sign-in", None, lang)),
        "group list": lambda: Scene(lambda n: add_groups(w, n), get(w, "/groups", w.member, lang)),
        "group": lambda: Scene(lambda n: add_to_group(w, n), get(w, f"/groups/{w.group_id}", w.member, lang)),
        "ideas": lambda: Scene(lambda n: add_ideas(w, n), get(w, "/ideas", None, lang)),
        "ideas by group": lambda: Scene(lambda n: add_ideas(w, n), get(w, f"/ideas?group={w.group_id}", None, lang)),
        "ideas by touchpoint": lambda: Scene(lambda n: add_ideas(w, n), get(w, "/ideas?touchpoint=follow_up", None, lang)),
        "ideas by group and touchpoint": lambda: Scene(
            lambda n: add_ideas(w, n), get(w, f"/ideas?group={w.group_id}&touchpoint=follow_up", w.member, lang)
        ),
        "ideas awaiting moderation, for staff": lambda: Scene(
            lambda n: add_ideas(w, n, status=IdeaStatus.awaiting_moderation), get(w, "/ideas?status=awaiting_moderation", w.staff, lang)
        ),
        "idea": lambda: Scene(lambda n: add_to_idea(w, n), get(w, f"/ideas/{w.idea_id}", w.member, lang)),
        "proposals": lambda: Scene(lambda n: add_proposals(w, n), get(w, "/proposals", None, lang)),
        "proposal, signed out": lambda: Scene(lambda n: add_to_proposal(w, n), get(w, f"/proposals/{w.proposal_id}", None, lang)),
        "proposal, member, open ballot": lambda: Scene(lambda n: add_to_proposal(w, n), get(w, f"/proposals/{w.proposal_id}", w.member, lang)),
        "proposal, member, secret ballot": lambda: Scene(lambda n: add_to_proposal(w, n), get(w, f"/proposals/{w.secret_id}", w.member, lang)),
        "vote, open ballot, htmx": lambda: Scene(lambda n: add_to_proposal(w, n), vote(w, w.proposal_id, htmx=True, fresh_voter=False, language=lang)),
        "vote, open ballot, plain": lambda: Scene(
            lambda n: add_to_proposal(w, n), vote(w, w.proposal_id, htmx=False, fresh_voter=False, language=lang), expect=(303,)
        ),
        "vote, secret ballot, htmx": lambda: Scene(lambda n: add_to_proposal(w, n), vote(w, w.secret_id, htmx=True, fresh_voter=True, language=lang)),
        "vote, secret ballot, plain": lambda: Scene(
            lambda n: add_to_proposal(w, n), vote(w, w.secret_id, htmx=False, fresh_voter=True, language=lang), expect=(303,)
        ),
        "changes": lambda: Scene(lambda n: add_changes(w, n), get(w, "/changes", None, lang)),
        "change, signed out": lambda: Scene(lambda n: add_to_change(w, n), get(w, f"/changes/{w.change_id}", None, lang)),
        "change, member answering feedback": lambda: Scene(lambda n: add_to_change(w, n), get(w, f"/changes/{w.change_id}", w.member, lang)),
        "search, ideas": lambda: Scene(lambda n: add_searchable(w, n, "idea"), get(w, f"/search?q={SEARCHED}", None, lang)),
        "search, proposals": lambda: Scene(lambda n: add_searchable(w, n, "proposal"), get(w, f"/search?q={SEARCHED}", None, lang)),
        "search, changes": lambda: Scene(lambda n: add_searchable(w, n, "change"), get(w, f"/search?q={SEARCHED}", None, lang)),
        "your contributions": lambda: Scene(lambda n: add_contributions(w, n), get(w, "/ideas/mine", w.member, lang)),
        "inbox": lambda: Scene(lambda n: add_messages(w, n), get(w, "/messages", w.member, lang)),
    }
    if name == "change, member answering feedback":
        ask_feedback(world)
    return scenes[name]()


def counted(app: Flask, built: Scene) -> list[str]:
    visit = built.ready()
    with count_queries(app) as statements:
        response = visit()
    assert response.status_code in built.expect, response.text[:500]
    return list(statements)


def difference(few: list[str], many: list[str]) -> str:
    """The statements one count has more of than the other, for the failure message."""
    extra = list(many)
    for statement in few:
        if statement in extra:
            extra.remove(statement)
    return "\n\n".join(dict.fromkeys(extra)) or "(the smaller count has the extra statements)"


def check_budget(app: Flask, name: str, language: str) -> None:
    # Counted as rendered: a page kept for visitors would read only the page generation.
    app.config["PAGE_CACHE_ENTRIES"] = 0
    built = scene(name, make_world(app), language)
    built.grow(SMALL)
    counted(app, built)
    few = counted(app, built)
    built.grow(LARGE)
    many = counted(app, built)
    assert len(many) == len(few), f"{name}: {len(few)} statements with {SMALL} rows, {len(many)} with {LARGE}; more with more rows:\n{difference(few, many)}"
    assert len(many) <= BUDGET[name], f"{name}: {len(many)} statements, budget {BUDGET[name]}:\n" + "\n\n".join(many)


@pytest.mark.parametrize("language", ["en", "ur"])
@pytest.mark.parametrize("name", list(BUDGET))
def test_a_key_page_reads_as_often_with_a_thousand_rows_as_with_ten(app, name, language):
    check_budget(app, name, language)


@pytest.mark.parametrize("name", ["group", "proposal, member, secret ballot", "change, member answering feedback", "search, proposals", "your contributions"])
def test_a_key_page_keeps_its_budget_on_either_engine(db_app, name):
    check_budget(db_app, name, "ur")
