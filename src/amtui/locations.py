"""Where amtui keeps its files: platformdirs, overridden by `AMTUI_DB`, then `--db`."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path, user_log_path

from amtui.errors import AmtuiError

APP_NAME = "amtui"
DB_FILENAME = "amtui.db"
DB_ENV_VAR = "AMTUI_DB"


def data_dir() -> Path:
    """The per-user data directory (not created here)."""
    return user_data_path(APP_NAME, appauthor=False)


def log_dir() -> Path:
    """The per-user folder of amtui's error log (not created here)."""
    return user_log_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """`$AMTUI_DB` if set, else `amtui.db` in the user data directory."""
    from_env = os.environ.get(DB_ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    return data_dir() / DB_FILENAME


def resolve_db_path(cli_value: str | None) -> Path:
    """The database path: `--db` beats `$AMTUI_DB`, which beats the default."""
    if cli_value is not None:
        if not cli_value.strip():
            raise AmtuiError("--db needs a path")
        return Path(cli_value).expanduser()
    return default_db_path()


def ensure_private_dir(directory: Path) -> None:
    """Create `directory` readable by its owner only (0700); missing parents follow
    the umask, like any other program's.

    A directory that already exists is left as it is: `--db /tmp/x.db` must not
    change the mode of `/tmp`.
    """
    if directory.is_dir():
        return
    if directory.exists():
        raise AmtuiError(f"{directory} is not a directory")
    try:
        directory.mkdir(parents=True, mode=0o700)  # parents: the umask
        directory.chmod(0o700)
    except OSError as error:
        raise AmtuiError(f"cannot create {directory}: {error.strerror}") from error
