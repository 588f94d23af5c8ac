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
    def later[L: Later](self):
        return 3
    Later = float

for name, obj in [("Inner", Outer.Inner), ("Alias", Outer.Alias), ("cons", Outer.cons), ("later", Outer.later)]:
    try:
        with open(f"{sys.argv[1]}/c_{name}.sp", "wb") as f:
            f.write(srcpickle.dumps(obj))
    except Exception as e:
        print(name, "DUMP", type(e).__name__, e)
