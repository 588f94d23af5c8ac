# Variants of FunctionNode's field stores and of the writer's exact-type tests (see ../README.md): python3.11 variants.py NAME N under callgrind, N=10000 minus N=0
import sys
F = tuple(f"field{i}" for i in range(23))
class N: pass
_new = object.__new__
def v_store(a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22):
    n = _new(N); h = n.__dict__
    h["field0"]=a0;h["field1"]=a1;h["field2"]=a2;h["field3"]=a3;h["field4"]=a4;h["field5"]=a5;h["field6"]=a6;h["field7"]=a7;h["field8"]=a8;h["field9"]=a9;h["field10"]=a10;h["field11"]=a11;h["field12"]=a12;h["field13"]=a13;h["field14"]=a14;h["field15"]=a15;h["field16"]=a16;h["field17"]=a17;h["field18"]=a18;h["field19"]=a19;h["field20"]=a20;h["field21"]=a21;h["field22"]=a22
    return n
def v_zip(a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22):
    n = _new(N)
    n.__dict__.update(zip(F, (a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22)))
    return n
def v_kw(a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22):
    n = _new(N)
    n.__dict__.update(field0=a0,field1=a1,field2=a2,field3=a3,field4=a4,field5=a5,field6=a6,field7=a7,field8=a8,field9=a9,field10=a10,field11=a11,field12=a12,field13=a13,field14=a14,field15=a15,field16=a16,field17=a17,field18=a18,field19=a19,field20=a20,field21=a21,field22=a22)
    return n
STR = frozenset({str})
def t_is(a, b, c, d):
    return type(a) is str and type(b) is str and type(c) is str and type(d) is str
def t_map(a, b, c, d):
    return STR.issuperset(map(type, (a, b, c, d)))
_setattr = object.__setattr__
def v_disp(a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22):
    n = _new(N)
    n.__dict__.update({"field0": a0,"field1": a1,"field2": a2,"field3": a3,"field4": a4,"field5": a5,"field6": a6,"field7": a7,"field8": a8,"field9": a9,"field10": a10,"field11": a11,"field12": a12,"field13": a13,"field14": a14,"field15": a15,"field16": a16,"field17": a17,"field18": a18,"field19": a19,"field20": a20,"field21": a21,"field22": a22})
    return n
def v_set(a0,a1,a2,a3,a4,a5,a6,a7,a8,a9,a10,a11,a12,a13,a14,a15,a16,a17,a18,a19,a20,a21,a22):
    n = _new(N)
    _setattr(n, "__dict__", {"field0": a0,"field1": a1,"field2": a2,"field3": a3,"field4": a4,"field5": a5,"field6": a6,"field7": a7,"field8": a8,"field9": a9,"field10": a10,"field11": a11,"field12": a12,"field13": a13,"field14": a14,"field15": a15,"field16": a16,"field17": a17,"field18": a18,"field19": a19,"field20": a20,"field21": a21,"field22": a22})
    return n


if __name__ == "__main__":
  fn = globals()[sys.argv[1]]
  n = int(sys.argv[2])
  args = list(range(23))
  if fn.__name__.startswith("t_"):
      for _ in range(n): fn("a", "b", "c", "d")
  else:
      for _ in range(n): fn(*args)

