"""The worked example of ``docs/FORMAT.md`` (section 14) is what srcpickle writes and loads, so it
cannot drift from the writer again (issue 8): the example file is run as a script in a fresh
process, its payload compared line by line with the document's listing (the ``written-by``
header aside), the module text the loader compiles compared with the document's, and the loaded
function called as the document says."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import List

import srcpickle
from srcpickle._rebuild import compile_node

FORMAT_MD = Path(__file__).resolve().parents[1] / "docs" / "FORMAT.md"


def _section_14() -> str:
    text = FORMAT_MD.read_text(encoding="utf-8")
    return text[text.index("## 14. A complete example") : text.index("## 15.")]


def _blocks(text: str) -> List[str]:
    return re.findall(r"```(?:python)?\n(.*?)```", text, flags=re.S)


def _payload(tmp_path: Path) -> bytes:
    example, _, _ = _blocks(_section_14())
    # The document's file, under its name (the payload records it), with lines after its own.
    footer = (
        "\nimport sys\nsys.path.insert(0, sys.argv[1])\nimport srcpickle\n"
        "sys.stdout.buffer.write(srcpickle.dumps(scorer))\n"
    )
    script = tmp_path / "example.py"
    script.write_text(example + footer, encoding="utf-8")
    site = str(Path(srcpickle.__file__).resolve().parents[1])
    proc = subprocess.run(
        [sys.executable, str(script), site], capture_output=True, cwd=str(tmp_path), timeout=60, check=True
    )
    return proc.stdout


def test_the_listing_is_what_the_writer_writes(tmp_path: Path) -> None:
    _, listing, _ = _blocks(_section_14())
    documented = [re.sub(r"^\s*\d+(  |$)", "", line) for line in listing.rstrip("\n").split("\n")]
    written = _payload(tmp_path).decode("utf-8").rstrip("\n").split("\n")
    assert len(documented) == len(written)
    for number, (doc_line, line) in enumerate(zip(documented, written), 1):
        if doc_line.startswith("written-by: ") and line.startswith("written-by: "):
            continue
        assert doc_line == line, f"line {number}: the document says {doc_line!r}, the writer {line!r}"


def test_the_compiled_module_text_and_the_result_are_as_documented(tmp_path: Path) -> None:
    _, _, module_text = _blocks(_section_14())
    data = _payload(tmp_path)
    payload = srcpickle.inspect(data)
    ((node_id, node),) = list(payload.functions())
    text = compile_node(payload, node_id, node)[2]
    expected = module_text.replace("# lines 1-6 are empty\n", "\n" * 6)
    assert text == expected
    assert srcpickle.loads(data)([4, 9]) == "13.5"
