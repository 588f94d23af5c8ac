import sys, random, importlib.util
def load(path, name):
    sys.path.insert(0, path)
    import srcpickle._fmt.read as r
    sys.path.pop(0)
    for k in list(sys.modules):
        if k.startswith('srcpickle'): del sys.modules[k]
    return r
old = load('/tmp/h96/base', 'old'); new = load('/work/wt-h96', 'new')
alpha = list("0123456789.eE+-xX_abf ,()[]{}:=@'\"\t") + ["\xa0", "٣", "é", "\u2003", "ｉ"]
rnd = random.Random(1)
n = 0
for i in range(300000):
    s = "".join(rnd.choice(alpha) for _ in range(rnd.randint(0, 12)))
    for pos in range(0, len(s) + 1):
        a = old._ascii_number_end(s, pos); b = new._ascii_number_end(s, pos); n += 1
        assert a == b, (s, pos, a, b)
# name(): compare via _ValueParser
for i in range(200000):
    s = "".join(rnd.choice(alpha + list("abcxyzNT_")) for _ in range(rnd.randint(0, 10)))
    for pos in range(0, len(s) + 1):
        res = []
        for m in (old, new):
            p = m._ValueParser(s, 1, pos)
            try:
                res.append((p.name(), p.pos))
            except Exception as e:
                res.append((type(e).__name__, str(e)))
        assert res[0] == res[1], (s, pos, res)
        n += 1
print('ok', n)
