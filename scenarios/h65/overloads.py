import srcpickle, sys, subprocess, typing, inspect
from typing import overload, Union

@overload
def parse(x: int) -> int: ...
@overload
def parse(x: str) -> str: ...
def parse(x: Union[int, str]) -> Union[int, str]:
    return x * 2

class K:
    @overload
    def m(self, x: int) -> int: ...
    @overload
    def m(self, x: str) -> str: ...
    def m(self, x):
        return x

def run(obj, expr):
    try:
        d = srcpickle.dumps(obj)
    except Exception as e:
        print("DUMP", type(e).__name__, e); return
    code = "import srcpickle,sys,typing,inspect; f=srcpickle.loads(sys.stdin.buffer.read()); print(" + expr + ")"
    r=subprocess.run([sys.executable, "-c", code], input=d, capture_output=True); print(r.stdout, r.stderr[-400:])
run(typing.get_overloads(parse)[0], "inspect.signature(f), f(3)")
run(K.m, "f(None, 3), typing.get_overloads(f), srcpickle.dumps(f)==sys.stdin.buffer.read()")
run(K, "len(srcpickle.dumps(f)), typing.get_overloads(f.m)")
run(K(), "f.m(1)")
