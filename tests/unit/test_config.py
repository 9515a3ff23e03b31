"""The settings file: defaults when missing, and a warning naming the line when bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from amtui.config import Settings, config_path, load_settings
from amtui.domain.review import DEFAULT_TARGETS, TargetSplit
from amtui.vocabulary import AccountPhase


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
        f"{tmp_path / 'config.toml'}: [review] must be a table; using the defaults"
    ]


def test_an_unreadable_file_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path, "")
    path.write_bytes(b"\xff\xfe[review]")
    settings, warnings = load_settings(path)
    assert settings == Settings()
    assert "cannot be read" in warnings[0]
