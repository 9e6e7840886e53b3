"""`numkeras run --tf2-optimizers`: optimizer names mean tf.keras 2's formulas again.

Until TF 2.11, `compile(optimizer="rmsprop")` and `tf.keras.optimizers.RMSprop`
were what Keras now calls the legacy optimizers: RMSprop's epsilon sits outside
the square root when momentum is 0, Adagrad and Adam differ in small ways, and
`lr`/`decay` are honoured. Lecture notes recorded their numbers with those.
`numkeras.optimizers.legacy` implements them; this module makes the names
resolve there for the length of a run (Keras 3 semantics stay the default).
"""
import importlib

from numkeras.compat.errors import MissingModuleError

LEGACY_MODULE = "numkeras.optimizers.legacy"


def legacy_module():
    """`numkeras.optimizers.legacy`, or a MissingModuleError that says what needs it."""
    try:
        return importlib.import_module(LEGACY_MODULE)
    except ModuleNotFoundError as error:
        if error.name != LEGACY_MODULE:
            raise
        raise MissingModuleError(LEGACY_MODULE) from None


def legacy_classes():
    """{class name: legacy optimizer class} for every optimizer class the legacy module has."""
    from numkeras.optimizers import Optimizer

    legacy = legacy_module()
    return {name: value for name, value in vars(legacy).items()
            if isinstance(value, type) and issubclass(value, Optimizer) and not name.startswith("_")
            and value.__module__.startswith(LEGACY_MODULE)}


def use_legacy_names():
    """Points the optimizer names ("rmsprop", ...) at the legacy classes; returns the undo function.

    Names with no legacy class keep their Keras 3 meaning.
    """
    from numkeras import optimizers

    replacements = legacy_classes()
    names = optimizers.ALL_OPTIMIZERS
    saved = dict(names)
    for key, cls in saved.items():
        if cls.__name__ in replacements:
            names[key] = replacements[cls.__name__]

    def undo():
        names.clear()
        names.update(saved)

    return undo
