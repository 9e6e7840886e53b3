"""`numkeras.losses`: Keras's losses, as functions (per-sample values) and classes (reduced).

>>> from numkeras import losses
>>> losses.BinaryCrossentropy()([[1], [0], [0], [1]], [[0.8], [0.3], [0.5], [0.9]]).numpy()
np.float32(0.3445814)
>>> losses.get("mse").name
'mse'

`get` accepts a class name ("MeanSquaredError"), a function name or alias
("mean_squared_error", "mse", "bce", "kld", ...), a config dict, a class, an
instance or a plain function `f(y_true, y_pred)`; it always returns a `Loss`.
Trainer-facing: `resolve_loss` (also "crossentropy"/"ce", chosen by shapes)
and `validate_targets` (label checks once per fit).
"""
import inspect

from numkeras.initializers.lookup import ObjectTable
from numkeras.losses.crossentropy import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    SparseCategoricalCrossentropy,
    binary_crossentropy,
    categorical_crossentropy,
    sparse_categorical_crossentropy,
)
from numkeras.losses.hinge import (
    CategoricalHinge,
    Hinge,
    SquaredHinge,
    categorical_hinge,
    hinge,
    squared_hinge,
)
from numkeras.losses.loss import Loss, LossFunctionWrapper, reduce_weighted_values, standardize_reduction
from numkeras.losses.probabilistic import (
    KLDivergence,
    Poisson,
    kl_divergence,
    kld,
    kullback_leibler_divergence,
    poisson,
)
from numkeras.losses.regression import (
    CosineSimilarity,
    Huber,
    LogCosh,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    cosine_similarity,
    huber,
    log_cosh,
    logcosh,
    mae,
    mape,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    mse,
    msle,
)
from numkeras.losses.validation import check_labels, validate_targets

# Each built-in function and the class that wraps it.
_FUNCTION_CLASSES = {
    mean_squared_error: MeanSquaredError,
    mean_absolute_error: MeanAbsoluteError,
    mean_absolute_percentage_error: MeanAbsolutePercentageError,
    mean_squared_logarithmic_error: MeanSquaredLogarithmicError,
    huber: Huber,
    log_cosh: LogCosh,
    cosine_similarity: CosineSimilarity,
    hinge: Hinge,
    squared_hinge: SquaredHinge,
    categorical_hinge: CategoricalHinge,
    kl_divergence: KLDivergence,
    poisson: Poisson,
    binary_crossentropy: BinaryCrossentropy,
    categorical_crossentropy: CategoricalCrossentropy,
    sparse_categorical_crossentropy: SparseCategoricalCrossentropy,
}
_FUNCTIONS = {fn.__name__: fn for fn in _FUNCTION_CLASSES}
_FUNCTIONS.update({
    "mse": mean_squared_error, "MSE": mean_squared_error,
    "mae": mean_absolute_error, "MAE": mean_absolute_error,
    "mape": mean_absolute_percentage_error, "MAPE": mean_absolute_percentage_error,
    "msle": mean_squared_logarithmic_error, "MSLE": mean_squared_logarithmic_error,
    "bce": binary_crossentropy, "BCE": binary_crossentropy,
    "kld": kl_divergence, "KLD": kl_divergence, "kullback_leibler_divergence": kl_divergence,
    "logcosh": log_cosh, "huber_loss": huber,
})
_CLASSES = list(_FUNCTION_CLASSES.values())
_TABLE = ObjectTable("loss", "keras.losses", _CLASSES,
                     aliases={name: _FUNCTION_CLASSES[fn] for name, fn in _FUNCTIONS.items()})
_CLASS_NAMES = {cls.__name__: cls for cls in _CLASSES}
_LOWER = {name.lower(): name for name in list(_FUNCTIONS) + list(_CLASS_NAMES)}


def get_function(name):
    """The built-in loss function called `name` ("mse", "binary_crossentropy", ...)."""
    fn = _FUNCTIONS.get(name) or _FUNCTIONS.get(_LOWER.get(name.lower(), ""))
    if fn is None:
        raise _TABLE.unknown(name)
    return fn


def get(identifier):
    """Returns a `Loss` object for `identifier`.

    A function name or alias gives the loss named by that string (`get("mse").name == "mse"`,
    as Keras names a compiled loss); a class name gives the class with its default name.
    Names are matched exactly, then case-insensitively.

    Args:
        identifier: a name, a config dict, a Loss class or instance, or a function
            `f(y_true, y_pred)` returning per-sample losses; None returns None.
    Raises:
        ValueError: for an unknown name, suggesting the closest known one.
    Example:
    >>> type(get("categorical_crossentropy")).__name__, get("CategoricalCrossentropy").name
    ('CategoricalCrossentropy', 'categorical_crossentropy')
    """
    if identifier is None or isinstance(identifier, Loss):
        return identifier
    if isinstance(identifier, str):
        return _from_name(identifier)
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if callable(identifier):
        cls = _FUNCTION_CLASSES.get(identifier)
        return cls(name=identifier.__name__) if cls else LossFunctionWrapper(identifier)
    raise ValueError(f"Could not interpret loss identifier: {identifier!r} (expected a name, a config "
                     "dict, a Loss or a function f(y_true, y_pred)).")


