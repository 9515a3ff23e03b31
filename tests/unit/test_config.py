"""The settings file: defaults when missing, and a warning naming the line when bad."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from amtui.config import Settings, config_path, load_settings, remember_theme
from amtui.domain.date_format import NAMED, SHORT, parse_date_format
from amtui.domain.review import DEFAULT_TARGETS, TargetSplit
from amtui.errors import AmtuiError
from amtui.vocabulary import AccountPhase

TODAY_2026 = date(2026, 11, 24)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_missing_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.toml") == (Settings(), [])
    assert Settings().targets == DEFAULT_TARGETS


def test_amtui_config_names_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AMTUI_CONFIG", str(tmp_path / "mine.toml"))
    assert config_path() == tmp_path / "mine.toml"


def test_the_phase_and_the_splits_are_read(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '[review]\nphase = "Conquest"\nconquest_split = "70/30"\nloyalty_split = "10/90"\n',
    )
    settings, warnings = load_settings(path)
    assert warnings == []
    assert settings.phase is AccountPhase.CONQUEST
    assert settings.targets == {
        AccountPhase.CONQUEST: TargetSplit(70),
        AccountPhase.LOYALTY: TargetSplit(10),
    }


def test_a_bad_value_is_named_with_its_line_and_keeps_its_default(
    tmp_path: Path,
) -> None:
    path = write(
        tmp_path,
        '# mine\n[review]\nphase = "hunting"\nconquest_split = "90/20"\n'
        'loyalty_split = "30/70"\ncolour = "red"\n',
    )
    settings, warnings = load_settings(path)
    assert warnings == [
        f"{path}, line 3: phase is 'hunting', not 'conquest' or 'loyalty'; "
        "using the default",
        f"{path}, line 4: conquest_split: '90/20' does not add up to 100; "
        "using the default",
        f"{path}, line 6: unknown setting 'colour' in [review]; using the default",
    ]
    assert settings.phase is None
    assert settings.targets[AccountPhase.CONQUEST] == TargetSplit(80)
    assert settings.targets[AccountPhase.LOYALTY] == TargetSplit(30)


def test_a_file_that_is_not_toml_falls_back_to_the_defaults(tmp_path: Path) -> None:
    path = write(tmp_path, '[review]\nphase = "conquest\n')
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert len(warnings) == 1
    assert "line 2" in warnings[0] and warnings[0].endswith("using the defaults")


def test_a_review_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    settings, warnings = load_settings(write(tmp_path, 'review = "yes"\n'))
    assert settings == Settings()
    assert warnings == [
        f"{tmp_path / 'config.toml'}, line 1: [review] must be a table; "
        "using the default"
    ]


def test_an_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b"\xff\xfe[review]")
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert "cannot be read" in warnings[0]


SAMPLE = """\
# amtui settings
[clients]
owner = "Claire Martin"   # me
cadence_days = 21

[display]
date_format = "iso"
theme = "nord"

[review]
phase = "loyalty"

