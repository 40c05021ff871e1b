"""`python -m postsoviet`: what the package's commands are, and how to call them."""

import sys

COMMANDS = """\
usage: python -m postsoviet.<command> [options]

commands:
  run      execute notebooks/runs.yaml into build/, write the scorecard (make run)
  report   regenerate the README's Findings and Data tables, executing nothing (make report)
  data     check every dataset against data/catalog.yaml, or rehash one after an edit
  refresh  compare a dataset with its publisher's current release (needs the network)

Each command takes --help.
"""


def main() -> int:
    print(COMMANDS, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
