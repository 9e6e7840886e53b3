"""Small data sets for examples and teaching, with the same loaders and results as Keras.

Each data set is a submodule with a `load_data()` function, e.g.
`numkeras.datasets.mnist.load_data()`. Submodules are imported on first use, so
`import numkeras` stays fast.

Files are cached in `$NUMKERAS_HOME/datasets/` (default `~/.numkeras/datasets/`), and a
verified copy already in the Keras cache (`~/.keras/datasets/`) is used without downloading.
"""
import importlib

_SUBMODULES = (
    "boston_housing",
    "california_housing",
    "cifar10",
    "cifar100",
    "fashion_mnist",
    "imdb",
    "mnist",
    "reuters",
    "titanic",
)

__all__ = list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_SUBMODULES))
