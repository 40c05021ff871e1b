"""Charts people can read without seeing them: alt text from the figure itself."""

import base64

import matplotlib

matplotlib.use("Agg")

import nbformat  # noqa: E402

from postsoviet import plot, run  # noqa: E402


def test_alt_text_says_the_title_what_is_plotted_and_the_source():
    fig, ax = plot.figure("Kazakhstan took the most Russians in absolute terms")
    ax.plot([1, 2], [3, 4], label="entries")
    ax.set_xlabel("day")
    ax.set_ylabel("persons")
    ax.legend()
    plot.source_line(fig, "Source: Ministry of Internal Affairs of Kazakhstan.")
    assert plot.describe(fig) == (
        "Kazakhstan took the most Russians in absolute terms "
        "Panel: persons; against day; series: entries. "
        "Source: Ministry of Internal Affairs of Kazakhstan."
    )


def test_rendered_html_carries_the_alt_text(tmp_path):
    png = base64.b64encode(b"\x89PNG fake").decode()
    output = nbformat.v4.new_output(
        "display_data", {"image/png": png, "text/plain": "<Figure>"}, metadata={"alt": "A & B"}
    )
    cell = nbformat.v4.new_code_cell("plt.show()", outputs=[output])
    path = tmp_path / "01_chart.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    run.render_html(path, tmp_path / "01_chart.html")
    page = (tmp_path / "01_chart.html").read_text()
    assert f'<img alt="A &amp; B" src="data:image/png;base64,{png}"/>' in page


def test_tables_link_whole_urls_in_html():
    import pandas as pd

    url = "https://example.org/" + "a" * 120
    page = plot.table_html(pd.DataFrame({"source_url": [url]}))
    assert f'<a href="{url}" target="_blank">{url}</a>' in page
