"""vCard import: exports of Google Contacts, Apple Contacts and a CardDAV server, and
real-world edge cases written by other programs, into a real book."""

from __future__ import annotations

from pathlib import Path

import pytest
from breakage import amtui_here, one_line_error
from sqlalchemy import select

from amtui.errors import AmtuiError
from amtui.store import Database, open_database
from amtui.store.intake import take_contacts
from amtui.store.models import Contact
from amtui.store.vcard import read_vcards
from conftest import add_account

DATA = Path(__file__).parents[1] / "data"
SHARED = Path(__file__).parents[3] / "shared" / "fixtures" / "vcards"
KHARD = sorted((DATA / "khard").glob("*.vcf")) + sorted(SHARED.glob("*.vcf"))
EVIL = "Zeta [bold]Evil[/] Corp"


@pytest.fixture
def clients(db: Database) -> dict[str, int]:
    names = ["Acme Logistics", "Cobalt Bank", "Borealis Foods", "Delta Energy", EVIL]
    return {name: add_account(db, name) for name in names}


def people(db: Database) -> dict[str, Contact]:
    with db.read() as session:
        return {c.name: c for c in session.scalars(select(Contact))}


def birthday(contact: Contact) -> tuple[int | None, int | None, int | None]:
    return contact.birthday_month, contact.birthday_day, contact.birthday_year


def test_a_google_contacts_export(db: Database, clients: dict[str, int]) -> None:
    intake = take_contacts(db, read_vcards(DATA / "google-contacts.vcf"))
    assert [(o.place, o.action, o.detail) for o in intake.outcomes] == [
        ("card 1 (line 1)", "create", ""),
        ("card 2 (line 17)", "create", ""),
        (
            "card 3 (line 28)",
            "reject",
            "it names no client (no ORG): give one with --account NAME",
        ),
        ("card 4 (line 35)", "reject", "it has no name (FN or N)"),
    ]
    found = people(db)
    claire = found["Claire Martin"]
    assert claire.account_id == clients["Acme Logistics"]
    assert claire.email == "claire.martin@acme-logistics.example"
    assert claire.phone == "+33 6 12 34 56 78"
    assert claire.role == "Chief Financial Officer"
    assert birthday(claire) == (3, 14, 1985)
    assert claire.notes == (
        "Prefers calls before 10am, never on Fridays.\nAsk about the Lyon warehouse."
    )
    karim = found["Karim Benali"]
    assert karim.account_id == clients["Cobalt Bank"]  # ORG's first unit
    assert birthday(karim) == (7, 21, None)


def test_an_apple_contacts_export(db: Database, clients: dict[str, int]) -> None:
    intake = take_contacts(db, read_vcards(DATA / "apple-contacts.vcf"))
    assert [o.action for o in intake.outcomes] == ["create"] * 3
    found = people(db)
    eloise = found["Éloïse Dupont"]
    assert eloise.account_id == clients["Borealis Foods"]
    assert eloise.email == "eloise.dupont@borealis.example"  # the preferred one
    assert eloise.phone == "+33 6 98 76 54 32"
    assert eloise.role == "Directrice des achats"
    assert birthday(eloise) == (11, 2, None)  # Apple's 1604 means no year
    assert eloise.notes == "Rencontrée au salon SIAL.\nAime le thé vert; pas de café."
    assert birthday(found["Dr. Chidi Okafor"]) == (5, 21, 1979)
    assert found["Zeta Corp reception"].account_id == clients[EVIL]


def test_a_vcard_4_export(db: Database, clients: dict[str, int]) -> None:
    take_contacts(db, read_vcards(DATA / "contacts-4.0.vcf"))
    found = people(db)
    ana = found["Ana Sousa"]
    assert (ana.email, ana.phone, ana.role) == (
        "ana.sousa@acme-logistics.example",
        "+351-912-345-678",  # TEL;VALUE=uri:tel:…
        "Buyer",
    )
    assert birthday(ana) == (3, 14, None)  # --0314
    assert birthday(found["Tom Weber"]) == (12, 24, None)  # 0000-12-24
    assert birthday(found["Lea Roth"]) == (2, 29, 1992)  # 19920229


def test_contacts_matched_by_email_are_updated(
    db: Database, clients: dict[str, int]
) -> None:
    with db.write() as session:
        session.add(
            Contact(
                account_id=clients["Delta Energy"],
                name="Claire M.",
                email="CLAIRE.MARTIN@acme-logistics.example",
                notes="met at a fair",
            )
        )
    first = take_contacts(db, read_vcards(DATA / "google-contacts.vcf"))
    assert [o.action for o in first.outcomes][:2] == ["update", "create"]
    assert first.outcomes[0].detail == (
        "name, email, phone, role, notes, birthday, client"
    )
    again = take_contacts(db, read_vcards(DATA / "google-contacts.vcf"))
    assert [o.action for o in again.outcomes][:2] == ["unchanged", "unchanged"]
    found = people(db)
    assert len(found) == 2
    assert found["Claire Martin"].account_id == clients["Acme Logistics"]


