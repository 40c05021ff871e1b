"""JupyterLab writes the committed normal form, so opening a notebook never breaks `make test`.

Lab's autosave stamps the kernel's Python version into the notebook and keeps whatever
execution counts the session produced; the batch runner writes neither (`run.normalise`).
A Jupyter server `pre_save_hook` applies the same normalisation to every notebook Lab
saves. `python -m postsoviet.lab install` (run by the Makefile when it installs `.venv`)
writes the server config that names the hook into the environment's `etc/jupyter`, so
`make lab` and `.venv/bin/jupyter lab` both use it.
"""

import json
import sys
from pathlib import Path

HOOK = "postsoviet.lab.pre_save"
# The server reads full settings from jupyter_server_config.json (its .d folder only
# enables extensions); the key is merged into whatever the environment already holds.
CONFIG_FILE = Path("etc", "jupyter", "jupyter_server_config.json")


def pre_save(model: dict, **_: object) -> None:
    """Normalise a notebook about to be saved (other files pass through untouched)."""
    from postsoviet.run import normalise

    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        normalise(model["content"])


def install(prefix: Path = Path(sys.prefix)) -> Path:
    """Write the server config that enables the hook under `prefix`; returns its path."""
    target = prefix / CONFIG_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    config = json.loads(target.read_text(encoding="utf-8")) if target.is_file() else {}
    config.setdefault("ContentsManager", {})["pre_save_hook"] = HOOK
    target.write_text(json.dumps(config, indent=1) + "\n", encoding="utf-8")
    return target


if __name__ == "__main__":
    if sys.argv[1:] != ["install"]:
        sys.exit("usage: python -m postsoviet.lab install")
    print(f"JupyterLab saves notebooks in normal form: {install()}")
