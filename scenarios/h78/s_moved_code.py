import srcpickle
def moved(x):
    return x * 11

moved.__code__ = moved.__code__.replace(co_firstlineno=1)

def line_mover(fn):
    fn.__code__ = fn.__code__.replace(co_firstlineno=fn.__code__.co_firstlineno + 2)
    return fn

@line_mover
def decorated_moved(x):
    return x * 13
for f in (moved, decorated_moved):
    try:
        srcpickle.dumps(f)
    except srcpickle.errors.SrcpickleError as e:
        print(type(e).__name__, e)
