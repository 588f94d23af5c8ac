"""Closures (issue 3): cells captured by value and rebuilt as real cells, shared cells kept
shared, recursive and mutually recursive inner functions, a closure inside its own cell's value."""


def make_adder(n):
    def add(x):
        return x + n

    return add


def make_log():
    items = []

    def log(entry):
        items.append(entry)
        return list(items)

    return log, items


log, log_items = make_log()
log_items.append("before the dump")
log("logged before the dump")


def make_counter(start):
    count = start

    def step(by=1):
        nonlocal count
        count += by
        return count

    return step


counter = make_counter(10)
counter()
counter(5)


def level1(a):
    def level2(b):
        def level3(c):
            return a, b, c

        return level3

    return level2


def make_pending():
    def read():
        return value

    def settle(new):
        nonlocal value
        value = new
        return read()

    return read, settle
    value = None  # never runs: it only makes `value` a variable of make_pending


def make_tally():
    total = 0

    def add(n):
        nonlocal total
        total += n
        return total

    def read():
        return total

    return add, read


tally_add, tally_read = make_tally()
tally_add(5)


def make_fib():
    def fib(n):
        return n if n < 2 else fib(n - 1) + fib(n - 2)

    return fib


def make_parity():
    def is_even(n):
        return True if n == 0 else is_odd(n - 1)

    def is_odd(n):
        return False if n == 0 else is_even(n - 1)

    return is_even, is_odd


def make_range_fact(a):
    def factorial(n):
        return 1 if n <= 1 else n * factorial(n - 1)

    def rangefact(b):
        return [factorial(i) for i in range(a, b)]

    return rangefact


def make_table():
    table = {}

    def lookup(name):
        return table[name]

    table["lookup"] = lookup
    table["size"] = lambda: len(table)
    return lookup


def make_late_lambdas():
    # One cell for i, shared by the three lambdas: each returns the last value.
    return [lambda: i for i in range(3)]


def make_account(owner):
    balance = 0
    history = []

    def deposit(amount):
        nonlocal balance
        balance += amount
        history.append(("deposit", amount))
        return balance

    def withdraw(amount):
        nonlocal balance
        if amount > balance:
            raise ValueError("insufficient funds")
        balance -= amount
        history.append(("withdraw", amount))
        return balance

    def statement():
        return owner, balance, list(history)

    return {"deposit": deposit, "withdraw": withdraw, "statement": statement}


account = make_account("ada")
account["deposit"](30)


DUMPERS_VARY = {
    "late_binding_shared_cell": "the lambdas' qualnames name the comprehension on 3.9-3.11 and PyPy "
    "(with <locals> on PyPy), not on 3.12+ (PEP 709 inlines comprehensions)",
}

CASES = {
    "make_adder": (make_adder(5), ["f(1)", "f(-5)", "f.__qualname__", "f.__closure__[0].cell_contents"]),
    "closure_over_list": (
        log,
        ["f('after')", "f('again')", "f.__closure__[0].cell_contents"],
    ),
    "nonlocal_counter": (counter, ["f()", "f()", "f(10)", "f.__qualname__"]),
    "three_levels": (
        level1("A")("B"),
        ["f('C')", "f.__qualname__", "sorted(f.__code__.co_freevars)"],
    ),
    "three_levels_middle": (level1("A"), ["f('B')('C')", "f('x')('y')", "f('B').__qualname__"]),
    "empty_cell": (
        make_pending()[0],
        [
            "raises(f).split(':')[0]",
            "f.__closure__[0].__class__.__name__",
            "raises(lambda: f.__closure__[0].cell_contents).split(':')[0]",
        ],
    ),
    "empty_cell_filled_later": (
        make_pending(),
        [
            "raises(f[0]).split(':')[0]",
            "f[1](7)",
            "f[0]()",
            "f[0].__closure__[0] is dict(zip(f[1].__code__.co_freevars, f[1].__closure__))['value']",
        ],
    ),
    "shared_cell_pair": (
        (tally_add, tally_read),
        [
            "f[1]()",
            "f[0](3)",
            "f[1]()",
            "f[0](-1)",
            "f[1]()",
            "f[0].__closure__[0] is f[1].__closure__[0]",
        ],
    ),
    "shared_cell_in_a_dict": (
        account,
        [
            "f['statement']()",
            "f['deposit'](12)",
            "f['withdraw'](40)",
            "raises(f['withdraw'], 100)",
            "f['statement']()",
        ],
    ),
    "recursive_inner": (
        make_fib(),
        ["f(15)", "f.__closure__[0].cell_contents is f", "f.__qualname__"],
    ),
    "mutually_recursive_inner": (
        make_parity(),
        [
            "[f[0](7), f[1](7), f[0](10)]",
            "f[0].__closure__[0].cell_contents is f[1]",
            "f[1].__closure__[0].cell_contents is f[0]",
        ],
    ),
    "mutually_recursive_one_side": (
        make_parity()[1],
        ["f(9)", "f(4)", "f.__closure__[0].cell_contents.__closure__[0].cell_contents is f"],
    ),
    "range_fact": (
        make_range_fact(3),
        [
            "f(8)",
            "f(3)",
            "sorted(f.__code__.co_freevars)",
            "(lambda c: c['factorial'].cell_contents(6))(dict(zip(f.__code__.co_freevars, f.__closure__)))",
            "(lambda g: g.__closure__[0].cell_contents is g)("
            "dict(zip(f.__code__.co_freevars, f.__closure__))['factorial'].cell_contents)",
        ],
    ),
    "closure_over_dict_holding_itself": (
        make_table(),
        [
            "f('lookup') is f",
            "f('size')()",
            "f.__closure__[0].cell_contents['lookup'] is f",
            "f('size').__closure__[0] is f.__closure__[0]",
            "sorted(f.__closure__[0].cell_contents)",
        ],
    ),
    "late_binding_shared_cell": (
        make_late_lambdas(),
        ["[g() for g in f]", "f[0].__closure__[0] is f[2].__closure__[0]"],
    ),
}
