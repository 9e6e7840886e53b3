"""`resolve_metric` (compile's rules) and `metrics.get`."""
import re
import warnings

import pytest

from numkeras import losses, metrics, ops

# (identifier, y_true shape, y_pred shape, expected class) — Keras's compile_utils.get_metric
ACCURACY_TABLE = [
    ("accuracy", (None, 1), (None, 1), metrics.BinaryAccuracy),
    ("accuracy", (None,), (None, 1), metrics.BinaryAccuracy),
    ("acc", (None,), (None, 10), metrics.SparseCategoricalAccuracy),
    ("Accuracy", (None, 1), (None, 10), metrics.SparseCategoricalAccuracy),
    ("ACC", (None, 10), (None, 10), metrics.CategoricalAccuracy),
    ("accuracy", (None, 5, 3), (None, 5, 3), metrics.CategoricalAccuracy),
    ("accuracy", (None, 5), (None, 5, 3), metrics.SparseCategoricalAccuracy),
    ("accuracy", (None, 4), (None, 4), metrics.CategoricalAccuracy),   # multi-label 0/1 with 4 outputs
]


@pytest.mark.parametrize("name, t_shape, p_shape, cls", ACCURACY_TABLE)
def test_accuracy_is_chosen_by_shapes_and_named_as_given(name, t_shape, p_shape, cls):
    metric = metrics.resolve_metric(name, t_shape, p_shape)
    assert type(metric) is cls and metric.name == name


@pytest.mark.parametrize("name, t_shape, p_shape, cls", [
    ("crossentropy", (None, 1), (None, 1), metrics.BinaryCrossentropy),
    ("ce", (None,), (None, 3), metrics.SparseCategoricalCrossentropy),
    ("CE", (None, 3), (None, 3), metrics.CategoricalCrossentropy),
])
def test_crossentropy_is_chosen_by_shapes(name, t_shape, p_shape, cls):
    metric = metrics.resolve_metric(name, t_shape, p_shape)
    assert type(metric) is cls and metric.name == name and metric.from_logits is False


def test_crossentropy_takes_from_logits_from_the_loss():
    metric = metrics.resolve_metric("ce", (None,), (None, 3),
                                    loss=losses.SparseCategoricalCrossentropy(from_logits=True))
    assert metric.from_logits is True


@pytest.mark.parametrize("name, cls", [
    ("mae", metrics.MeanAbsoluteError), ("mean_absolute_error", metrics.MeanAbsoluteError),
    ("mse", metrics.MeanSquaredError), ("MSE", metrics.MeanSquaredError), ("AUC", metrics.AUC),
    ("auc", metrics.AUC), ("categorical_accuracy", metrics.CategoricalAccuracy),
    ("binary_accuracy", metrics.BinaryAccuracy), ("precision", metrics.Precision), ("Recall", metrics.Recall),
    ("root_mean_squared_error", metrics.RootMeanSquaredError), ("logcosh", metrics.LogCoshError),
    ("top_k_categorical_accuracy", metrics.TopKCategoricalAccuracy),
    ("sparse_categorical_crossentropy", metrics.SparseCategoricalCrossentropy),
    ("bce", metrics.BinaryCrossentropy), ("kld", metrics.KLDivergence),
])
def test_other_strings_are_looked_up_and_named_as_given(name, cls):
    metric = metrics.resolve_metric(name, (None, 1), (None, 1))
    assert type(metric) is cls and metric.name == name


def test_objects_classes_and_functions():
    auc = metrics.AUC(name="my_auc")
    assert metrics.resolve_metric(auc, (None, 1), (None, 1)) is auc and auc.name == "my_auc"
    assert metrics.resolve_metric(metrics.CategoricalAccuracy, None, (None, 3)).name == "categorical_accuracy"
    assert metrics.resolve_metric(metrics.MeanAbsoluteError(), None, (None, 1)).name == "mean_absolute_error"

    def mean_pred(y_true, y_pred):
        return ops.mean(y_pred, axis=-1)

    wrapped = metrics.resolve_metric(mean_pred, (None, 1), (None, 1))
    assert isinstance(wrapped, metrics.MeanMetricWrapper) and wrapped.name == "mean_pred"
    assert float(wrapped([[0.0]], [[3.0]])) == 3.0
    builtin = metrics.resolve_metric(metrics.binary_accuracy, (None, 1), (None, 1))
    assert builtin.name == "binary_accuracy" and float(builtin([[1]], [[0.7]])) == 1.0
    loss_metric = metrics.resolve_metric(losses.Huber(), (None, 1), (None, 1))
    assert loss_metric.name == "huber_loss"


def test_binary_accuracy_on_logits_warns_once_at_compile_time():
    with pytest.warns(UserWarning, match="0.5 is applied to logits"):
        metrics.resolve_metric("accuracy", (None, 1), (None, 1),
                               loss=losses.BinaryCrossentropy(from_logits=True))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        metrics.resolve_metric("accuracy", (None, 1), (None, 1), loss=losses.BinaryCrossentropy())


def test_unknown_metric_name_suggests_the_closest():
    with pytest.raises(ValueError, match=re.escape("Unknown metric: 'acuracy'. Did you mean 'accuracy'?")):
        metrics.resolve_metric("acuracy", (None, 1), (None, 1))
    with pytest.raises(ValueError, match="Expected a metric, received None"):
        metrics.resolve_metric(None, (None, 1), (None, 1))


def test_get():
    assert type(metrics.get("Accuracy")) is metrics.Accuracy   # exact equality accuracy, as Keras
    assert metrics.get("mae").name == "mean_absolute_error"     # get keeps the default name
    assert metrics.get(None) is None
    config = {"class_name": "BinaryAccuracy", "config": {"threshold": 0.2}}
    assert metrics.get(config).threshold == 0.2
    with pytest.raises(ValueError, match="Unknown metric: 'mean_metric_wrapper'"):
        metrics.get("mean_metric_wrapper")   # needs a function: not constructible from a name
