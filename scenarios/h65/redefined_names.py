import srcpickle, sys, itertools
class Tool:
    def run(self):
        return "base"
Original = Tool
def use_base():
    return Original().run()
class Tool(Tool):
    def run(self):
        return "sub " + super().run()
Base = Tool.__mro__[1]
def use_sub():
    return Tool().run()

def f():
    return 1
g1 = f
def f():
    return 2

class C:
    def m(self): return 1
C1 = C
class C:
    def m(self): return 2
def uses_c1(): return C1().m()
def uses_c(): return C().m()

objs = dict(sub=Tool, base=Base, fsub=use_sub, fbase=use_base, f1=g1, f2=f, c1=C1, c2=C, uc1=uses_c1, uc=uses_c)
order = sys.argv[1].split(",")
for k in order:
    try:
        d = srcpickle.dumps(objs[k]); print(k, "ok", len(d))
    except Exception as e:
        print(k, type(e).__name__, str(e)[:150])
