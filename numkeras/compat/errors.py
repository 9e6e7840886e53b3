"""The errors a script gets when it reaches for TensorFlow/Keras API that numkeras lacks.

Both name the missing API in full, so `numkeras run` can report it in one line
instead of an AttributeError deep inside a library.
"""
import difflib


def _available_text(where, available, missing):
    if not available:
        return ""
    close = difflib.get_close_matches(missing, available, n=1)
    hint = f" Did you mean {where}.{close[0]}?" if close else ""
    return f"{hint} Available in {where}: {', '.join(sorted(available))}."


class MissingAPIError(AttributeError, NotImplementedError):
    """An attribute of a TensorFlow/Keras module that numkeras does not provide.

    It is an AttributeError, so `hasattr(tf, "name")` and `getattr(..., default)` keep
    working for code that probes for features, and a NotImplementedError, because it
    says "not there yet" rather than "you made a typo".

    Example:
    >>> str(MissingAPIError("tensorflow.keras.layers", "Conv3D", ["Conv2D", "Dense"]))[:60]
    'numkeras does not provide tensorflow.keras.layers.Conv3D (ye'
    """

    def __init__(self, module_name, attribute, available=()):
        self.api = f"{module_name}.{attribute}"
        self._parts = (module_name, attribute, tuple(available))
        message = (f"numkeras does not provide {self.api} (yet)."
                   f"{_available_text(module_name, list(available), attribute)}")
        super().__init__(message)
        self.name = attribute

    def __reduce__(self):  # raised in a GridSearchCV worker, it is pickled back to the parent
        return type(self), self._parts


class MissingModuleError(ModuleNotFoundError):
    """A TensorFlow/Keras submodule that numkeras does not provide (`import tensorflow.data`)."""

    def __init__(self, module_name, available=()):
        parent, _, leaf = module_name.rpartition(".")
        self.api = module_name
        self._parts = (module_name, tuple(available))
        message = f"numkeras does not provide the module {module_name} (yet)."
        if parent:
            message += _available_text(parent, list(available), leaf)
        super().__init__(message, name=module_name)

    def __reduce__(self):
        return type(self), self._parts
