"""A warning raised while loading (``DependencyVersionWarning``) points at the user's line that
loaded the payload, whatever path led from it into the loader: ``loads``, ``load`` with a path or
a file object, ``loads_cached``, or ``pickle.loads`` of a pickle holding a payload. Before, the
loader counted a fixed number of frames, right for ``loads`` only: through ``load`` the warning
pointed into ``srcpickle/__init__.py``, through ``loads_cached`` into ``srcpickle/_pickler.py``.
"""

from __future__ import annotations

import io
import pickle
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Callable, List, Tuple

import pytest

import srcpickle
from srcpickle import DependencyVersionWarning

# pytest is installed here, and not in a version 999: another major version than the saved one.
PAYLOAD = b"""\
srcpickle-payload 1
written-by: 'hand'
requires-python: '3.9'
root: @pytest

[import pytest]
module: 'pytest'
distribution: 'pytest 999.0.0'

[end]
"""


def unseen_payload() -> bytes:
    """PAYLOAD saved with another pytest 999 each time: loads_cached loads it (the first time)."""
    return PAYLOAD.replace(b"999.0.0", f"999.0.{time.monotonic_ns()}".encode())


class _Shipped:
    """What srcpickle's pickler writes for an object it sends as a payload."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def __reduce__(self) -> Tuple[Callable[[bytes], Any], Tuple[bytes]]:
        return srcpickle.loads_cached, (self.data,)


def caught(load: Callable[[], Any]) -> List[warnings.WarningMessage]:
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        assert load() is pytest
    return [w for w in found if issubclass(w.category, DependencyVersionWarning)]


def line_of(marker: str) -> int:
    """The line of this file that holds ``marker`` (a comment beside the call)."""
    lines = Path(__file__).read_text(encoding="utf-8").splitlines()
    return next(index for index, text in enumerate(lines, 1) if text.endswith(marker) and "def" not in text)


def assert_points_here(found: List[warnings.WarningMessage], marker: str) -> None:
    assert len(found) == 1, [str(w.message) for w in found]
    warning = found[0]
    assert "saved with pytest 999.0." in str(warning.message)
    assert (Path(warning.filename).resolve(), warning.lineno) == (Path(__file__).resolve(), line_of(marker))


def test_through_loads() -> None:
    found = caught(lambda: srcpickle.loads(PAYLOAD))  # <- loads
    assert_points_here(found, "# <- loads")


def test_through_load_with_a_path(tmp_path: Path) -> None:
    path = tmp_path / "old.srcpickle"
    path.write_bytes(PAYLOAD)
    found = caught(lambda: srcpickle.load(path))  # <- load path
    assert_points_here(found, "# <- load path")


def test_through_load_with_a_file_object() -> None:
    found = caught(lambda: srcpickle.load(io.BytesIO(PAYLOAD)))  # <- load file
    assert_points_here(found, "# <- load file")


def test_through_loads_cached() -> None:
    data = unseen_payload()
    found = caught(lambda: srcpickle.loads_cached(data))  # <- loads_cached
    assert_points_here(found, "# <- loads_cached")


def test_through_pickle_loads() -> None:
    blob = pickle.dumps(_Shipped(unseen_payload()))
    found = caught(lambda: pickle.loads(blob))  # <- pickle.loads
    assert_points_here(found, "# <- pickle.loads")


def test_from_a_module_that_loads_when_imported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The first frame outside srcpickle is the importing module's, not importlib's.
    (tmp_path / "old.srcpickle").write_bytes(PAYLOAD)
    module = (
        "import os\n"
        "import srcpickle\n"
        "MODULE = srcpickle.load(os.path.join(os.path.dirname(__file__), 'old.srcpickle'))\n"
    )
    (tmp_path / "loads_at_import.py").write_text(module, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.delitem(sys.modules, "loads_at_import", raising=False)
    with warnings.catch_warnings(record=True) as found:
        warnings.simplefilter("always")
        import loads_at_import  # noqa: F401 - imported for the warning its import raises

    monkeypatch.delitem(sys.modules, "loads_at_import")
    warning = next(w for w in found if issubclass(w.category, DependencyVersionWarning))
    assert (Path(warning.filename).name, warning.lineno) == ("loads_at_import.py", 3)
