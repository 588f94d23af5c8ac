import os, sys
import srcpickle

MARK = "/tmp/h52_marker"


class Tracer:
    open(MARK, "a").write("class body ran\n")
    greeting = "hi\tthere"

    def hello(self, who):
        text = """multi
line\t
  string   
"""
        return f"{self.greeting} {who}" + text


def user(who):
    return Tracer().hello(who)


srcpickle.dump(user, sys.argv[1])
