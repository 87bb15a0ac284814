"""`python -m game` runs the `backstop` command."""

from game.cli import main

raise SystemExit(main())
