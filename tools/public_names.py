"""Prints where every public name of numkeras lives, as the Markdown table of docs/architecture.md.

    python tools/public_names.py > /tmp/names.md   # then paste over the table in the doc

For each public namespace (numkeras.layers, numkeras.losses, ...), the names it exports,
grouped by the module that defines them.
"""
import importlib
import inspect
import sys
from collections import defaultdict

NAMESPACES = ["numkeras", "numkeras.layers", "numkeras.models", "numkeras.ops", "numkeras.activations",
              "numkeras.initializers", "numkeras.regularizers", "numkeras.constraints", "numkeras.losses",
              "numkeras.metrics", "numkeras.optimizers", "numkeras.optimizers.schedules",
              "numkeras.callbacks", "numkeras.saving", "numkeras.utils", "numkeras.datasets",
              "numkeras.backend", "numkeras.config", "numkeras.random", "numkeras.wrappers",
              "numkeras.preprocessing.sequence", "numkeras.data"]


# Namespaces that gather names defined elsewhere (the others list only what their own package
# defines, unless they declare __all__).
FACADES = {"numkeras", "numkeras.config", "numkeras.random", "numkeras.utils",
           "numkeras.preprocessing.sequence"}


def public_names(module):
    names = getattr(module, "__all__", None)
    if names is None:
        names = [n for n in dir(module) if not n.startswith("_")]
    return sorted(set(names) | set(getattr(module, "LAZY_HOMES", ())))


def home(obj, namespace):
    """The file (relative to numkeras/) that defines `obj`."""
    if inspect.ismodule(obj):
        return None
    target = obj.fget if isinstance(obj, property) else obj
    module = getattr(target, "__module__", None)
    if not isinstance(module, str) or not module.startswith("numkeras"):
        return None
    mod = sys.modules.get(module)
    path = getattr(mod, "__file__", "") or ""
    return path[path.rindex("numkeras/"):] if "numkeras/" in path else module


def main():
    print("| namespace | defined in | names |")
    print("| --- | --- | --- |")
    for namespace in NAMESPACES:
        module = importlib.import_module(namespace)
        by_home = defaultdict(list)
        for name in public_names(module):
            try:
                obj = getattr(module, name)
            except AttributeError:
                continue
            if inspect.ismodule(obj):  # listed only where __all__ names them (the data sets)
                if hasattr(module, "__all__"):
                    by_home["(submodules)"].append(name)
                continue
            where = home(obj, namespace)
            own = getattr(obj, "__module__", "").startswith(namespace)
            if where is not None and (own or namespace in FACADES or hasattr(module, "__all__")):
                by_home[where].append(name)
        for where in sorted(by_home):
            shown = where if where.startswith("(") else f"`{where}`"
            print(f"| `{namespace}` | {shown} | {', '.join(by_home[where])} |")


if __name__ == "__main__":
    main()
