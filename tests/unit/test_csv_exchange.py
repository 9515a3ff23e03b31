"""CSV import and export of clients and contacts, on real books and real files:
spreadsheets' encodings and separators, header mapping, updates instead of doubles,
dry runs, rejections with their line, round trips and hostile text."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from breakage import amtui_here, one_line_error
from sqlalchemy import select

from amtui.errors import AmtuiError
from amtui.store import Database, open_database
from amtui.store.csv_exchange import export_csv, read_csv
from amtui.store.intake import take_accounts, take_contacts
from amtui.store.models import NAME_MAX, Account, Contact
from amtui.vocabulary import AccountPhase, AccountStatus, AccountTier
from conftest import add_account, build_small_book

DATA = Path(__file__).parents[1] / "data"
FRENCH = DATA / "clients-fr.csv"  # ; separated, BOM, CRLF, accents, quoted newlines
GOOGLE = DATA / "contacts-google.csv"  # , separated, Google Contacts' headers
HOSTILE = [
    "[bold]Evil[/] \x1b]0;pwned\x07 [@click=app.quit]",
    '=HYPERLINK("http://x";"y")',
    "+33 6 12 34 56 78",
    "-1",
    "@SUM(A1)",
    "'quoted",
    "'=already",
    'tab\there, quote " and ; and , and\r\nCRLF and \n LF',
    "zero\u200bwidth \u202eright-to-left",
    "  outer spaces  ",
]


def accounts(db: Database) -> dict[str, Account]:
    with db.read() as session:
        return {a.name: a for a in session.scalars(select(Account))}


def contacts(db: Database) -> dict[str, Contact]:
    with db.read() as session:
        return {c.name: c for c in session.scalars(select(Contact))}


def exported(db: Database, kind: str) -> str:
    out = io.StringIO()
    export_csv(db, kind, out)
    return out.getvalue()


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


# --- reading ------------------------------------------------------------------------


def test_a_french_spreadsheet_is_read_by_its_headers(db: Database) -> None:
    read = read_csv(FRENCH, "accounts")
    assert (read.encoding, read.separator) == ("UTF-8", ";")
    assert read.ignored == ["Chiffre d'affaires"]
    intake = take_accounts(db, read.records)
    assert [o.action for o in intake.outcomes] == ["create"] * 4
    assert [o.place for o in intake.outcomes] == [
        "line 2",
        "line 4",
        "line 5",
        "line 7",
    ]
    book = accounts(db)
    eaux = book["Société Générale des Eaux"]  # the BOM is not in the first header
    assert eaux.sector == "Énergie & eau"
    assert eaux.status is AccountStatus.ACTIVE
    assert eaux.phase is AccountPhase.LOYALTY
    assert eaux.tier is AccountTier.KEY
    assert eaux.owner == "Anaïs Lefèvre"
    assert eaux.cadence_days == 15
    assert eaux.tags == "eau;public"
    assert eaux.notes == "Siège à Paris.\nInterlocuteur principal : la DAF."
    assert (
        book["Boulangeries Ménard"].notes == '"Très" intéressés par l\'offre logistique'
    )
    assert book["Acme Logistics"].status is AccountStatus.AT_RISK
    assert book["Château & Fils; Négoce"].notes == "Deux adresses :\nBordeaux\nBeaune"


def test_windows_1252_is_read_too(db: Database, tmp_path: Path) -> None:
    text = FRENCH.read_bytes().decode("utf-8-sig")
    source = write(tmp_path / "excel.csv", text, "cp1252")
    read = read_csv(source, "accounts")
    assert read.encoding == "Windows-1252"
    take_accounts(db, read.records)
    assert "Société Générale des Eaux" in accounts(db)


def test_utf16_with_its_mark_and_tabs(db: Database, tmp_path: Path) -> None:
    source = write(tmp_path / "unicode.txt", "Nom\tSecteur\nÉtoile\tCiel\n", "utf-16")
    read = read_csv(source, "accounts")
    assert (read.encoding, read.separator) == ("UTF-16", "\t")
    take_accounts(db, read.records)
    assert accounts(db)["Étoile"].sector == "Ciel"


def test_headers_ignore_case_accents_and_punctuation(tmp_path: Path) -> None:
    source = write(
        tmp_path / "c.csv",
        "PRÉNOM,nom,Société,E-MAIL,Téléphone,Fonction,Date de naissance\n"
        "Ana,Sousa,Acme,ana@acme.example,+351,Buyer,--03-14\n",
    )
    (record,) = read_csv(source, "contacts").records
    assert record.fields == {
        "name": "Ana Sousa",
        "account": "Acme",
        "email": "ana@acme.example",
        "phone": "+351",
        "role": "Buyer",
        "birthday": "--03-14",
    }


def test_a_lone_nom_column_is_the_whole_name(tmp_path: Path) -> None:
    source = write(tmp_path / "c.csv", "nom;courriel;compte\nAna Sousa;a@b.fr;Acme\n")
    (record,) = read_csv(source, "contacts").records
    assert record.fields["name"] == "Ana Sousa"


@pytest.mark.parametrize(
    ("text", "kind", "message"),
    [
        ("", "accounts", "is empty"),
        ("\r\n \n", "accounts", "is empty"),
        ("Secteur;Statut\nTransport;actif\n", "accounts", "no column for the client's"),
        ("name,phone\nAna,+1\n", "contacts", "no column for the contact's client"),
        ("company,phone\nAcme,+1\n", "contacts", "no column for the contact's name"),
    ],
)
def test_unusable_files_are_one_clear_error(tmp_path, text, kind, message) -> None:
    source = write(tmp_path / "bad.csv", text)
    with pytest.raises(AmtuiError, match=message):
        read_csv(source, kind)


def test_binary_data_is_not_taken_for_text(tmp_path: Path) -> None:
    source = tmp_path / "photo.csv"
    source.write_bytes(bytes(range(256)))
    with pytest.raises(AmtuiError, match="not text in UTF-8, UTF-16 or Windows-1252"):
        read_csv(source, "accounts")
    source.write_bytes(b"name\n\x00\x01\x02\xff")
    with pytest.raises(AmtuiError, match="not a text file"):
        read_csv(source, "accounts")


# --- rejections and updates ---------------------------------------------------------


def test_bad_rows_are_rejected_with_their_line_and_the_rest_goes_in(
    db: Database, tmp_path: Path
) -> None:
    add_account(db, "Acme Logistics")
    long_name = "x" * (NAME_MAX + 1)
    source = write(
        tmp_path / "c.csv",
        "name,company,email,birthday\n"
        "Good One,Acme Logistics,good@acme.example,\n"
        'Bad Mail,Acme Logistics,"not-an-email",\n'
        f"{long_name},Acme Logistics,,\n"
        '"Two\nlines",Acme Logistics,,31/02/1990\n'
        "No Client,Nowhere Inc,,\n"
        "Extra,Acme Logistics,,,surplus\n",
    )
    intake = take_contacts(db, read_csv(source, "contacts").records)
    outcomes = {o.place: (o.action, o.detail) for o in intake.outcomes}
    assert outcomes["line 2"] == ("create", "")
    assert outcomes["line 3"] == ("reject", "'not-an-email' is not an e-mail address")
    assert outcomes["line 4"] == (
        "reject",
        "the name is 201 characters long: at most 200",
    )
    assert outcomes["line 5"] == ("reject", "the birthday 1990-02-31 is not a date")
    assert outcomes["line 7"] == (
        "reject",
        "no client is called 'Nowhere Inc' in the book",
    )
    assert outcomes["line 8"][0] == "reject"
    assert "5 cells where the header has 4" in outcomes["line 8"][1]
    assert list(contacts(db)) == ["Good One"]


def test_duplicates_are_updated_not_doubled(db: Database, tmp_path: Path) -> None:
    add_account(db, "Acme Logistics", sector="Transport", owner="Paul")
    source = write(
        tmp_path / "a.csv",
        "name,sector,owner,notes\n"
        "  ACME logistics ,Logistics,,kept notes\n"  # a blank owner keeps Paul
        "New Client,,,\n"
        "new client,Retail,,\n",  # the same as line 3, in this very file
    )
    intake = take_accounts(db, read_csv(source, "accounts").records)
    assert [(o.action, o.name, o.detail) for o in intake.outcomes] == [
        ("update", "Acme Logistics", "sector, notes"),
        ("create", "New Client", ""),
        ("update", "New Client", "sector"),
    ]
    book = accounts(db)
    assert sorted(book) == ["Acme Logistics", "New Client"]
    assert (book["Acme Logistics"].sector, book["Acme Logistics"].owner) == (
        "Logistics",
        "Paul",
    )
    assert book["Acme Logistics"].version == 2  # an edit, seen by open forms
    again = take_accounts(db, read_csv(source, "accounts").records)
    assert [o.action for o in again.outcomes] == ["unchanged", "unchanged", "unchanged"]


def test_contacts_are_matched_by_email_then_by_name(
    db: Database, tmp_path: Path
) -> None:
    acme, cobalt = add_account(db, "Acme"), add_account(db, "Cobalt")
    with db.write() as session:
        session.add(
            Contact(account_id=acme, name="Claire", email="Claire@Acme.example")
        )
        session.add(Contact(account_id=acme, name="Paul Petit", role="CTO"))
    source = write(
        tmp_path / "c.csv",
        "name,account,email,role\n"
        "Claire Martin,Cobalt, claire@acme.EXAMPLE ,CFO\n"  # moved to Cobalt
        "paul petit,Acme,,CIO\n",
    )
    intake = take_contacts(db, read_csv(source, "contacts").records)
    assert [(o.action, o.detail) for o in intake.outcomes] == [
        ("update", "name, role, email, client"),
        ("update", "role"),
    ]
    people = contacts(db)
    assert len(people) == 2
    assert people["Claire Martin"].account_id == cobalt
    assert people["Paul Petit"].role == "CIO"


def test_an_archived_client_is_not_updated(db: Database, tmp_path: Path) -> None:
    add_account(db, "Acme", archived=True)
    source = write(tmp_path / "a.csv", "name,sector\nAcme,Retail\n")
    intake = take_accounts(db, read_csv(source, "accounts").records)
    assert [o.action for o in intake.outcomes] == ["create"]
    assert len(accounts(db)) == 1  # the dict keeps one name: check the rows instead
    with db.read() as session:
        rows = session.execute(select(Account.archived, Account.sector)).all()
    assert sorted(rows) == [(False, "Retail"), (True, None)]


# --- dry runs -----------------------------------------------------------------------


def test_a_dry_run_changes_nothing_and_says_what_would_happen(db_path: Path) -> None:
    db = open_database(db_path)
    build_small_book(db)
    db.close()
    before = db_path.read_bytes()
    result = amtui_here(
        "import",
        "csv",
        str(FRENCH),
        "--kind",
        "accounts",
        "--dry-run",
        "--db",
        str(db_path),
    )
    assert result.returncode == 0, result.stderr
    assert db_path.read_bytes() == before
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Dry run of {FRENCH} (UTF-8, separator ';'")
    assert "ignored columns: 'Chiffre d'affaires'" in lines[0]
    assert lines[1:] == [
        "line 2: create client 'Société Générale des Eaux'",
        "line 4: create client 'Boulangeries Ménard'",
        "line 5: update client 'Acme Logistics': sector, status, owner",
        "line 7: create client 'Château & Fils; Négoce'",
        "Would create 3 clients, update 1, leave 0 unchanged, reject 0.",
    ]
    db = open_database(db_path)
    assert accounts(db)["Acme Logistics"].sector is None
    db.close()


def test_a_dry_run_on_no_book_creates_none(tmp_path: Path) -> None:
    book = tmp_path / "new.db"
    result = amtui_here(
        "import",
        "csv",
        str(FRENCH),
        "--kind",
        "accounts",
        "--dry-run",
        "--db",
        str(book),
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == []


def test_an_import_reports_rejections_on_stderr(tmp_path: Path) -> None:
    book = tmp_path / "book.db"
    result = amtui_here(
        "import", "csv", str(FRENCH), "--kind", "accounts", "--db", str(book)
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert result.stderr == (
        f"Imported clients-fr.csv into {book}: 4 clients created, 0 updated, "
        "0 unchanged, 0 rejected.\n"
    )
    result = amtui_here(
        "import", "csv", str(GOOGLE), "--kind", "contacts", "--db", str(book)
    )
    assert result.stderr.splitlines() == [
        "line 3: reject contact 'Karim Benali': no client is called "
        "'Cobalt Bank' in the book",
        "line 4: reject contact 'Jo Nobody': no client is called "
        "'Unknown Corp' in the book",
        "line 5: reject contact 'Ana Sousa': 'not-an-email' is not an e-mail address",
        f"Imported contacts-google.csv into {book}: 2 contacts created, 0 updated, "
        "0 unchanged, 3 rejected.",
    ]


# --- round trips --------------------------------------------------------------------


def test_accounts_and_contacts_round_trip(tmp_path: Path) -> None:
    source = open_database(tmp_path / "source.db")
    build_small_book(source)
    take_accounts(source, read_csv(FRENCH, "accounts").records)
    take_contacts(source, read_csv(GOOGLE, "contacts").records)
    with source.write() as session:
        acme = session.scalar(select(Account).where(Account.name == "Acme Logistics"))
        for index, text in enumerate(HOSTILE):
            session.add(Account(name=f"H{index} {text}", notes=text, sector=text[:100]))
            session.add(
                Contact(
                    account_id=acme.id,
                    name=f"C{index} {text}",
                    role=text,
                    phone=text[:50],
                    notes=text,
                    birthday_month=2,
                    birthday_day=29,
                )
            )
    files = {}
    for kind in ("accounts", "contacts"):
        files[kind] = tmp_path / f"{kind}.csv"
        files[kind].write_text(exported(source, kind), encoding="utf-8", newline="")
    target = open_database(tmp_path / "target.db")
    for kind, take in (("accounts", take_accounts), ("contacts", take_contacts)):
        intake = take(target, read_csv(files[kind], kind).records)
        assert {o.action for o in intake.outcomes} == {"create"}
    for kind in ("accounts", "contacts"):
        assert exported(target, kind) == exported(source, kind)
    fields = ("name", "sector", "tier", "phase", "status", "owner", "cadence_days")
    fields += ("tags", "notes")
    original, copy = accounts(source), accounts(target)
    assert original.keys() == copy.keys()
    for name, account in original.items():
        assert [getattr(copy[name], f) for f in fields] == [
            getattr(account, f) for f in fields
        ]
    people = ("name", "role", "email", "phone", "notes", "birthday_month")
    people += ("birthday_day", "birthday_year")
    original_people, copied_people = contacts(source), contacts(target)
    assert original_people.keys() == copied_people.keys()
    for name, person in original_people.items():
        assert [getattr(copied_people[name], f) for f in people] == [
            getattr(person, f) for f in people
        ]
    # importing the export again into the same book changes nothing
    for kind, take in (("accounts", take_accounts), ("contacts", take_contacts)):
        intake = take(target, read_csv(files[kind], kind).records)
        assert {o.action for o in intake.outcomes} == {"unchanged"}
    source.close()
    target.close()


def test_formula_like_text_is_guarded_in_the_file(db: Database) -> None:
    add_account(db, '=HYPERLINK("http://x")', owner="+33 1", tags="@x")
    row = next(csv.DictReader(io.StringIO(exported(db, "accounts"))))
    assert row["name"] == '\'=HYPERLINK("http://x")'
    assert (row["owner"], row["tags"]) == ("'+33 1", "'@x")


def test_interactions_export_streams_every_live_row(db: Database) -> None:
    build_small_book(db)
    add_account(db, "Gone", archived=True)
    rows = list(csv.DictReader(io.StringIO(exported(db, "interactions"))))
    assert [row["summary"] for row in rows] == [
        "Renewal call with the CFO",
        "Quarterly business review",
        "Sent the [red]proposal[/]",
    ]
    assert rows[0]["contact"] == "Claire Martin"
    assert rows[0]["kind"] == "call"
    assert rows[1]["contact"] == ""
    assert rows[0]["occurred_at"][:10] <= rows[2]["occurred_at"][:10]


def test_export_reads_in_batches(db: Database, monkeypatch) -> None:
    """The export never asks for a whole table: rows come `BATCH_SIZE` at a time."""
    from amtui.store import csv_exchange

    monkeypatch.setattr(csv_exchange, "BATCH_SIZE", 2)
    build_small_book(db)
    fetched: list[int] = []
    original = csv_exchange.Session.execute

    def spy(self, statement, *args, **kwargs):
        options = kwargs.get("execution_options") or {}
        if "yield_per" in options:
            fetched.append(options["yield_per"])
        return original(self, statement, *args, **kwargs)

    monkeypatch.setattr(csv_exchange.Session, "execute", spy)
    progress: list[tuple[int, int]] = []
    export_csv(
        db, "interactions", io.StringIO(), progress=lambda *p: progress.append(p)
    )
    assert fetched == [2]
    assert progress == [(0, 3), (2, 3), (3, 3)]


# --- the command line ---------------------------------------------------------------


def test_export_writes_a_private_file_or_stdout(tmp_path: Path, db_path: Path) -> None:
    db = open_database(db_path)
    build_small_book(db)
    db.close()
    out = tmp_path / "clients.csv"
    result = amtui_here(
        "export",
        "--format",
        "csv",
        "--kind",
        "accounts",
        "--out",
        str(out),
        "--db",
        str(db_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Exported 5 clients to {out}\n"
    assert out.stat().st_mode & 0o777 == 0o600
    piped = amtui_here(
        "export", "--format", "csv", "--kind", "accounts", "--db", str(db_path)
    )
    assert piped.stdout.encode() == out.read_bytes()
    assert piped.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "--format", "csv"], "--format csv needs --kind"),
        (["export", "--format", "json", "--kind", "accounts"], "--kind goes with"),
        (["import", "csv", "--kind", "accounts"], "'amtui import csv' needs the FILE"),
        (["import", "csv", "{csv}"], "needs --kind accounts or --kind contacts"),
        (["import", "csv", "{missing}", "--kind", "accounts"], "no such file"),
        (
            ["import", "csv", "{csv}", "--kind", "accounts", "--account", "A"],
            "--account",
        ),
        (["import", "{csv}", "--dry-run"], "--dry-run goes with"),
        (["import", "{csv}", "{csv}"], "takes one file"),
    ],
)
def test_bad_command_lines(tmp_path: Path, db_path: Path, args, message) -> None:
    open_database(db_path).close()
    paths = {"csv": str(FRENCH), "missing": str(tmp_path / "missing.csv")}
    result = amtui_here(*[arg.format(**paths) for arg in args], "--db", str(db_path))
    assert message in one_line_error(result)


def test_a_bad_file_is_one_line_and_changes_nothing(
    tmp_path: Path, db_path: Path
) -> None:
    db = open_database(db_path)
    build_small_book(db)
    db.close()
    before = db_path.read_bytes()
    bad = write(tmp_path / "bad.csv", "Secteur;Ville\nTransport;Lyon\n")
    result = amtui_here(
        "import", "csv", str(bad), "--kind", "accounts", "--db", str(db_path)
    )
    assert "has no column for the client's name" in one_line_error(result)
    assert db_path.read_bytes() == before


def test_the_example_files_are_kept_as_spreadsheets_write_them(tmp_path: Path) -> None:
    """The test data stays what it claims to be (a BOM, semicolons, CRLF)."""
    data = FRENCH.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b";" in data.split(b"\r\n")[0]
    assert b"\r\n" in data
    copy = shutil.copy(GOOGLE, tmp_path / "copy.csv")
    assert read_csv(Path(copy), "contacts").separator == ","
