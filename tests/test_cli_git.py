"""The git modes of the command line, called the way git calls them: ``show --textconv FILE``
(git passes a temporary copy of the blob) and ``diff --git`` with git's seven arguments.
The same modes under a real git are tested in ``tests/integration/test_git.py``."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import List, Tuple

import pytest

from srcpickle import _cli
from srcpickle._cli.show import XFUNCNAME

SCRIPT = """
import sys
import srcpickle

RATE = {rate}


class Account:
    def __init__(self, balance):
        self.balance = balance

    def interest(self):
        return self.balance * RATE


def total(accounts):
    return sum(a.interest() for a in accounts)


srcpickle.dump((total, Account(100)), sys.argv[1])
"""


def dump(directory: Path, name: str, rate: float) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / f"{name}.py"
    script.write_text(textwrap.dedent(SCRIPT.format(rate=rate)), encoding="utf-8")
    out = directory / f"{name}.srcpickle"
    proc = subprocess.run([sys.executable, str(script), str(out)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return out


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> Tuple[int, str, str]:
    code = _cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_textconv_is_stable_and_names_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = dump(tmp_path, "accounts", 0.02)
    copy = tmp_path / "elsewhere" / "tmp_XYZ_accounts.srcpickle"
    copy.parent.mkdir()
    shutil.copy(payload, copy)
    first = cli(capsys, "show", "--textconv", str(payload))
    second = cli(capsys, "show", "--textconv", "--color", "always", str(copy))
    assert first == second and first[0] == 0
    out = first[1]
    assert str(tmp_path) not in out and "accounts.srcpickle" not in out and "\x1b[" not in out
    # Sources as code, without line-number gutters; headings for git's xfuncname.
    assert "\n        def interest(self):\n" in out and " | " not in out
    headings = [line for line in out.splitlines() if re.match(XFUNCNAME, line)]
    assert headings == [  # (the root is a tuple: its sections in id order)
        "class Account",
        "function Account.__init__",
        "function Account.interest",
        "function total",
        "imports",
        "shared values and objects",
    ]


def test_textconv_prints_a_broken_payload_as_it_is(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.srcpickle"
    broken.write_bytes(dump(tmp_path, "accounts", 0.02).read_bytes().replace(b"[end]\n", b""))
    code, out, _ = cli(capsys, "show", "--textconv", str(broken))
    assert code == 0
    assert out.startswith("(not a readable srcpickle payload: payload is truncated")
    assert out.splitlines()[1:] == broken.read_text(encoding="utf-8").splitlines()


def git_arguments(path: str, old: str, new: str) -> List[str]:
    return [path, old, "1" * 40, "100644", new, "2" * 40, "100644"]


def test_diff_git_takes_gits_seven_arguments(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = dump(tmp_path / "v1", "accounts", 0.02), dump(tmp_path / "v2", "accounts", 0.03)
    code, out, _ = cli(capsys, "diff", "--git", *git_arguments("data/accounts.srcpickle", str(old), str(new)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "diff --srcpickle a/data/accounts.srcpickle b/data/accounts.srcpickle"
    assert "--- a/data/accounts.srcpickle [namespace __main__]" in lines
    assert "-global RATE = 0.02" in lines and "+global RATE = 0.03" in lines
    # The same files compared as A and B: exit code 1, as diff(1).
    assert cli(capsys, "diff", str(old), str(new))[0] == 1


def test_diff_git_new_and_deleted_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = dump(tmp_path, "accounts", 0.02)
    code, added, _ = cli(capsys, "diff", "--git", *git_arguments("a.srcpickle", os.devnull, str(payload)))
    assert code == 0 and "new file mode 100644" in added
    assert "+    def interest(self):" in added and "added    [class Account]" in added
    code, removed, _ = cli(capsys, "diff", "--git", *git_arguments("a.srcpickle", str(payload), os.devnull))
    assert code == 0 and "deleted file mode 100644" in removed and "removed  [function total]" in removed


def test_diff_git_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    payload = dump(tmp_path, "accounts", 0.02)
    code, _, err = cli(capsys, "diff", "--git", str(payload), str(payload))
    assert code == 2 and "--git takes git's 7 arguments: PATH OLD-FILE" in err
    code, _, err = cli(capsys, "diff", str(payload), str(payload), str(payload))
    assert code == 2 and "takes two payloads, A and B, not 3 files" in err
    code, _, err = cli(capsys, "diff", "--git", *git_arguments("x", str(tmp_path / "missing"), str(payload)))
    assert code == 2 and "cannot read" in err
