"""`numkeras.wrappers`: numkeras models as scikit-learn estimators.

    from numkeras.wrappers import SKLearnClassifier, SKLearnRegressor, SKLearnTransformer  # Keras 3
    from numkeras.wrappers.scikit_learn import KerasClassifier, KerasRegressor           # tf.keras / SciKeras

They work with GridSearchCV, cross_val_score, Pipeline, clone and pickle, and
run in parallel with `n_jobs=-1` or on a Dask cluster (docs/scale_out.md).
scikit-learn is an optional dependency: it is imported when a wrapper is first
used, never by `import numkeras`.
"""
import importlib

_HOMES = {
    "SKLearnClassifier": "numkeras.wrappers.sklearn_wrapper",
    "SKLearnRegressor": "numkeras.wrappers.sklearn_wrapper",
    "SKLearnTransformer": "numkeras.wrappers.sklearn_wrapper",
    "KerasClassifier": "numkeras.wrappers.scikit_learn",
    "KerasRegressor": "numkeras.wrappers.scikit_learn",
}

__all__ = sorted(_HOMES)


def __getattr__(name):
    if name in _HOMES:
        return getattr(importlib.import_module(_HOMES[name]), name)
    if name == "scikit_learn":
        return importlib.import_module("numkeras.wrappers.scikit_learn")
    raise AttributeError(f"module 'numkeras.wrappers' has no attribute '{name}'")


def __dir__():
    return sorted(list(globals()) + __all__ + ["scikit_learn"])
