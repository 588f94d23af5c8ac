"""The ``spread`` workload of wd.py: 200 functions over 8 modules, 25 each, of the shapes a
program's functions have (top-level defs with docstrings, defaults, annotations and imports
read, closures, lambdas, methods), every one called as ``fn(x, y)``."""

MODULES = 8
PER_MODULE = 25


def module_source(m: int) -> str:
    parts = [
        f'"""Generated module {m}."""\n\nfrom __future__ import annotations\n\n'
        "import math\nimport os.path\nfrom collections import OrderedDict\n"
        f"from typing import List, Optional\n\nK = {m + 3}\nNAMES = ['a', 'b', 'c']\n\n\n"
        "def _helper(x):\n    return x * K\n"
    ]
    names = []
    for j in range(PER_MODULE):
        i = m * PER_MODULE + j
        kind = j % 8
        if kind in (0, 1, 2, 3):
            if kind == 0:
                body = f"    total = {i} + x * y\n    return total - K\n"
            elif kind == 1:
                body = f"    items = [x, y, {i}]\n    return sum(items) + _helper({i % 10})\n"
            elif kind == 2:
                body = f"    if x > {i}:\n        return x - {i}\n    return [x, y, K, math.floor({i} / 3)]\n"
            else:
                body = (
                    f"    out = OrderedDict()\n    for k, name in enumerate(NAMES):\n"
                    f"        out[name] = k * x + y + {i}\n    return os.path.join(*out) + str(len(out))\n"
                )
            parts.append(
                f'\n\ndef f{i}(x: int, y: int = {i % 5}) -> Optional[int]:\n    """Function number {i}."""\n{body}'
            )
            names.append(f"f{i}")
        elif kind in (4, 5):
            parts.append(
                f"\n\ndef make{i}(scale):\n    offset = {i}\n\n    def inner(x, y=1):\n"
                f"        return scale * x + offset - y\n\n    return inner\n\n\nc{i} = make{i}({j + 2})\n"
            )
            names.append(f"c{i}")
        elif kind == 6:
            parts.append(f"\n\nl{i} = lambda x, y=2: x * {i} + y - K  # noqa: E731\n")
            names.append(f"l{i}")
        else:
            parts.append(
                f"\n\nclass C{i}:\n    factor = {i}\n\n    def method(self, x, y=3):\n"
                f'        """A method."""\n        return [x, y, {i}, math.pi > 3]\n\n\n'
                f"m{i} = C{i}().method\n"
            )
            names.append(f"m{i}.__func__")
    parts.append(f"\n\nFNS = [{', '.join(n.replace('.__func__', '') for n in names)}]\n")
    return "".join(parts)


def sources() -> dict:
    return {f"bench_spread_{m}": module_source(m) for m in range(MODULES)}


def functions(mod) -> list:
    fns = getattr(mod, "FNS", None)
    if fns is None:
        return [getattr(mod, f"f{j}") for j in range(200)]
    # (a bound method's function: the function is what is dumped)
    return [getattr(fn, "__func__", fn) for fn in fns]
