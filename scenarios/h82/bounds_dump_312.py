import sys
import srcpickle

class Outer:
    Limit = int
    class Inner[T: Limit]:
        def m(self):
            return 1
    type Alias[T: Limit] = list[T]
    def cons[C: (Limit, str)](self):
        return 2
    def meth[M: Limit](self, x: M) -> M:
        return x
    def later[L: Later](self):
        return 3
    Later = float

for name, obj in [("Inner", Outer.Inner), ("Alias", Outer.Alias), ("cons", Outer.cons), ("meth", Outer.meth), ("later", Outer.later)]:
    try:
        with open(f"{sys.argv[1]}/c_{name}.sp", "wb") as f:
            f.write(srcpickle.dumps(obj))
    except Exception as e:
        print(name, type(e).__name__, e)
