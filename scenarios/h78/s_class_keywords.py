import sys
import srcpickle

class Plugin:
    registry = {}
    def __init_subclass__(cls, name, **kw):
        super().__init_subclass__(**kw)
        cls.plugin_name = name
        Plugin.registry[name] = cls

class Plugin(Plugin, name="base"):
    def run(self):
        return self.plugin_name

try:
    data = srcpickle.dumps(Plugin)
except Exception as e:
    print(type(e).__name__, e)
else:
    sys.stdout.write(data.decode())
