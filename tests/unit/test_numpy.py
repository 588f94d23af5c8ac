"""NumPy arrays travel as numpy.array(numpy.ndarray(shape, dtype, buffer)): public constructors
only, the data as bytes, the numpy distribution and version recorded."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np

import srcpickle
from srcpickle._pythons import IsolatedPackage

SCRIPT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import srcpickle

    WEIGHTS = np.arange(12, dtype=np.float32).reshape(3, 4) * 0.5
    DAYS = np.array(["2024-01-01", "2024-02-29"], dtype="datetime64[D]")
    SLICE = np.arange(20)[::3]  # not contiguous
    BIG = np.random.default_rng(7).random(50_000)

    def predict(x):
        return (WEIGHTS @ x).tolist(), str(DAYS[1]), SLICE.tolist(), round(float(BIG.sum()), 6)

    sys.stdout.buffer.write(srcpickle.dumps(predict))
    """
)


def test_arrays_round_trip_in_a_fresh_process(tmp_path: Path) -> None:
    script = tmp_path / "model_script.py"
    script.write_text(SCRIPT, encoding="utf-8")
    data = subprocess.run([sys.executable, str(script)], capture_output=True, check=True).stdout
    text = data.decode("utf-8")
    assert "callable: @numpy.array" in text and "callable: @numpy.ndarray" in text
    assert re.search(r"distribution: 'numpy \d", text)
    script.unlink()  # the loading process cannot import the script
    code = (
        "import sys, numpy as np, srcpickle; f = srcpickle.loads(sys.stdin.buffer.read()); "
        "print(f(np.ones(4)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, cwd=tmp_path
    ).stdout.decode()
    expected_sum = round(float(np.random.default_rng(7).random(50_000).sum()), 6)
    assert out.strip() == repr(([3.0, 11.0, 19.0], "2024-02-29", list(range(0, 20, 3)), expected_sum))


def test_array_data_costs_at_most_a_third_more_than_its_bytes() -> None:
    array = np.random.default_rng(1).random(1 << 17)  # 1 MiB of float64
    data = srcpickle.dumps(array)
    assert len(data) < array.nbytes * 4 / 3 + 1024
    assert np.array_equal(srcpickle.loads(data), array)
    assert srcpickle.loads(data).flags.writeable


def test_a_loader_without_numpy_names_it_with_the_pip_line(tmp_path: Path) -> None:
    data = srcpickle.dumps(np.zeros(3))
    code = (
        "import sys, srcpickle\n"
        "try:\n    srcpickle.loads(sys.stdin.buffer.read())\n"
        "except srcpickle.MissingDependencyError as e:\n    print(e)\n"
    )
    with IsolatedPackage() as package:
        # -S: no site-packages, so no numpy; only the copy of srcpickle on the path.
        done = subprocess.run(
            [
                sys.executable,
                "-I",
                "-S",
                "-c",
                f"import sys; sys.path.insert(0, {package.directory!r})\n" + code,
            ],
            input=data,
            capture_output=True,
            cwd=tmp_path,
        )
    assert f"pip install numpy=={np.__version__}" in done.stdout.decode(), done.stdout + done.stderr


def test_memory_order_survives_a_fresh_process(tmp_path: Path) -> None:
    """A Fortran-ordered array (np.asfortranarray, a transposed matrix) loaded C-ordered: equal
    values, but code handing it to Fortran, ctypes or a buffer saw another layout than pickle
    gives back. Each array keeps its order; a strided view still loads as a compact C array."""
    arrays = {
        "fortran": np.asfortranarray(np.arange(24, dtype=np.int32).reshape(2, 3, 4)),
        "transposed": (np.arange(6.0).reshape(2, 3) * 1.5).T,
        "c": np.arange(6, dtype=">i8").reshape(2, 3),
        "strided": np.arange(12).reshape(3, 4)[:, ::2],
    }
    path = tmp_path / "arrays.srcpickle"
    srcpickle.dump(arrays, path)
    code = (
        "import sys, srcpickle\n"
        "loaded = srcpickle.load(sys.argv[1])\n"
        "print({k: (a.tolist(), a.dtype.str, a.flags.f_contiguous, a.flags.c_contiguous, a.flags.writeable)"
        " for k, a in loaded.items()})"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, check=True, cwd=tmp_path, text=True
    ).stdout
    got = eval(out)  # noqa: S307 - the repr of plain lists, strings and booleans printed above
    for key, array in arrays.items():
        compact = np.array(array)  # what pickle gives back: same values, F or C order kept
        assert got[key] == (
            array.tolist(),
            array.dtype.str,
            compact.flags.f_contiguous,
            compact.flags.c_contiguous,
            True,
        ), key
    assert got["fortran"][2:4] == (True, False) and got["strided"][2:4] == (False, True)


FLOAT_LIMITS_SCRIPT = textwrap.dedent(
    """
    import sys
    import numpy as np
    import srcpickle

    F32 = np.finfo(np.float32)
    LIMITS = {"f64": np.finfo(np.float64), "i8": np.iinfo(np.int8), "u16": np.iinfo("u2")}

    def clamp(x, info=np.finfo(np.float16)):
        lo, hi = LIMITS["i8"].min, LIMITS["i8"].max
        return (
            float(F32.eps), int(F32.nexp), str(LIMITS["f64"].dtype), max(lo, min(hi, x)),
            int(LIMITS["u16"].max), float(info.max), F32 is np.finfo(np.float32),
        )

    sys.stdout.buffer.write(srcpickle.dumps(clamp))
    """
)


def test_finfo_and_iinfo_globals_load_in_a_fresh_process(tmp_path: Path) -> None:
    # finfo's reduction is copyreg.__newobj__(finfo) alone, which finfo.__new__ refuses (pickle
    # cannot load one either): the payload loaded with TypeError: missing 'dtype'.
    script = tmp_path / "limits_script.py"
    script.write_text(FLOAT_LIMITS_SCRIPT, encoding="utf-8")
    data = subprocess.run([sys.executable, str(script)], capture_output=True, check=True).stdout
    assert "callable: @numpy.finfo" in data.decode("utf-8")
    script.unlink()
    code = "import sys, srcpickle; f = srcpickle.loads(sys.stdin.buffer.read()); print(f(300))"
    out = subprocess.run(
        [sys.executable, "-c", code], input=data, capture_output=True, check=True, cwd=tmp_path
    ).stdout.decode()
    f32 = np.finfo(np.float32)
    assert out.strip() == repr(
        (float(f32.eps), int(f32.nexp), "float64", 127, 65535, float(np.finfo(np.float16).max), True)
    )
