"""Build the plugin ZIP: `git archive --prefix=basestation_mapper/` + the built .qm files.

Files marked export-ignore in .gitattributes (tests, bench, CI, dev config) stay out.
Uncommitted changes to tracked files are included (through `git stash create`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PREFIX = "basestation_mapper/"


def build(output: Path) -> Path:
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    for ts in sorted((ROOT / "i18n").glob("*.ts")):
        subprocess.run(["lrelease", "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    # `git stash create` records the working tree as a dangling commit without touching anything;
    # it needs an identity, which a CI checkout may lack
    env = dict(os.environ, GIT_AUTHOR_NAME="package", GIT_AUTHOR_EMAIL="package@localhost",
               GIT_COMMITTER_NAME="package", GIT_COMMITTER_EMAIL="package@localhost")
    # (it exits with 1 and prints nothing when the tree is clean: then the archive is HEAD)
    stash = subprocess.run(["git", "stash", "create"], cwd=ROOT, capture_output=True, text=True, env=env,
                           check=False)
    if stash.returncode not in (0, 1) or (stash.returncode == 1 and stash.stderr.strip()):
        raise subprocess.CalledProcessError(stash.returncode, stash.args, stash.stdout, stash.stderr)
    tree = stash.stdout.strip() or "HEAD"
    with tempfile.TemporaryDirectory() as tmp:
        tmp_zip = Path(tmp) / output.name
        subprocess.run(["git", "archive", "--format=zip", f"--prefix={PREFIX}", "-o", str(tmp_zip), tree],
                       cwd=ROOT, check=True)
        with zipfile.ZipFile(tmp_zip, "a", compression=zipfile.ZIP_DEFLATED) as zf:
            for qm in sorted((ROOT / "i18n").glob("*.qm")):
                zf.write(qm, PREFIX + "i18n/" + qm.name)
        tmp_zip.replace(output)
    return output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", required=True, type=Path)
    args = parser.parse_args()
    path = build(args.output)
    with zipfile.ZipFile(path) as zf:
        print(f"{path} ({len(zf.namelist())} files)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
