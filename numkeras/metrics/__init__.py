"""`numkeras.metrics`: Keras's metrics, running over the batches of an epoch.

>>> from numkeras import metrics
>>> m = metrics.get("binary_accuracy"); m.update_state([[1], [0]], [[0.7], [0.6]]); float(m.result())
0.5
>>> metrics.resolve_metric("acc", (None,), (None, 10)).__class__.__name__
'SparseCategoricalAccuracy'

Trainer-facing: `resolve_metric(identifier, y_true_shape, y_pred_shape, loss=None)`
applies compile's rules ("accuracy"/"acc" and "crossentropy"/"ce" chosen by shapes;
a string names its metric as given).
"""
import inspect
import warnings

from numkeras import losses as _losses
from numkeras.initializers.lookup import ObjectTable
from numkeras.losses import (
    binary_crossentropy,
    categorical_crossentropy,
    categorical_hinge,
    hinge,
    kl_divergence,
    log_cosh,
    mean_absolute_error,
    mean_absolute_percentage_error,
    mean_squared_error,
    mean_squared_logarithmic_error,
    poisson,
    sparse_categorical_crossentropy,
    squared_hinge,
)
from numkeras.metrics.accuracy import (
    Accuracy,
    BinaryAccuracy,
    CategoricalAccuracy,
    SparseCategoricalAccuracy,
    SparseTopKCategoricalAccuracy,
    TopKCategoricalAccuracy,
    accuracy,
    binary_accuracy,
    categorical_accuracy,
    sparse_categorical_accuracy,
    sparse_top_k_categorical_accuracy,
    top_k_categorical_accuracy,
)
from numkeras.metrics.auc import AUC
from numkeras.metrics.confusion import (
    FalseNegatives,
    FalsePositives,
    Precision,
    Recall,
    TrueNegatives,
    TruePositives,
)
from numkeras.metrics.metric import Metric
from numkeras.metrics.probabilistic import (
    BinaryCrossentropy,
    CategoricalCrossentropy,
    CategoricalHinge,
    Hinge,
    KLDivergence,
    Poisson,
    SparseCategoricalCrossentropy,
    SquaredHinge,
)
from numkeras.metrics.reduction import Mean, MeanMetricWrapper, Sum
from numkeras.metrics.regression import (
    CosineSimilarity,
    LogCoshError,
    MeanAbsoluteError,
    MeanAbsolutePercentageError,
    MeanSquaredError,
    MeanSquaredLogarithmicError,
    RootMeanSquaredError,
    cosine_similarity,
)

_CLASSES = [
    Mean, Sum, MeanMetricWrapper,
    MeanSquaredError, RootMeanSquaredError, MeanAbsoluteError, MeanAbsolutePercentageError,
    MeanSquaredLogarithmicError, CosineSimilarity, LogCoshError,
    AUC, FalseNegatives, FalsePositives, Precision, Recall, TrueNegatives, TruePositives,
    Hinge, SquaredHinge, CategoricalHinge,
    KLDivergence, Poisson, BinaryCrossentropy, CategoricalCrossentropy, SparseCategoricalCrossentropy,
    Accuracy, BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy,
    TopKCategoricalAccuracy, SparseTopKCategoricalAccuracy,
]
_ALIASES = {"mse": MeanSquaredError, "MSE": MeanSquaredError, "mae": MeanAbsoluteError,
            "MAE": MeanAbsoluteError, "mape": MeanAbsolutePercentageError,
            "MAPE": MeanAbsolutePercentageError, "msle": MeanSquaredLogarithmicError,
            "MSLE": MeanSquaredLogarithmicError, "bce": BinaryCrossentropy, "BCE": BinaryCrossentropy,
            "logcosh": LogCoshError, "kld": KLDivergence, "KLD": KLDivergence}
_TABLE = ObjectTable("metric", "keras.metrics", _CLASSES, aliases=_ALIASES)
_LOWER = {}
for _name in _TABLE.names:
    _LOWER.setdefault(_name.lower(), _name)

_FUNCTIONS = {fn.__name__: fn for fn in (
    accuracy, binary_accuracy, categorical_accuracy, sparse_categorical_accuracy,
    top_k_categorical_accuracy, sparse_top_k_categorical_accuracy, cosine_similarity,
    mean_squared_error, mean_absolute_error, mean_absolute_percentage_error,
    mean_squared_logarithmic_error, log_cosh, hinge, squared_hinge, categorical_hinge,
    kl_divergence, poisson, binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy)}


def get_function(name):
    """The built-in metric or loss function called `name` (for MeanMetricWrapper configs)."""
    if name in _FUNCTIONS:
        return _FUNCTIONS[name]
    return _losses.get_function(name)


