"""nbval settings for the committed notebooks (collected by the same `pytest` as tests/).

pandas changes the HTML of its tables between versions while their text form stays put,
so outputs are compared as text: `text/html` is skipped like images already are. The
kernels run with the network switched off.
"""

import os

from nbval.plugin import IPyNbCell

# The kernels nbval starts inherit this; plot.setup() then refuses non-local connections.
os.environ["POSTSOVIET_OFFLINE"] = "1"


def pytest_collection_modifyitems(items):
    for item in items:
        if isinstance(item, IPyNbCell) and "text/html" not in item.parent.skip_compare:
            item.parent.skip_compare = (*item.parent.skip_compare, "text/html")
