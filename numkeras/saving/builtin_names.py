"""Keras's public names for numkeras's built-in classes, both ways.

Configs name built-ins as Keras does: `{"module": "keras.layers", "class_name": "Dense"}`.
`keras_name(cls)` gives that pair for a numkeras class; `resolve(module, name)`
finds the numkeras class for a pair read from a file. Only classes of the
kinds a model is made of (layers, models, optimizers, schedules, initializers,
regularizers, constraints, losses, metrics) and the functions of
`activations`/`losses`/`metrics` can be resolved, so a file cannot name
`load_model`, `os.system` or any other callable.
"""
import importlib
import inspect

# Keras module -> numkeras module holding the same public names.
NAMESPACES = {
    "keras.layers": "numkeras.layers",
    "keras.models": "numkeras.models",
    "keras.initializers": "numkeras.initializers",
    "keras.regularizers": "numkeras.regularizers",
    "keras.constraints": "numkeras.constraints",
    "keras.optimizers": "numkeras.optimizers",
    "keras.optimizers.schedules": "numkeras.optimizers.schedules",
    "keras.losses": "numkeras.losses",
    "keras.metrics": "numkeras.metrics",
    "keras.activations": "numkeras.activations",
}
FUNCTION_NAMESPACES = ("keras.activations", "keras.losses", "keras.metrics")
# Where Keras writes the model classes (Functional is not a public `keras.` name).
MODEL_NAMES = {"Sequential": "keras", "Model": "keras", "Functional": "keras.src.models.functional"}

_forward = None  # class -> (keras module, class name), built on first use


def _module(name):
    try:
        return importlib.import_module(name)
    except ImportError:  # e.g. numkeras.losses before it exists
        return None


def _allowed_bases():
    from numkeras.initializers import Initializer
    from numkeras.layers import Layer
    from numkeras.optimizers import Optimizer
    from numkeras.optimizers.schedules import LearningRateSchedule

    bases = [Layer, Optimizer, LearningRateSchedule, Initializer]
    for module, attr in (("numkeras.regularizers", "Regularizer"), ("numkeras.constraints", "Constraint"),
                         ("numkeras.losses", "Loss"), ("numkeras.metrics", "Metric")):
        mod = _module(module)
        if mod is not None and inspect.isclass(getattr(mod, attr, None)):
            bases.append(getattr(mod, attr))
    return tuple(bases)


def is_saveable_class(obj):
    """Whether `obj` is a class of a kind configs may name (a Layer, Optimizer, Loss, ...)."""
    return inspect.isclass(obj) and issubclass(obj, _allowed_bases())


def _build_forward():
    global _forward
    table = {}
    for keras_module, nk_module in NAMESPACES.items():
        mod = _module(nk_module)
        if mod is None:
            continue
        for name, obj in vars(mod).items():
            # Only the canonical spelling: `initializers.glorot_uniform` is an alias of the class.
            if inspect.isclass(obj) and obj.__name__ == name and obj.__module__.startswith("numkeras"):
                table.setdefault(obj, (keras_module, name))
    from numkeras.models import Functional, Model, Sequential

    for cls in (Sequential, Model, Functional):
        table[cls] = (MODEL_NAMES[cls.__name__], cls.__name__)
    _forward = table
    return table


def keras_name(obj):
    """`(module, class_name)` Keras writes for a built-in class or function, or None for user code.

    Example:
    >>> from numkeras.layers import Dense
    >>> keras_name(Dense)
    ('keras.layers', 'Dense')
    """
    if inspect.isfunction(obj):
        for keras_module in FUNCTION_NAMESPACES:
            mod = _module(NAMESPACES[keras_module])
            if mod is not None and getattr(mod, obj.__name__, None) is obj:
                return keras_module, obj.__name__
        return None
    return (_forward or _build_forward()).get(obj)


def resolve(module, name, kind="class"):
    """The numkeras class (or function, `kind="function"`) that Keras calls `module.name`, or None.

    Internal Keras modules (`keras.src.models.functional`, Keras 2's
    `keras.engine.functional`) are matched by class name among the built-ins.
    """
    module = module or ""
    if kind == "function":
        namespaces = [module] if module in FUNCTION_NAMESPACES else list(FUNCTION_NAMESPACES)
        for keras_module in namespaces:
            mod = _module(NAMESPACES[keras_module])
            obj = getattr(mod, name, None) if mod is not None else None
            if inspect.isfunction(obj) and obj.__module__.startswith("numkeras"):
                return obj
        return None
    from_keras = not module or module == "keras" or module.startswith(("keras.", "tf_keras", "tensorflow"))
    if name in MODEL_NAMES and from_keras:
        from numkeras import models

        return getattr(models, name)
    mod = _module(NAMESPACES[module]) if module in NAMESPACES else None
    obj = getattr(mod, name, None) if mod is not None else None
    if is_saveable_class(obj):
        return obj
    if from_keras:
        for cls, (_, public) in (_forward or _build_forward()).items():
            if public == name:
                return cls
    return None


def reset():
    """Forgets the cached table (after new built-in modules appear, e.g. in tests)."""
    global _forward
    _forward = None
