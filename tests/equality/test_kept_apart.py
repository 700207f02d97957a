"""Equality answers are kept apart: no other module can read them, and no screen shows them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import portal
from portal.accounts import services as accounts
from portal.accounts.models import ConsentKind
from portal.extensions import db
from portal.groups import services as groups
from portal.groups.models import Touchpoint
from portal.ideas import services as ideas
from portal.safeguarding.models import RiskAnswer
from portal.web.permissions import Role
from tests.equality.helpers import give, make_cohort
from tests.factories import make_account, sign_in

PACKAGE = "portal.equality"
#: The only modules outside the package that may import from it, what they may import, and why.
ALLOWED = {
    # The app factory registers the blueprint.
    "portal": ("portal.equality.bp",),
    # Every table is imported once so the metadata (and Alembic) knows the schema.
    "portal.models": ("portal.equality.models",),
    # The demo gives two fictional people answers, through the same service the form uses.
    "portal.demo.data": ("portal.equality.services",),
    # Download my data gives the person their own answers, through the one reader of them.
    "portal.rights.queries": ("portal.equality.own",),
}
#: The evidence pack may read the counts (and the codes and their words), never one person's answers.
EVIDENCE = ("portal.evidence", ("portal.equality.models", "portal.equality.queries", "portal.equality.labels"))
TABLES = ("equality_answer", "equality_cohort")
#: Modules outside the package that may name the tables in SQL, and why.
TABLES_NAMED_BY = {
    # Deleting an account deletes its answers (never reads them); the foreign keys do this too.
    "portal.rights.services",
}


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported(tree: ast.AST, module: str, is_package: bool) -> set[str]:
    """Every dotted name the module imports (`from a import b` gives a.b), relative ones resolved."""
    names: set[str] = set()
    here = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = here[: len(here) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.startswith(PACKAGE):
            # importlib.import_module("portal.equality...") and the like.
            names.add(node.value)
    return names


def _may_import(module: str, name: str) -> bool:
    if module == PACKAGE or module.startswith(PACKAGE + "."):
        return True
    prefix, allowed = EVIDENCE
    if module == prefix or module.startswith(prefix + "."):
        return any(name == each or name.startswith(each + ".") for each in allowed)
    return any(name == each or name.startswith(each + ".") for each in ALLOWED.get(module, ()))


def problems_in(module: str, source: str, is_package: bool = False) -> list[str]:
    """What this module reaches of the equality package, or its tables, that it may not."""
    tree = ast.parse(source)
    found = [
        f"{module} imports {name}"
        for name in sorted(_imported(tree, module, is_package))
        if (name == PACKAGE or name.startswith(PACKAGE + ".")) and not _may_import(module, name)
    ]
    if not (module == PACKAGE or module.startswith(PACKAGE + ".")) and module not in TABLES_NAMED_BY:
        found += [f"{module} names the table {table}" for table in TABLES if table in source]
    return found


def test_no_other_module_imports_the_equality_answers():
    root = Path(portal.__file__).parent
    found = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        found += problems_in(module, path.read_text(encoding="utf-8"), is_package=path.name == "__init__.py")
    assert found == []


@pytest.mark.parametrize(
    ("module", "source", "is_package"),
    [
        ("portal.safeguarding.routes", "from portal.equality.models import EqualityAnswer", False),
        ("portal.ideas.queries", "import portal.equality.queries as q", False),
        ("portal.accounts.routes", "from portal import equality", False),
        ("portal.ideas.routes", "from ..equality import own", False),
        ("portal.ideas", "from ..equality import services", True),
        ("portal.caseload.routes", "import importlib\nimportlib.import_module('portal.equality.models')", False),
        ("portal.accounts.queries", "QUERY = 'SELECT * FROM equality_answer'", False),
        ("portal.evidence.pack", "from portal.equality.own import own_answers", False),
        ("portal.demo.data", "from portal.equality.models import EqualityAnswer", False),
        ("portal", "from portal.equality import services", True),
    ],
)
def test_the_import_check_catches_each_way_in(module, source, is_package):
    assert problems_in(module, source, is_package)


def test_the_import_check_lets_the_evidence_pack_read_counts():
    assert problems_in("portal.evidence.pack", "from portal.equality import queries\nfrom portal.equality.labels import ANSWER_NAMES") == []


#: Answers whose words appear nowhere else in the portal.
DISTINCTIVE = {"ethnicity": "white_gypsy_or_irish_traveller", "religion": "sikh", "sexual_orientation": "bisexual"}
DISTINCTIVE_WORDS = ("Gypsy or Irish Traveller", "Sikh", "Bisexual")


@pytest.fixture
def person_with_answers(app):
    """Someone signed up by a connector, in a group, with a published idea, an idea waiting for
    moderation and a safeguarding case, who gave distinctive equality answers."""
    staff = make_account(app, Role.staff)
    connector = make_account(app, Role.participant, Role.intermediary)
    cohort = make_cohort(app, "Carers")
    with app.app_context():
        data = {"name": "Open group", "pathway": "Therapy", "description": "x", "join_policy": "open"}
        group = groups.create_group(db.session, data=data, actor_id=staff.id)
        person = accounts.assisted_sign_up(
            db.session, connector_id=connector.id, pseudonym="kept-apart-person", pin="4826", language="en",
            consents=[ConsentKind.taking_part, ConsentKind.contact, ConsentKind.act_on_behalf], needs={},
        ).account
        groups.join(db.session, group=group, account_id=person.id)
        common = {"author_id": person.id, "touchpoint": Touchpoint.referral, "what_should_change": "", "language": "en", "group_id": group.id}
        idea = ideas.submit_idea(db.session, what_happened="The letter came late.", risk_answer=RiskAnswer.no, **common).idea
        ideas.moderate(db.session, idea=idea, decision="publish", moderator_id=staff.id)
        waiting = ideas.submit_idea(db.session, what_happened="Nobody rang back.", risk_answer=RiskAnswer.no, **common).idea
        case = ideas.submit_idea(db.session, what_happened="I am not safe at home.", risk_answer=RiskAnswer.yes_me, **common).case
        ids = {"person": person.id, "group": group.id, "idea": idea.id, "waiting": waiting.id, "case": case.id}
    give(app, ids["person"], cohorts="chosen", cohort_ids=[cohort], carer="yes", **DISTINCTIVE)
    return connector, ids


PAGES = {
    Role.safeguarding_lead: ("/cases", "/cases/{case}", "/cases/{case}/identity", "/ideas/{idea}"),
    Role.staff: ("/moderation", "/moderation/{idea}", "/moderation/{waiting}", "/ideas", "/ideas/{idea}", "/groups/{group}"),
    Role.admin: ("/admin/accounts", "/admin/accounts/{person}/roles", "/moderation", "/moderation/{waiting}", "/ideas/{idea}", "/groups/{group}"),
    Role.intermediary: (
        "/connector/people", "/connector/people/{person}/contact", "/connector/people/{person}/claim", "/connector/contacts.csv",
        "/moderation", "/ideas/{idea}", "/groups/{group}",
    ),
}


@pytest.mark.parametrize("role", list(PAGES))
def test_nobody_else_sees_a_persons_answers_on_any_page_about_them(app, person_with_answers, role):
    connector, ids = person_with_answers
    viewer = connector if role == Role.intermediary else make_account(app, role)
    client = app.test_client()
    sign_in(client, viewer)
    about_them = 0
    for url in PAGES[role]:
        response = client.get(url.format(**ids))
        assert response.status_code == 200, (url, response.status_code)
        about_them += "kept-apart-person" in response.text
        for word in DISTINCTIVE_WORDS:
            assert word not in response.text, (url, word)
        for code in DISTINCTIVE.values():
            assert code not in response.text, (url, code)
    assert about_them >= 3
