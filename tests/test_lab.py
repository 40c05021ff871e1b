"""The JupyterLab round trip: open, run and save a notebook as Lab does, then `make test` holds.

A real Jupyter server on loopback serves a copy of a committed notebook through its contents
API; the notebook runs in the `python3` kernel, and is saved back with what the kernel
reports (its Python version included), exactly as Lab's save does. The saved file must then
be in normal form and pass nbval.
"""

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import requests
from nbclient import NotebookClient

from postsoviet import lab, run

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "02_exodus.ipynb"
TOKEN = "round-trip"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def server(tmp_path):
    """A Jupyter server over a copy of notebooks/, with the project's config installed."""
    folder = tmp_path / "notebooks"
    shutil.copytree(ROOT / "notebooks", folder)
    lab.install(tmp_path / "prefix")
    port = free_port()
    env = os.environ | {"JUPYTER_CONFIG_PATH": str(tmp_path / "prefix" / "etc" / "jupyter")}
    process = subprocess.Popen(
        [sys.executable, "-m", "jupyter_server", "--no-browser", "--allow-root",
         f"--ServerApp.port={port}",
         "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={folder}", "--ServerApp.port_retries=0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/api"
    try:
        for _ in range(120):  # up to about a minute for the server to answer
            try:
                if requests.get(f"{url}/status", params={"token": TOKEN}, timeout=2).ok:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("the Jupyter server did not start on loopback within a minute")
        yield url, folder
    finally:
        process.terminate()
        process.wait(timeout=30)  # --allow-root: tests and containers run as root


def test_a_notebook_run_and_saved_in_lab_stays_in_normal_form_and_passes_nbval(server):
    url, folder = server
    auth = {"Authorization": f"token {TOKEN}"}
    model = requests.get(f"{url}/contents/{NOTEBOOK}", headers=auth, timeout=30).json()
    notebook = nbformat.from_dict(model["content"])
    NotebookClient(
        notebook, kernel_name="python3", resources={"metadata": {"path": folder}}
    ).execute()
    assert notebook.metadata.language_info.version.startswith("3.")  # what Lab would save
    saved = requests.put(
        f"{url}/contents/{NOTEBOOK}",
        headers=auth,
        data=json.dumps({"type": "notebook", "format": "json", "content": notebook}),
        timeout=30,
    )
    assert saved.ok, saved.text
    path = folder / NOTEBOOK
    text = path.read_text(encoding="utf-8")
    assert '"version": "3.' not in text  # the hook dropped the kernel's Python version
    assert text == nbformat.writes(run.normalise(nbformat.read(path, as_version=4))) + "\n"
    checked = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--nbval",
         "--nbval-current-env", f"--nbval-sanitize-with={ROOT / 'tests' / 'nbval_sanitize.cfg'}",
         str(path)],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert checked.returncode == 0, checked.stdout[-2000:]


def test_install_keeps_other_settings_and_the_hook_leaves_other_files_alone(tmp_path):
    config = tmp_path / lab.CONFIG_FILE
    config.parent.mkdir(parents=True)
    config.write_text('{"ServerApp": {"port": 9999}}')
    lab.install(tmp_path)
    assert json.loads(config.read_text()) == {
        "ServerApp": {"port": 9999},
        "ContentsManager": {"pre_save_hook": "postsoviet.lab.pre_save"},
    }
    text = {"type": "file", "content": "language_info version 3.11.7"}
    lab.pre_save(model=text, path="notes.txt")
    assert text["content"] == "language_info version 3.11.7"
