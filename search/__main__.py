"""Allow ``python -m search`` as well as ``newssearch``."""

import sys

from search.cli import main

sys.exit(main())
