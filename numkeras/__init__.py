"""numkeras: the Keras 3 API on NumPy.

    import numkeras as keras
    model = keras.Sequential([keras.layers.Dense(10, activation="softmax")])

Submodules that pull in more than NumPy (datasets, saving, wrappers, ...) load
on first use, so `import numkeras` stays fast.
"""
import importlib

from numkeras import activations, backend, layers, models, ops
from numkeras.backend import GradientTape, Tensor, Variable
from numkeras.compat import limits as _limits  # noqa: F401 - registers Keras's epoch/step caps with fit
from numkeras.layers import Input, InputLayer, KerasTensor, Layer
from numkeras.models import Model, Sequential
from numkeras.saving import serialization as _serialization  # noqa: F401 - registers the full serializer

__version__ = "0.1.0"

_LAZY = ("callbacks", "config", "constraints", "datasets", "initializers", "losses", "metrics",
         "optimizers", "preprocessing", "random", "regularizers", "saving", "utils", "wrappers")


def __getattr__(name):
    if name in _LAZY:
        module = importlib.import_module(f"numkeras.{name}")
        globals()[name] = module
        return module
    raise AttributeError(f"module 'numkeras' has no attribute '{name}'")


def version():
    return __version__


def __dir__():
    return sorted(list(globals()) + list(_LAZY))
