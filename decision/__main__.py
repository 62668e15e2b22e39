import sys

from decision.cli import main

sys.exit(main())
