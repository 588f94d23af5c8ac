import dataclasses, enum

class Meta(type):
    def __new__(mcls, name, bases, ns, **kw):
        cls = super().__new__(mcls, name, bases, ns)
        cls.made_by_meta = True
        return cls

class Tool(metaclass=Meta):
    def run(self):
        return "base"

class Tool(Tool):
    def run(self):
        return "sub+" + super().run()

@dataclasses.dataclass
class Point:
    x: int

@dataclasses.dataclass
class Point(Point):
    y: int = 0

    def total(self):
        return self.x + self.y

class Plugin:
    registry = []
    def __init_subclass__(cls, name="", **kw):
        super().__init_subclass__(**kw)
        Plugin.registry.append(name)

class Plugin(Plugin, name="second"):
    pass

def make():
    class Local:
        def v(self): return 1
    class Local(Local):
        def v(self): return super().v() + 1
    return Local

Nested = make()

def uses():
    return Tool().run(), Point(1, 2).total(), Plugin.registry, Nested().v()