def get(identifier):
    """Returns a `Metric` for `identifier`: a name, config dict, class, instance or function.

    Names are Keras's class names and their snake_case ("AUC", "auc", "binary_accuracy",
    "mean_squared_error") plus "mse", "mae", "mape", "msle", "bce", "logcosh", "kld";
    matched exactly, then case-insensitively. The metric keeps its default name
    (`resolve_metric` renames it the way compile does). A plain function
    `f(y_true, y_pred)` becomes a `MeanMetricWrapper` named after it.

    Raises:
        ValueError: for an unknown name, suggesting the closest known one.
    Example:
    >>> get("mae").name, type(get("AUC")).__name__
    ('mean_absolute_error', 'AUC')
    """
    if identifier is None or isinstance(identifier, Metric):
        return identifier
    if isinstance(identifier, str):
        key = identifier if identifier in _TABLE.names else _LOWER.get(identifier.lower())
        if key is None or _TABLE.names[key] is MeanMetricWrapper:
            raise _TABLE.unknown(identifier)
        return _TABLE.names[key]()
    if isinstance(identifier, dict):
        return deserialize(identifier)
    if inspect.isclass(identifier):
        return identifier()
    if isinstance(identifier, _losses.Loss):
        return MeanMetricWrapper(identifier, name=identifier.name)
    if callable(identifier):
        return MeanMetricWrapper(identifier, name=getattr(identifier, "__name__", None))
    raise ValueError(f"Could not interpret metric identifier: {identifier!r}")


def serialize(metric):
    """Keras's `{"module", "class_name", "config", "registered_name"}` dict for a metric."""
    return _TABLE.serialize(metric)


def deserialize(config, custom_objects=None):
    """Rebuilds a metric from `serialize`'s dict (or a name)."""
    if isinstance(config, str) and not (custom_objects and config in custom_objects):
        return get(config)
    return _TABLE.deserialize(config, custom_objects)


def resolve_metric(identifier, y_true_shape, y_pred_shape, loss=None):
    """The metric `compile(metrics=[identifier])` trains with, named as Keras names it.

    * "accuracy"/"acc" (any case): BinaryAccuracy if the output's last axis is 1,
      SparseCategoricalAccuracy if y_true has a lower rank than y_pred or a last
      axis of 1 against a wider output, else CategoricalAccuracy;
    * "crossentropy"/"ce": the matching cross-entropy (from_logits taken from `loss`);
    * any other string: looked up with `get`;
    a string names the metric as given ("acc" logs as acc/val_acc). A Metric keeps
    its name; a class is instantiated; a function `f(y_true, y_pred)` or a Loss is
    averaged by a MeanMetricWrapper named after it.

    Args:
        identifier: a string, Metric, class, function or Loss.
        y_true_shape, y_pred_shape: shapes of the labels and of the model's output
            (None for an unknown batch size).
        loss: the compiled Loss, used for from_logits.

    Example:
    >>> m = resolve_metric("accuracy", (None, 1), (None, 1)); type(m).__name__, m.name
    ('BinaryAccuracy', 'accuracy')
    """
    if identifier is None:
        raise ValueError("Expected a metric, received None.")
    if not isinstance(identifier, str):
        return get(identifier)
    from_logits = bool(getattr(loss, "from_logits", False))
    key = identifier.lower()
    if key in ("accuracy", "acc", "crossentropy", "ce"):
        is_binary, is_sparse = _losses.binary_or_sparse(y_true_shape, y_pred_shape)
        if key in ("accuracy", "acc"):
            if is_binary and from_logits:
                warnings.warn(f"Metric '{identifier}' is BinaryAccuracy with threshold 0.5, but the loss "
                              "has from_logits=True: 0.5 is applied to logits. Use "
                              "keras.metrics.BinaryAccuracy(threshold=0.0) to threshold at p = 0.5.",
                              UserWarning, stacklevel=2)
            cls = (BinaryAccuracy if is_binary else SparseCategoricalAccuracy if is_sparse
                   else CategoricalAccuracy)
            return cls(name=identifier)
        cls = (BinaryCrossentropy if is_binary else SparseCategoricalCrossentropy if is_sparse
               else CategoricalCrossentropy)
        return cls(name=identifier, from_logits=from_logits)
    metric = get(identifier)
    metric.name = identifier
    return metric


__all__ = [
    "Metric", "Mean", "Sum", "MeanMetricWrapper",
    "Accuracy", "BinaryAccuracy", "CategoricalAccuracy", "SparseCategoricalAccuracy",
    "TopKCategoricalAccuracy", "SparseTopKCategoricalAccuracy",
    "MeanSquaredError", "RootMeanSquaredError", "MeanAbsoluteError", "MeanAbsolutePercentageError",
    "MeanSquaredLogarithmicError", "CosineSimilarity", "LogCoshError",
    "AUC", "Precision", "Recall", "TruePositives", "FalsePositives", "TrueNegatives", "FalseNegatives",
    "BinaryCrossentropy", "CategoricalCrossentropy", "SparseCategoricalCrossentropy",
    "KLDivergence", "Poisson", "Hinge", "SquaredHinge", "CategoricalHinge",
    "accuracy", "binary_accuracy", "categorical_accuracy", "sparse_categorical_accuracy",
    "top_k_categorical_accuracy", "sparse_top_k_categorical_accuracy",
    "get", "get_function", "serialize", "deserialize", "resolve_metric",
]