def test_account_overrides_org(db: Database, clients: dict[str, int]) -> None:
    records = read_vcards(DATA / "google-contacts.vcf", account="delta energy")
    intake = take_contacts(db, records)
    assert [o.action for o in intake.outcomes] == ["create"] * 3 + ["reject"]
    assert {c.account_id for c in people(db).values()} == {clients["Delta Energy"]}


@pytest.mark.parametrize(
    "source", KHARD, ids=lambda path: f"{path.parent.name}/{path.name}"
)
def test_real_world_edge_cases(
    db: Database, clients: dict[str, int], source: Path
) -> None:
    if source.name == "unparsable.vcf":
        with pytest.raises(AmtuiError) as caught:
            read_vcards(source, account="Acme Logistics")
        message = str(caught.value)
        assert str(source) in message
        assert "at line 5" in message
        assert "nothing was imported" in message
        return
    intake = take_contacts(db, read_vcards(source))
    assert [o.action for o in intake.outcomes] == ["reject"]  # no ORG
    assert "no client (no ORG)" in intake.outcomes[0].detail
    intake = take_contacts(db, read_vcards(source, account="Acme Logistics"))
    assert [o.action for o in intake.outcomes] == ["create"]
    (contact,) = people(db).values()
    expected = {
        "korean-c.vcf": ("최유림", None, None),
        "tel-value-uri.vcf": ("bug 195", "67545678", None),
        "text-bday.vcf": ("text birthday", None, "Birthday: circa 1800"),
    }[source.name]
    assert (contact.name, contact.phone, contact.notes) == expected
    assert birthday(contact) == (None, None, None)


def test_the_shared_fixtures_are_all_tested() -> None:
    """Every khard fixture has its copy in tests/data, so the tests run without
    shared/ too."""
    copies = {path.name for path in (DATA / "khard").glob("*.vcf")}
    assert copies == {
        "korean-c.vcf",
        "tel-value-uri.vcf",
        "text-bday.vcf",
        "unparsable.vcf",
    }
    if SHARED.is_dir():
        assert {path.name for path in SHARED.glob("*.vcf")} <= copies


def test_hostile_text_is_stored_exactly(
    db: Database, clients: dict[str, int], tmp_path: Path
) -> None:
    name = "[bold]Mallory[/] \x1b]0;pwned\x07 [@click=app.quit] \u202eevil"
    card = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\n"
        f"FN:{name}\r\nORG:{EVIL}\r\nNOTE:line one\\nline\\, two\\; \x1b[31mred\r\n"
        "TITLE:=cmd|' /C calc'!A0\r\nEND:VCARD\r\n"
    )
    source = tmp_path / "evil.vcf"
    source.write_text(card, encoding="utf-8")
    take_contacts(db, read_vcards(source))
    (contact,) = people(db).values()
    assert contact.name == name
    assert contact.notes == "line one\nline, two; \x1b[31mred"
    assert contact.role == "=cmd|' /C calc'!A0"
    assert contact.account_id == clients[EVIL]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "holds no BEGIN:VCARD"),
        (b"name,email\nAna,a@b.c\n", "holds no BEGIN:VCARD"),
        (b"BEGIN:VCARD\r\nFN:\xff\xfe\r\nEND:VCARD\r\n", "not UTF-8"),
    ],
)
def test_files_that_are_no_vcards(tmp_path: Path, content: bytes, message: str) -> None:
    source = tmp_path / "bad.vcf"
    source.write_bytes(content)
    with pytest.raises(AmtuiError, match=message):
        read_vcards(source)


def test_the_command_line(db_path: Path) -> None:
    db = open_database(db_path)
    add_account(db, "Acme Logistics")
    add_account(db, "Cobalt Bank")
    db.close()
    source = DATA / "google-contacts.vcf"
    dry = amtui_here("import", "vcard", str(source), "--dry-run", "--db", str(db_path))
    assert dry.returncode == 0, dry.stderr
    assert dry.stdout.splitlines() == [
        f"Dry run of {source} (vCard): nothing was changed.",
        "card 1 (line 1): create contact 'Claire Martin'",
        "card 2 (line 17): create contact 'Karim Benali'",
        "card 3 (line 28): reject contact 'Mum': it names no client (no ORG): give "
        "one with --account NAME",
        "card 4 (line 35): reject contact: it has no name (FN or N)",
        "Would create 2 contacts, update 0, leave 0 unchanged, reject 2.",
    ]
    done = amtui_here("import", "vcard", str(source), "--db", str(db_path))
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"Imported google-contacts.vcf into {db_path}: 2 contacts created, "
        "0 updated, 0 unchanged, 2 rejected."
    )
    unknown = amtui_here(
        "import", "vcard", str(source), "--account", "Nobody Inc", "--db", str(db_path)
    )
    assert "no client is called 'Nobody Inc' in the book" in one_line_error(unknown)
    broken = amtui_here(
        "import", "vcard", str(DATA / "khard" / "unparsable.vcf"), "--db", str(db_path)
    )
    assert "at line 5" in one_line_error(broken)
    kind = amtui_here(
        "import", "vcard", str(source), "--kind", "contacts", "--db", str(db_path)
    )
    assert "--kind goes with 'amtui import csv'" in one_line_error(kind)
