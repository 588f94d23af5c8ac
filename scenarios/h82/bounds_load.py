import sys, srcpickle
for p in sys.argv[1:]:
    obj = srcpickle.loads(open(p, "rb").read())
    tp = obj.__type_params__[0]
    try:
        print(p, tp, tp.__bound__ if tp.__constraints__ == () else None, tp.__constraints__)
    except Exception as e:
        print(p, "ERR", type(e).__name__, e)