[keys]
"app.quit" = "ctrl+q"
cockpit.filter = "f,slash"
"""


def test_every_setting_is_read(tmp_path: Path) -> None:
    settings, warnings = load_settings(write(tmp_path, SAMPLE))
    assert warnings == []
    assert settings.owner == "Claire Martin"
    assert settings.cadence_days == 21
    assert settings.date_format is NAMED["iso"]
    assert settings.theme == "nord"
    assert settings.phase is AccountPhase.LOYALTY
    # quoted or dotted, a binding id reads the same
    assert settings.keys == {"app.quit": "ctrl+q", "cockpit.filter": "f,slash"}


def test_the_defaults(tmp_path: Path) -> None:
    settings = Settings()
    assert (settings.owner, settings.cadence_days, settings.theme) == ("", None, None)
    assert settings.date_format is SHORT and settings.keys == {}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("[clients]\nowner = 12", "owner is 12, not a text: write it in quotes"),
        (f'[clients]\nowner = "{"x" * 201}"', "owner is 201 characters long"),
        ("[clients]\ncadence_days = 0", "cadence_days is 0, not a whole number"),
        ("[clients]\ncadence_days = true", "cadence_days is True, not a whole"),
        ('[clients]\ncadence_days = "30"', "cadence_days is '30', not a whole"),
        (
            '[display]\ndate_format = "%H:%M"',
            "date_format: '%H' in '%H:%M' is not a date",
        ),
        ('[display]\ndate_format = "%Y"', "'%Y' does not show the day"),
        ('[display]\ndate_format = "weekly"', "'weekly' is none of 'short'"),
        ("[display]\ntheme = 3", "theme is 3, not a text"),
        ('[display]\ncolours = "red"', "unknown setting 'colours' in [display]"),
        ("[keys]\n'app.quit' = 5", "the keys of 'app.quit' must be a text"),
        ("[colours]", "unknown setting [colours]"),
        ('[review]\nconquest_split = "7/3"', "'7/3' does not add up"),
    ],
)
def test_each_bad_line_is_named_and_the_rest_applies(
    tmp_path: Path, line: str, problem: str
) -> None:
    """The bad line comes after good ones: its number is told, its setting keeps
    its default, and the good ones apply."""
    good = "[review]\nphase = 'loyalty'\n"
    if line.startswith("[review]"):
        good = "[display]\ntheme = 'nord'\n"
    path = write(tmp_path, f"# mine\n{good}{line}\n")
    settings, warnings = load_settings(path)
    bad_line = 3 + line.count("\n") + 1
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}, line {bad_line}: ")
    assert problem in warnings[0]
    assert warnings[0].endswith("; using the default")
    assert settings.phase is AccountPhase.LOYALTY or settings.theme == "nord"
    assert (settings.owner, settings.cadence_days) == ("", None)
    assert settings.date_format is SHORT and settings.keys == {}
    assert settings.targets == DEFAULT_TARGETS


@pytest.mark.parametrize(
    ("pattern", "shown"),
    [("%d.%m.%y", "24.11.26"), ("%a %d %b", "Tue 24 Nov"), ("%j", "328")],
)
def test_a_strftime_date_format(pattern: str, shown: str) -> None:
    style = parse_date_format(pattern)
    today = TODAY_2026
    assert style(today, today) == shown
    assert style.width == len(shown)


def test_the_named_date_formats_this_year_and_another() -> None:
    day, other = TODAY_2026, TODAY_2026.replace(year=2025)
    assert [(style(day, day), style(other, day)) for style in NAMED.values()] == [
        ("24 Nov", "Nov'25"),
        ("2026-11-24", "2025-11-24"),
        ("24/11", "24/11/25"),
        ("11/24", "11/24/25"),
    ]


def test_a_date_format_wider_than_a_list_column_is_refused() -> None:
    with pytest.raises(ValueError, match="wider than 12"):
        parse_date_format("%A %d %B %Y")


# -- the theme, written back -----------------------------------------------------------


def test_remembering_a_theme_changes_its_value_alone(tmp_path: Path) -> None:
    path = write(tmp_path, SAMPLE)
    remember_theme("ansi-dark", path)
    assert path.read_text() == SAMPLE.replace('"nord"', '"ansi-dark"')
    assert load_settings(path)[0].theme == "ansi-dark"


def test_remembering_a_theme_adds_it_under_display(tmp_path: Path) -> None:
    text = SAMPLE.replace('theme = "nord"\n', "")
    path = write(tmp_path, text)
    remember_theme("gruvbox", path)
    assert path.read_text() == text.replace(
        "[display]\n", '[display]\ntheme = "gruvbox"\n'
    )


def test_remembering_a_theme_adds_a_display_table(tmp_path: Path) -> None:
    text = "# mine\n[keys]\n'app.quit' = 'ctrl+q'"  # no newline at the end
    path = write(tmp_path, text)
    remember_theme("nord", path)
    assert path.read_text() == text + '\n\n[display]\ntheme = "nord"\n'
    settings, warnings = load_settings(path)
    assert warnings == [] and settings.keys == {"app.quit": "ctrl+q"}


def test_remembering_a_theme_creates_the_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config.toml"
    remember_theme("nord", path)
    assert path.read_text() == '[display]\ntheme = "nord"\n'
    assert path.stat().st_mode & 0o777 == 0o600


def test_remembering_a_theme_follows_a_link(tmp_path: Path) -> None:
    real = write(tmp_path, "[display]\ntheme = 'nord'\n")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    remember_theme("dracula", link)
    assert link.is_symlink()
    assert real.read_text() == '[display]\ntheme = "dracula"\n'


@pytest.mark.parametrize(
    "text",
    [
        'display = "dark"\n',  # not a table
        '[display]\ntheme = """nord"""\n',  # a string amtui does not edit
        "[display\n",  # not TOML
    ],
)
def test_a_theme_that_cannot_be_kept_is_said_and_the_file_kept(
    tmp_path: Path, text: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(AmtuiError):
        remember_theme("nord", path)
    assert path.read_text() == text


def test_a_file_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(AmtuiError, match="could not be written"):
        remember_theme("dracula", tmp_path / "file" / "config.toml")
