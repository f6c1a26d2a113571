"""`python -m glossary_plugin` runs `glossary-lint`."""

from .cli import main

raise SystemExit(main())
