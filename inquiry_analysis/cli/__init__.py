"""The ``inquiry-analysis`` commands (:mod:`.commands`), ``analyse`` (:mod:`.analyse`) and the notebook runner
(:mod:`.runner`). Nothing in the package imports this one; it imports only the standard library at
start, so that ``inquiry-analysis --help`` does not wait for pandas.
"""

from inquiry_analysis.cli.commands import main

__all__ = ["main"]
