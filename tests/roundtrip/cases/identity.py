"""One original object, one loaded object (issue 8): a nested class dumped beside its outer class,
a method dumped both directly and through its class, a property's getter, in either order.
"""


class Catalog:
    class Entry:
        class Price:
            currency = "EUR"

            def label(self):
                return f"price in {self.currency}"

        count = 0

    def entry(self):
        return Catalog.Entry()


Catalog.Entry.count = 3
Catalog.Entry.Price.currency = "USD"


class Meter:
    def __init__(self, value):
        self._value = value

    def read(self):
        return self._value

    @property
    def doubled(self):
        return self._value * 2

    @staticmethod
    def unit():
        return "m"


def pick(*things):
    return things


CASES = {
    "nested_beside_outer": (
        (Catalog, Catalog.Entry.Price),
        ["f[0].Entry.Price is f[1]", "f[1]().label()", "f[0].Entry.count"],
    ),
    "nested_before_outer": (
        (Catalog.Entry.Price, Catalog),
        ["f[1].Entry.Price is f[0]", "f[0].currency", "f[1].Entry.count", "f[1]().entry().count"],
    ),
    "middle_class_alone": (Catalog.Entry, ["f.Price().label()", "f.count", "f.__qualname__"]),
    "method_beside_its_class": ((Meter, Meter.read), ["f[0].read is f[1]", "f[1](f[0](4))"]),
    "method_before_its_class": ((Meter.read, Meter), ["f[1].read is f[0]", "f[0](f[1](5))"]),
    "property_getter_beside_class": (
        (Meter, Meter.doubled.fget),
        ["f[0].doubled.fget is f[1]", "f[0](3).doubled"],
    ),
    "staticmethod_function_beside_class": (
        (Meter.unit, Meter),
        ["f[1].unit is f[0]", "f[0]()", "f[1].__dict__['unit'].__func__ is f[0]"],
    ),
    "same_method_twice": ((Meter.read, Meter.read), ["f[0] is f[1]"]),
}
