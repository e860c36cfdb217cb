import sys

from inquiry_analysis.cli import main

sys.exit(main())
