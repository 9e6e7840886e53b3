"""`ShimModule`: a module object standing in for `tensorflow`, `keras.layers`, ...

Attribute lookup order: the spec's extras, then a shim submodule of that name
(`tf.keras`, `keras.datasets.mnist`), then the numkeras target module, then the
fallback module; anything else raises `MissingAPIError` naming the full API.
Found values are cached in the module's `__dict__`, so each name is resolved once.
"""
import importlib
import types

from numkeras.compat import table
from numkeras.compat.errors import MissingAPIError, MissingModuleError

_ABSENT = object()


def _load_extras(ref):
    module_name, _, function = ref.partition(":")
    return getattr(importlib.import_module(module_name), function)()


def _import_target(shim_name, target):
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as error:
        if error.name and target.startswith(error.name):  # the numkeras module itself is absent
            raise MissingModuleError(shim_name) from None
        raise


class ShimModule(types.ModuleType):
    """A TensorFlow/Keras module whose contents come from numkeras.

    Args:
        name: full module name, e.g. "tensorflow.keras.layers".
        spec: its `table.Spec`.
        children_loader: function(full_name) -> ShimModule for submodules; the import
            system when the shim was imported, direct construction when it was unpickled.
    """

    def __init__(self, name, spec, children_loader):
        super().__init__(name, f"numkeras stand-in for `{name}`.")
        self.__path__ = []  # a package, so `import keras.foo` reaches our finder and its message
        object.__setattr__(self, "_nk_spec", spec)
        object.__setattr__(self, "_nk_children", children_loader)
        object.__setattr__(self, "_nk_extras", None)
        if spec.target is not None:
            _import_target(name, spec.target)  # fail at import time if numkeras lacks the module

    def _extras(self):
        extras = self.__dict__.get("_nk_extras")
        if extras is None:
            spec = self._nk_spec
            extras = _load_extras(spec.extras) if spec.extras else {}
            object.__setattr__(self, "_nk_extras", extras)
        return extras

    def _sources(self):
        spec = self._nk_spec
        return [importlib.import_module(m) for m in (spec.target, spec.fallback) if m]

    def __getattr__(self, attr):
        if attr == "__all__":  # for `from keras.layers import *`
            return self._public_names()
        if attr == "__version__" and "__version__" in self._extras():
            return self._extras()["__version__"]
        if attr.startswith("__") or attr.startswith("_nk_"):
            raise AttributeError(f"module {self.__name__!r} has no attribute {attr!r}")
        value = self._resolve(attr)
        setattr(self, attr, value)
        return value

    def _resolve(self, attr):
        extras = self._extras()
        if attr in extras:
            return extras[attr]
        full = f"{self.__name__}.{attr}"
        if table.lookup(full) is not None:
            try:
                return self._nk_children(full)
            except MissingModuleError:  # listed, but its numkeras module is not there (yet)
                raise MissingAPIError(self.__name__, attr, self._public_names()) from None
        for source in self._sources():
            value = getattr(source, attr, _ABSENT)
            # numkeras's own submodules and imports (`tf.np`) are not TensorFlow/Keras API.
            if value is not _ABSENT and not isinstance(value, types.ModuleType):
                return value
        raise MissingAPIError(self.__name__, attr, self._public_names())

    def _public_names(self):
        names = set(self._extras()) | set(table.children(self.__name__))
        for source in self._sources():
            for name in getattr(source, "__all__", None) or dir(source):
                if name.startswith("_") or name.isupper():
                    continue
                try:
                    value = getattr(source, name)
                except Exception:  # a lazy name whose optional dependency is missing
                    continue
                if not isinstance(value, types.ModuleType):
                    names.add(name)
        return sorted(names)

    def __dir__(self):
        return sorted(set(super().__dir__()) | set(self._public_names()))

    def __reduce__(self):
        # Pickled by name with the session's options, so a function from the script that uses
        # `tf` still works in GridSearchCV(n_jobs=-1)'s worker processes.
        from numkeras.compat import session

        return session.restore_shim, (self.__name__, session.current_options())

    def __repr__(self):
        return f"<module {self.__name__!r} (numkeras stand-in)>"
