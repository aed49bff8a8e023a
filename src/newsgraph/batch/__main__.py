"""``spark-submit .../newsgraph/batch/__main__.py INPUT... --output DIR``: the batch job with
the master and resources ``spark-submit`` was given."""

from __future__ import annotations

import sys

from newsgraph.cli import main

if __name__ == "__main__":
    sys.exit(main(["batch", *sys.argv[1:]]))
