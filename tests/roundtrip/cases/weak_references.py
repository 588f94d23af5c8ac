"""Weak collections and weak references held as values: a registry of live instances, a cache keyed
by objects, a set of listeners, a reference to a configuration object, a weak bound method. Each
loads as a weak one again, holding the loaded objects that something else of the payload holds
(the globals here), the very ones the code reads."""

import weakref


class Sensor:
    # A class's registry of its live instances, filled as each is made: the class statement makes
    # it empty again at load, the live one holds two, which travel.
    live = weakref.WeakValueDictionary()

    def __init__(self, name, scale):
        self.name = name
        self.scale = scale
        Sensor.live[name] = self

    def read(self, raw):
        return raw * self.scale


TEMPERATURE = Sensor("temperature", 2)
PRESSURE = Sensor("pressure", 10)


def by_name(name, raw):
    # (both instances are globals the code reads, which keep them alive at load as here)
    sensor = Sensor.live[name]
    return sensor.read(raw), sorted(Sensor.live), sensor is TEMPERATURE, sensor is PRESSURE


class Shape:
    def __init__(self, sides):
        self.sides = sides


SQUARE = Shape(4)
TRIANGLE = Shape(3)
LABELS = weakref.WeakKeyDictionary({SQUARE: "square", TRIANGLE: "triangle"})


def label(sides):
    shape = SQUARE if sides == 4 else TRIANGLE
    return LABELS[shape], len(LABELS), type(LABELS).__name__


def on_save(event):
    return f"saved {event}"


def on_close(event):
    return f"closed {event}"


LISTENERS = weakref.WeakSet([on_save, on_close])
# What keeps the listeners alive, here and at load (one held by nothing but the weak set would be
# gone at load, as it would be here once nothing held it: tests/unit/test_weak_references.py).
BY_EVENT = {"save": on_save, "close": on_close}


def notify(event):
    return sorted(listener(event) for listener in LISTENERS), BY_EVENT["save"] in LISTENERS


class Config:
    def __init__(self, level):
        self.level = level

    def describe(self):
        return f"level {self.level}"


CONFIG = Config(3)
CONFIG_REF = weakref.ref(CONFIG)
DESCRIBE = weakref.WeakMethod(CONFIG.describe)


def forgotten(ref):
    return "forgotten"


WATCHED = weakref.ref(CONFIG, forgotten)


def current():
    config = CONFIG_REF()
    return config is CONFIG, config.level, DESCRIBE()(), WATCHED() is CONFIG, WATCHED.__callback__(None)


# (A case reaching Sensor without reading TEMPERATURE would load Sensor.live without it, nothing
# holding it there: dumps(loads(p)) then writes the registry as it is, one entry shorter.)


CASES = {
    "registry_of_live_instances": (by_name, ["f('temperature', 21)", "f('pressure', 1)"]),
    "cache_keyed_by_objects": (label, ["f(4)", "f(3)"]),
    "set_of_listeners": (notify, ["f('file')"]),
    "references_and_weak_methods": (current, ["f()"]),
}
