"""``python -m advisor.cli …``: the same as the ``advisor`` console script."""

import sys

from advisor.cli.core import main

sys.exit(main())
