"""Run ``qgis_process`` with the plugin enabled in a profile of its own (as the README describes)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path


def executable() -> str | None:
    """The qgis_process executable. Debian's ``qgis_process`` wrapper adds ``--noversioncheck`` from
    /etc/default/qgis, which qgis_process 3.22 refuses; the binary behind it takes the command line as is."""
    return shutil.which("qgis_process.bin") or shutil.which("qgis_process")


def profile_env(folder: Path, plugin_dir: Path, enable_with_command: bool = False) -> dict:
    """Environment of a fresh QGIS profile under ``folder`` whose plugins folder holds ``plugin_dir`` (a
    link, or the unpacked ZIP already there) as ``basestation_mapper``, enabled in ``QGIS3.ini`` (or by
    ``qgis_process plugins enable basestation_mapper``)."""
    config = folder / "config"  # the profiles root (QGIS_CUSTOM_CONFIG_PATH; the default is under HOME)
    profile = config / "profiles" / "default"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    target = plugins / "basestation_mapper"
    if not target.exists():
        target.symlink_to(plugin_dir, target_is_directory=True)
    if not enable_with_command:
        (profile / "QGIS").mkdir(exist_ok=True)
        (profile / "QGIS" / "QGIS3.ini").write_text("[PythonPlugins]\nbasestation_mapper=true\n", encoding="utf-8")
    env = dict(os.environ, QGIS_CUSTOM_CONFIG_PATH=str(config), QT_QPA_PLATFORM="offscreen",
               XDG_RUNTIME_DIR=str(folder))
    env.pop("QGIS_OPTIONS_PATH", None)
    env.pop("PYTHONPATH", None)  # the plugin of the profile, not a copy on the path
    if enable_with_command:
        done = run(env, "plugins", "enable", "basestation_mapper")
        assert done.returncode == 0 and "Enabled basestation_mapper" in done.stdout, done.stdout + done.stderr
    return env


def run(env: dict, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([executable(), *args], capture_output=True, text=True, env=env, timeout=300,
                          check=False, cwd=cwd)


def run_json(env: dict, algorithm: str, params: dict, cwd: Path | None = None) -> dict:
    """``qgis_process run <algorithm> --json -- NAME=value ...``: the parsed JSON (results, log);
    a list value gives the parameter once per item."""
    args = []
    for name, value in params.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            args.append(f"{name}={item}")
    done = run(env, "run", algorithm, "--json", "--", *args, cwd=cwd)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(done.stdout)
