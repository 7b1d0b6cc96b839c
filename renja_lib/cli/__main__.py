"""``python -m renja_lib.cli``: the ``renja`` command."""
import sys

from .commands import main

sys.exit(main())
