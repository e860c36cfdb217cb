"""The ``inquiry-analysis`` command."""

from __future__ import annotations

import argparse
import sys

from . import provenance

__all__ = ["main"]


def _version() -> str:
    from . import __version__

    return __version__


def cmd_verify(args: argparse.Namespace) -> int:
    """Re-hash the bundled data against data/datapackage.json."""
    checks = provenance.check_data_package(args.data_dir)
    bad = [check for check in checks if not check.ok]
    for check in bad:
        print(f"FAIL {check}")
    print(f"{len(checks) - len(bad)} of {len(checks)} data files match their recorded sha256.")
    return 1 if bad else 0


def cmd_reproduce(args: argparse.Namespace) -> int:
    """Verify the data, then load and check every bundled table."""
    from .loaders import DataError, load_table

    if cmd_verify(args) != 0:
        return 1
    for resource in provenance.read_datapackage(args.data_dir)["resources"]:
        try:
            table = load_table(resource["name"], data_dir=args.data_dir)
        except DataError as err:
            print(f"FAIL {err}")
            return 1
        print(f"{resource['name']:<12} {len(table):>3} rows  sha256 {table.attrs['sha256'][:12]}  {resource['title']}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="inquiry-analysis",
        description="Reproduce the figures given to the IICSA internet hearing from cited public data.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, function in [("reproduce", cmd_reproduce), ("verify", cmd_verify)]:
        command = commands.add_parser(name, help=function.__doc__.splitlines()[0], description=function.__doc__)
        command.add_argument("--data-dir", default=None, help="a data package folder (default: the bundled data/)")
        command.set_defaults(run=function)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
