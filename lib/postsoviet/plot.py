"""House style for charts and the notebook session.

Every chart has an explicit size, a title that says its message as a sentence, units on
its axes and a source line under the plot: a reader who sees only the picture should
still know what it shows and whom to believe for it.
"""

import textwrap
import warnings

import matplotlib as mpl
import matplotlib.pyplot as plt
import pandas as pd

from postsoviet import offline

FIGSIZE = (9.0, 4.8)
PALETTE = ["#0b5394", "#e69138", "#6aa84f", "#a61c00", "#674ea7", "#45818e", "#bf9000", "#999999"]
STYLE = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 10,
    "axes.titlesize": 12,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#dddddd",
    "axes.prop_cycle": mpl.cycler(color=PALETTE),
    "svg.hashsalt": "postsoviet",
    "legend.frameon": False,
}


def setup() -> None:
    """Prepare a notebook session: offline guard, chart style, PNG figures, tables, warnings.

    Figures go inline as PNG (nbval does not compare images, only text), and tables
    print the same way on every machine.
    """
    offline.guard()
    mpl.rcParams.update(STYLE)
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    pd.set_option("display.max_colwidth", 80)
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    # Short date spans trip this matplotlib notice; the chart is still drawn correctly.
    warnings.filterwarnings("ignore", message="AutoDateLocator was unable to pick")
    try:
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats
    except ImportError:  # outside a kernel, e.g. in library tests
        return
    shell = get_ipython()
    if shell is not None:
        set_matplotlib_formats("png")
        _describe_figures(shell)
        _linked_tables(shell)
        _short_errors(shell)


def table_html(frame: pd.DataFrame) -> str:
    """A table as HTML with whole, clickable URLs: a reader follows a source, not a "…"."""
    with pd.option_context("display.max_colwidth", None):
        return frame.to_html(render_links=True, max_rows=60, border=0)


def _linked_tables(shell) -> None:
    # Only the HTML changes; the text form (which nbval compares) keeps its width.
    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, table_html)


def describe(fig) -> str:
    """Alt text for a chart: its title sentence, what each panel plots, and the source line.

    Readers who cannot see the picture (screen readers, text browsers) get the same message
    the title gives a sighted reader, and what the axes and series are.
    """
    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    panels = []
    for ax in fig.axes:
        what = [t for t in (ax.get_title(), ax.get_ylabel()) if t]
        if ax.get_xlabel():
            what.append(f"against {ax.get_xlabel()}")
        legend = ax.get_legend()
        if legend is not None:
            labels = [t.get_text() for t in legend.get_texts()]
            what.append("series: " + ", ".join(labels))
        if what:
            panels.append("; ".join(what))
    notes = [t.get_text() for t in fig.texts if t.get_text() and t is not fig._suptitle]
    parts = [title, *(f"Panel: {p}." for p in panels), *notes]
    return " ".join(" ".join(p.split()) for p in parts if p)


def _describe_figures(shell) -> None:
    """Attach alt text to every inline figure (`describe`); the HTML of a run shows it."""
    from matplotlib.figure import Figure

    png = shell.display_formatter.formatters["image/png"]
    draw = png.lookup_by_type(Figure)

    def with_alt(fig):
        data = draw(fig)
        if data is None:
            return None
        data, metadata = data if isinstance(data, tuple) else (data, {})
        return data, {**metadata, "alt": describe(fig)}

    png.for_type(Figure, with_alt)


def _short_errors(shell) -> None:
    """Show our own errors as their one sentence, not as a traceback into the library."""
    from postsoviet.claims import ClaimError
    from postsoviet.data import DataError
    from postsoviet.params import ParameterError

    def one_sentence(self, etype, value, tb, tb_offset=None):
        self.showtraceback((etype, value, tb), exception_only=True)

    shell.set_custom_exc((DataError, ParameterError, ClaimError), one_sentence)


def figure(title: str, *, ncols: int = 1, height: float = FIGSIZE[1]):
    """A figure of the house size with its message as the title."""
    fig, axes = plt.subplots(1, ncols, figsize=(FIGSIZE[0], height), layout="constrained")
    fig.suptitle(title, x=0.01, ha="left", fontsize=12, fontweight="bold")
    return fig, axes


def source_line(fig, text: str, width: int = 130) -> None:
    """Print the source under the plot, wrapped to the figure width."""
    fig.text(
        0.01,
        -0.01,
        "\n".join(textwrap.wrap(text, width)),
        ha="left",
        va="top",
        fontsize=7.5,
        color="#555555",
    )


def thousands(axis) -> None:
    """Label a count axis 10,000 rather than 1e4."""
    axis.set_major_formatter(mpl.ticker.FuncFormatter(lambda v, _: f"{v:,.0f}"))


def range_barh(ax, labels, low, high, *, highlight=None, colour: str = PALETTE[0]) -> None:
    """Horizontal bars to the low figure, with a whisker up to the high one.

    Official figures often come as ranges or as two reports that differ; the whisker
    shows that spread instead of hiding it in an average.
    """
    labels, low, high = list(labels), list(low), list(high)
    colours = [PALETTE[1] if label == highlight else colour for label in labels]
    positions = range(len(labels))
    ax.barh(positions, low, color=colours)
    for y, lo, hi in zip(positions, low, high, strict=True):
        if hi > lo:
            ax.plot([lo, hi], [y, y], color="#333333", linewidth=2)
            ax.plot([hi, hi], [y - 0.2, y + 0.2], color="#333333", linewidth=2)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    thousands(ax.xaxis)
