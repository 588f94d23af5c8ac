"""One process: a module of 100 defs, a lambda and a def below them, every def dumped, then (with
DUMP=1) the lambda: the lambda dumped after the parse of its file went (see README.md).

Usage: python lambda_last.py DUMP DIR"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

from _workloads import defs_source  # noqa: E402

import srcpickle  # noqa: E402

dump, folder = sys.argv[1] == "1", Path(sys.argv[2])
folder.mkdir(parents=True, exist_ok=True)
text = defs_source(100, 3) + "\n\nlam = lambda x, y=2: x * 3 + y - K  # noqa: E731\n\n\ndef g(x):\n    return x\n"
(folder / "lambda_last_mod.py").write_text(text, encoding="utf-8")
sys.path.insert(0, str(folder))
import lambda_last_mod as mod  # noqa: E402

for i in range(100):
    srcpickle.dumps(getattr(mod, f"f{i}"))
srcpickle.dumps(mod.g)
if dump:
    assert srcpickle.loads(srcpickle.dumps(mod.lam))(1) == mod.lam(1)