def _from_name(name):
    if name.lower() in ("crossentropy", "ce"):
        raise ValueError(f"Loss '{name}' picks binary, sparse or categorical cross-entropy from the shapes "
                         "of the labels and outputs: use resolve_loss(identifier, y_true_shape, y_pred_shape).")
    key = name if (name in _CLASS_NAMES or name in _FUNCTIONS) else _LOWER.get(name.lower())
    if key in _CLASS_NAMES:
        return _CLASS_NAMES[key]()
    if key in _FUNCTIONS:
        return _FUNCTION_CLASSES[_FUNCTIONS[key]](name=name)
    raise _TABLE.unknown(name)


def serialize(loss):
    """Keras's `{"module", "class_name", "config", "registered_name"}` dict for a loss or built-in function.

    Example:
    >>> serialize(MeanSquaredError())["config"]
    {'name': 'mean_squared_error', 'reduction': 'sum_over_batch_size'}
    """
    if loss is None:
        return None
    if not isinstance(loss, Loss) and callable(loss) and loss in _FUNCTION_CLASSES:
        return {"module": "keras.losses", "class_name": "function", "config": loss.__name__,
                "registered_name": None}
    return _TABLE.serialize(loss)


def deserialize(config, custom_objects=None):
    """Rebuilds a loss from `serialize`'s dict, or from a name."""
    if config is None:
        return None
    if isinstance(config, str):
        if custom_objects and config in custom_objects:
            return get(custom_objects[config])
        return _from_name(config)
    if isinstance(config, dict) and config.get("class_name") == "function":
        return get(config.get("config"))
    if isinstance(config, dict) and config.get("class_name") == "LossFunctionWrapper":
        inner = dict(config.get("config") or {})
        fn = inner.pop("fn")
        fn = custom_objects[fn] if custom_objects and fn in custom_objects else get_function(fn)
        return LossFunctionWrapper(fn, **inner)
    return _TABLE.deserialize(config, custom_objects)


def binary_or_sparse(y_true_shape, y_pred_shape):
    """Keras's shape rule behind "accuracy" and "crossentropy": (is_binary, is_sparse_categorical)."""
    p_shape = tuple(y_pred_shape)
    t_shape = p_shape if y_true_shape is None else tuple(y_true_shape)
    p_last = p_shape[-1] if p_shape else 1
    t_last = t_shape[-1] if t_shape else 1
    is_binary = p_last == 1
    is_sparse = len(t_shape) < len(p_shape) or (t_last == 1 and p_last is not None and p_last > 1)
    return is_binary, is_sparse


def resolve_loss(identifier, y_true_shape, y_pred_shape):
    """The compiled loss for `identifier`, as Keras's `compile` resolves it.

    "crossentropy"/"ce" (any case) pick binary, sparse or categorical cross-entropy
    from the shapes (as "accuracy" does) and are named by the string as given;
    anything else goes through `get`.

    Example:
    >>> resolve_loss("ce", (None,), (None, 10)).__class__.__name__
    'SparseCategoricalCrossentropy'
    """
    if isinstance(identifier, str) and identifier.lower() in ("crossentropy", "ce"):
        is_binary, is_sparse = binary_or_sparse(y_true_shape, y_pred_shape)
        cls = (BinaryCrossentropy if is_binary else
               SparseCategoricalCrossentropy if is_sparse else CategoricalCrossentropy)
        return cls(name=identifier)
    return get(identifier)


__all__ = [
    "Loss", "LossFunctionWrapper", "reduce_weighted_values", "standardize_reduction",
    "MeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError", "MeanSquaredLogarithmicError",
    "Huber", "LogCosh", "CosineSimilarity", "Hinge", "SquaredHinge", "CategoricalHinge",
    "KLDivergence", "Poisson", "BinaryCrossentropy", "CategoricalCrossentropy",
    "SparseCategoricalCrossentropy",
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh", "logcosh", "cosine_similarity", "hinge",
    "squared_hinge", "categorical_hinge", "kl_divergence", "kld", "kullback_leibler_divergence", "poisson",
    "binary_crossentropy", "categorical_crossentropy", "sparse_categorical_crossentropy",
    "mse", "mae", "mape", "msle",
    "get", "get_function", "serialize", "deserialize", "resolve_loss", "binary_or_sparse",
    "validate_targets", "check_labels",
]
