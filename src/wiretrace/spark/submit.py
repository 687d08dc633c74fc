"""Entry point for spark-submit: `spark-submit [options] submit.py INPUT... --output OUT [--no-stories] [--keep one]`.

It runs `wiretrace dedup --engine spark` in the driver that spark-submit
started, so the cluster's master, memory and archives come from spark-submit.
"""

import sys

from wiretrace.cli import main

if __name__ == "__main__":
    sys.argv = ["wiretrace", "dedup", "--engine", "spark", *sys.argv[1:]]
    main()
