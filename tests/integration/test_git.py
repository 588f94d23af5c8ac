"""Code review in git: a real repository in a temporary folder, a payload committed twice, and
the set-up the README gives (``*.srcpickle -text diff=srcpickle`` in ``.gitattributes``, the driver's
``textconv``, ``xfuncname`` and ``command``), with this checkout's srcpickle as the command.

``git log -p`` and ``git show`` run the textconv (``show --textconv``); ``git diff`` (and
``--ext-diff`` elsewhere) the external diff (``diff --git``). Both must show the change as code,
the function's name in the hunk headers, and never stop git: a commit whose payload is broken
still diffs, as text.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

import pytest

import srcpickle
from srcpickle._cli.show import XFUNCNAME

from . import missing

pytestmark = pytest.mark.integration

README = Path(__file__).resolve().parents[2] / "README.md"
SRCPICKLE = f"{shlex.quote(sys.executable)} -m srcpickle"

SCRIPT = """
import math, sys
import srcpickle

PRECISION = {precision}


def make_normalizer(scale):
    def normalize(values):
        \"\"\"Rescale values to length `scale`.\"\"\"
        norm = math.sqrt(sum(v * v for v in values))
        return [round(scale * v / {divisor}, PRECISION) for v in values]

    return normalize


srcpickle.dump(make_normalizer(10), sys.argv[1])
"""


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, f"git {' '.join(args)} exited {proc.returncode}:\n{proc.stderr}"
    return proc.stdout


def commit_payload(repo: Path, message: str, precision: int, divisor: str) -> None:
    script = repo / "prep.py"
    script.write_text(SCRIPT.format(precision=precision, divisor=divisor), encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, str(script), "normalize.srcpickle"],
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def readme_gitattributes() -> str:
    """The ``.gitattributes`` line of the README's git section."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Code review in git", 1)[1].split("\n## ", 1)[0]
    found = re.search(r"^\*\.srcpickle [^\n]+$", section, flags=re.MULTILINE)
    assert found is not None, "the README's git section gives no .gitattributes line"
    return found.group(0)


def readme_git_setup() -> List[List[str]]:
    """The git commands of the README's git section, as argument lists."""
    text = README.read_text(encoding="utf-8")
    section = text.split("## Code review in git", 1)[1].split("\n## ", 1)[0]
    return [shlex.split(line) for line in re.findall(r"^git config [^\n]+", section, flags=re.MULTILINE)]


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        missing("git is not installed")
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    git(repo, "config", "user.email", "reviewer@example.com")
    git(repo, "config", "user.name", "Reviewer")
    (repo / ".gitattributes").write_text(readme_gitattributes() + "\n", encoding="utf-8")
    for command in readme_git_setup():
        # The README's commands, with this checkout's srcpickle standing for the installed one.
        command = [
            SRCPICKLE + part[len("srcpickle") :] if part.startswith("srcpickle ") else part
            for part in command
        ]
        git(repo, *command[1:])
    commit_payload(repo, "first", 3, "norm")
    commit_payload(repo, "second", 4, "(norm or 1)")
    return repo


def test_readme_gives_the_driver_textconv_xfuncname_and_command() -> None:
    keys = {command[2]: command[3] for command in readme_git_setup()}
    assert keys == {
        "diff.srcpickle.textconv": "srcpickle show --textconv",
        "diff.srcpickle.xfuncname": XFUNCNAME,
        "diff.srcpickle.command": "srcpickle diff --git",
    }
    assert readme_gitattributes() == "*.srcpickle -text diff=srcpickle"


def test_a_clone_with_autocrlf_checks_payloads_out_byte_for_byte(repo: Path, tmp_path: Path) -> None:
    """Git for Windows clones with ``core.autocrlf``: without ``-text`` it checked payloads out
    with CRLF line ends, which no srcpickle loads (and which break a signature)."""
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "-c", "core.autocrlf=true", str(repo), str(clone))
    committed = git(repo, "show", "HEAD:normalize.srcpickle").encode("utf-8")
    checked_out = (clone / "normalize.srcpickle").read_bytes()
    assert b"\r" not in checked_out
    assert checked_out == committed
    assert srcpickle.loads(checked_out)([3.0, 4.0]) == [6.0, 8.0]


def test_git_log_p_shows_the_change_as_code_under_the_function_name(repo: Path) -> None:
    log = git(repo, "log", "-p", "-1", "--format=%s", "--", "normalize.srcpickle")
    assert "-PRECISION = 3" not in log  # not the raw payload text
    assert "-  globals     PRECISION = 3\n+  globals     PRECISION = 4" in log
    assert (
        "-            return [round(scale * v / norm, PRECISION) for v in values]\n"
        "+            return [round(scale * v / (norm or 1), PRECISION) for v in values]"
    ) in log
    headers = re.findall(r"^@@ [^@]+ @@(.*)$", log, flags=re.MULTILINE)
    assert " function make_normalizer.<locals>.normalize" in headers


def test_git_diff_runs_the_external_diff(repo: Path) -> None:
    diff = git(repo, "diff", "HEAD~1", "HEAD")
    assert diff.startswith("diff --srcpickle a/normalize.srcpickle b/normalize.srcpickle\n")
    assert "--- a/normalize.srcpickle [function make_normalizer.<locals>.normalize]" in diff
    hunk = re.search(
        r"^@@ -(\d+),4 \+(\d+),4 @@ source of make_normalizer.<locals>.normalize \(prep.py\)$", diff, re.M
    )
    assert hunk is not None and hunk.group(1) == hunk.group(2) == "9", diff
    assert "-global PRECISION = 3\n+global PRECISION = 4" in diff
    # The same through git log, when asked for external diffs.
    assert "source of make_normalizer.<locals>.normalize" in git(repo, "log", "-p", "--ext-diff", "-1")


def test_added_and_deleted_payloads(repo: Path) -> None:
    git(repo, "mv", "normalize.srcpickle", "renamed.srcpickle")
    git(repo, "commit", "-q", "-m", "rename")
    shown = git(repo, "show", "--ext-diff", "--no-renames", "--format=")
    assert "deleted file mode 100644" in shown and "new file mode 100644" in shown
    assert shown.count("summary: nodes") == 2
    assert "+    def normalize(values):" in shown and "-    def normalize(values):" in shown


def test_a_broken_payload_still_diffs(repo: Path) -> None:
    path = repo / "normalize.srcpickle"
    path.write_bytes(path.read_bytes().replace(b"[end]\n", b""))
    git(repo, "commit", "-q", "-am", "truncated")
    log = git(repo, "log", "-p", "-1", "--format=")
    # The old side as show lists it, the new one as the text it is.
    assert "+(not a readable srcpickle payload: payload is truncated" in log
    assert "-  globals     PRECISION = 4" in log and "+global PRECISION = 4" in log
    diff = git(repo, "diff", "HEAD~1", "HEAD")
    assert "b/normalize.srcpickle is not a readable srcpickle payload" in diff and "-[end]" in diff
