"""Run reader with `python -m reader`."""

import sys

from reader.cli.main import main

sys.exit(main())
