"""Allow `python -m amtui`."""

from amtui.cli import main

raise SystemExit(main())
