"""Run by every IPython kernel the test suite starts (tests/conftest.py sets PYTHONSTARTUP).

nbval's kernels, like the batch runner's, are offline from their first line: the network
guard is installed before any notebook cell runs, not when a notebook calls plot.setup().
"""

import postsoviet.offline as _offline

_offline.guard(children=True)
del _offline
