import srcpickle, sys, subprocess, inspect, asyncio
from typing import Iterator, AsyncIterator
def gen(n: int) -> Iterator[int]:
    yield from range(n)
async def co(n: int) -> int:
    return n
async def agen(n: int) -> AsyncIterator[int]:
    for i in range(n):
        yield i
lam = lambda x: x
class K:
    def m(self, x: int) -> int:
        return x
    @staticmethod
    def s(x: int) -> int:
        return x
    @classmethod
    def c(cls, x: int) -> int:
        return x
    async def am(self, x: int) -> int:
        return x
for obj, expr in [(gen, "inspect.isgeneratorfunction(f), list(f(2)), raises(f, 'x')"),
                  (co, "inspect.iscoroutinefunction(f), asyncio.run(f(2)), raises(lambda: asyncio.run(f('x')))"),
                  (agen, "inspect.isasyncgenfunction(f), raises(f, 'x')"),
                  (K, "raises(f().m, 'x'), raises(f.s, 'x'), raises(f.c, 'x'), inspect.iscoroutinefunction(f.am), raises(lambda: asyncio.run(f().am('x')))"),
                  ]:
    d = srcpickle.dumps(obj)
    code = "import srcpickle,sys,inspect,asyncio\ndef raises(fn,*a):\n  try: fn(*a)\n  except Exception as e: return type(e).__name__\n  return 'none'\nf=srcpickle.loads(sys.stdin.buffer.read(), typecheck=True); print(" + expr + ")"
    r=subprocess.run([sys.executable, "-c", code], input=d, capture_output=True); print(r.stdout, r.stderr[-400:])
