"""Metric state over several updates, reset, variables, configs, custom metrics, no gradients."""
import json
import pickle

import numpy as np
import pytest

from numkeras import losses, metrics, ops
from numkeras.backend import GradientTape, Tensor
from numkeras.backend.tensor import STATE

RNG = np.random.default_rng(2)


def test_mean_over_updates_weighted_by_sample_count():
    m = metrics.Mean()
    m.update_state([1.0, 2.0, 3.0])      # 3 samples
    m.update_state([10.0])               # 1 sample
    assert float(m.result()) == pytest.approx(16 / 4)
    assert [v.name for v in m.variables] == ["total", "count"]
    assert [float(v.numpy()) for v in m.variables] == [16.0, 4.0]
    m.reset_state()
    assert float(m.result()) == 0.0 and [float(v.numpy()) for v in m.variables] == [0.0, 0.0]


def test_mean_of_a_scalar_counts_one():
    m = metrics.Mean()
    m.update_state(2.0)
    m.update_state(Tensor(np.float32(4.0)))
    assert float(m.result()) == 3.0


def test_call_is_update_then_result():
    m = metrics.BinaryAccuracy()
    assert float(m([[1], [0]], [[0.9], [0.9]])) == 0.5
    assert float(m([[1], [1]], [[0.9], [0.9]])) == 0.75   # running over both calls


def test_binary_accuracy_threshold_is_strict():
    m = metrics.BinaryAccuracy(threshold=0.5)
    m.update_state([[1], [0]], [[0.5], [0.5]])   # 0.5 is not above 0.5: predicted 0
    assert float(m.result()) == 0.5


def test_accuracy_running_mean_with_sample_weights():
    m = metrics.SparseCategoricalAccuracy()
    probs = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]], np.float32)
    m.update_state([0, 1, 1], probs, sample_weight=[1.0, 2.0, 3.0])   # right, right, wrong
    m.update_state([1], np.array([[0.3, 0.7]], np.float32))           # right, weight 1
    assert float(m.result()) == pytest.approx((1 + 2 + 1) / (1 + 2 + 3 + 1))


def test_result_is_a_0d_float32_tensor():
    m = metrics.MeanAbsoluteError()
    m.update_state([[1.0, 2.0]], [[1.5, 2.5]])
    result = m.result()
    assert isinstance(result, Tensor) and result.shape == () and result.dtype == np.float32
    assert float(result) == 0.5 and result.numpy() == np.float32(0.5)


def test_metrics_accept_tensors_and_never_record_gradients():
    z = Tensor(RNG.normal(size=(4, 3)).astype(np.float32))
    z.requires_grad = True
    labels = np.array([0, 2, 1, 2])
    with GradientTape():
        y_pred = ops.softmax(z)
        loss = losses.SparseCategoricalCrossentropy()(labels, y_pred)
        metric = metrics.SparseCategoricalCrossentropy()
        result = metric(labels, y_pred)
        accuracy = metrics.SparseCategoricalAccuracy()(labels, y_pred)
        assert STATE.recording   # the metric switched recording back on
    assert result.node is None and accuracy.node is None
    # The metric finds the logits behind the softmax as the loss does: the two agree exactly.
    assert float(result) == float(loss)


def test_mean_metric_wrapper_of_a_custom_function():
    def squared_error(y_true, y_pred):
        return ops.square(y_true - y_pred)          # per element: averaged per sample by the metric

    m = metrics.MeanMetricWrapper(squared_error)
    assert m.name == "squared_error"
    m.update_state(np.array([[0.0, 0.0]]), np.array([[1.0, 3.0]]))
    m.update_state(np.array([[0.0, 0.0]]), np.array([[1.0, 1.0]]))
    assert float(m.result()) == pytest.approx((5 + 1) / 2)


def test_mean_metric_wrapper_of_a_loss_object_averages_batch_means():
    m = metrics.get(losses.MeanSquaredError(name="mse_loss"))
    assert isinstance(m, metrics.MeanMetricWrapper) and m.name == "mse_loss"
    m.update_state([[0.0], [0.0]], [[1.0], [3.0]])   # batch loss 5
    m.update_state([[0.0]], [[1.0]])                 # batch loss 1
    assert float(m.result()) == 3.0                  # mean of batch values, as Keras


class CountPositives(metrics.Metric):
    def __init__(self, name="positives", dtype=None):
        super().__init__(name=name, dtype=dtype)
        self.count = self.add_variable(shape=(), initializer="zeros", name="count")

    def update_state(self, y_true, y_pred, sample_weight=None):
        self.count.assign_add(np.sum(np.asarray(y_pred) > 0))

    def result(self):
        return self.count


def test_custom_metric_with_variables():
    m = CountPositives()
    m.update_state(None, [1.0, -1.0, 2.0])
    m.update_state(None, [3.0])
    assert float(m.result()) == 3.0 and m.variables == [m.count] and not m.count.trainable
    m.reset_state()
    assert float(m.result()) == 0.0


def test_custom_metric_forgetting_super_init_gets_a_clear_error():
    class Broken(metrics.Metric):
        def __init__(self):
            self.total = self.add_variable(shape=(), initializer="zeros")

    with pytest.raises(RuntimeError, match="forgot to call `super\\(\\).__init__\\(\\)`"):
        Broken()


def test_precision_with_several_thresholds_returns_one_value_each():
    m = metrics.Precision(thresholds=[0.3, 0.7])
    m.update_state([0, 1, 1, 0], [0.5, 0.8, 0.4, 0.9])
    np.testing.assert_allclose(m.result().numpy(), [2 / 4, 1 / 2])
    assert m.result().shape == (2,)


def test_precision_without_predicted_positives_is_zero_not_nan():
    m = metrics.Precision()
    m.update_state([1, 1], [0.1, 0.2])
    assert float(m.result()) == 0.0


def test_auc_reset_and_multi_label_build():
    m = metrics.AUC(multi_label=True)
    m.update_state(np.array([[0, 1], [1, 0], [1, 1]]), np.array([[0.2, 0.9], [0.8, 0.3], [0.7, 0.6]]))
    assert float(m.result()) == 1.0
    assert m.variables[0].shape == (200, 2)
    m.reset_state()
    assert float(m.result()) == 0.0


def test_auc_argument_errors():
    with pytest.raises(ValueError, match='Invalid AUC curve value: "XY"'):
        metrics.AUC(curve="XY")
    with pytest.raises(ValueError, match="num_thresholds` must be an integer > 1"):
        metrics.AUC(num_thresholds=1)
    with pytest.raises(ValueError, match="Threshold values must be in \\[0, 1\\]"):
        metrics.Precision(thresholds=[0.5, 1.5])


ALL_METRICS = [
    metrics.Mean(name="m"), metrics.Sum(), metrics.Accuracy(), metrics.BinaryAccuracy(threshold=0.3),
    metrics.CategoricalAccuracy(), metrics.SparseCategoricalAccuracy(), metrics.TopKCategoricalAccuracy(k=2),
    metrics.SparseTopKCategoricalAccuracy(k=3), metrics.MeanSquaredError(), metrics.RootMeanSquaredError(),
    metrics.MeanAbsoluteError(), metrics.MeanAbsolutePercentageError(), metrics.MeanSquaredLogarithmicError(),
    metrics.CosineSimilarity(axis=0), metrics.LogCoshError(),
    metrics.Precision(thresholds=[0.2, 0.6], class_id=1), metrics.Recall(top_k=2),
    metrics.TruePositives(thresholds=0.3), metrics.FalsePositives(), metrics.TrueNegatives(),
    metrics.FalseNegatives(), metrics.AUC(num_thresholds=20, curve="PR", summation_method="minoring"),
    metrics.AUC(thresholds=[0.2, 0.5], from_logits=True),
    metrics.BinaryCrossentropy(from_logits=True, label_smoothing=0.1),
    metrics.CategoricalCrossentropy(label_smoothing=0.2),
    metrics.SparseCategoricalCrossentropy(ignore_class=1), metrics.KLDivergence(), metrics.Poisson(),
    metrics.Hinge(), metrics.SquaredHinge(), metrics.CategoricalHinge(),
    metrics.MeanMetricWrapper(losses.huber, name="hub", delta=0.5),
]


@pytest.mark.parametrize("metric", ALL_METRICS, ids=lambda m: type(m).__name__)
def test_config_round_trip(metric):
    config = metric.get_config()
    clone = type(metric).from_config(json.loads(json.dumps(config)))
    assert clone.get_config() == config and clone.name == metric.name


@pytest.mark.parametrize("metric", ALL_METRICS, ids=lambda m: type(m).__name__)
def test_serialize_deserialize_round_trip(metric):
    data = metrics.serialize(metric)
    assert data["class_name"] == type(metric).__name__ and data["module"] == "keras.metrics"
    clone = metrics.deserialize(json.loads(json.dumps(data)))
    assert type(clone) is type(metric) and clone.get_config() == metric.get_config()


def test_keras_config_keys():
    # From keras.metrics.<cls>().get_config() in Keras 3.15.
    assert metrics.Mean().get_config() == {"name": "mean", "dtype": "float32"}
    assert metrics.BinaryAccuracy().get_config() == {"name": "binary_accuracy", "dtype": "float32",
                                                     "threshold": 0.5}
    assert metrics.Precision().get_config() == {"name": "precision", "dtype": "float32", "thresholds": None,
                                                "top_k": None, "class_id": None}
    assert metrics.AUC().get_config() == {
        "name": "auc", "dtype": "float32", "num_thresholds": 200, "curve": "ROC",
        "summation_method": "interpolation", "multi_label": False, "num_labels": None,
        "label_weights": None, "from_logits": False}


@pytest.mark.parametrize("fn, args, expected", [
    (metrics.binary_accuracy, ([[1], [0]], [[0.6], [0.6]]), [[1.0], [0.0]]),
    (metrics.categorical_accuracy, ([[0, 1], [1, 0]], [[0.3, 0.7], [0.2, 0.8]]), [1.0, 0.0]),
    (metrics.sparse_categorical_accuracy, ([[1], [0]], [[0.3, 0.7], [0.2, 0.8]]), [1.0, 0.0]),
    (metrics.top_k_categorical_accuracy, ([[0, 0, 1], [0, 1, 0]], [[0.5, 0.3, 0.2]] * 2), [0.0, 1.0]),
    (metrics.sparse_top_k_categorical_accuracy, ([2, 1], [[0.5, 0.3, 0.2]] * 2), [0.0, 1.0]),
])
def test_function_forms(fn, args, expected):
    out = fn(*args, k=2) if "top_k" in fn.__name__ else fn(*args)
    assert out.dtype == np.float32
    np.testing.assert_array_equal(out.numpy(), expected)


def test_top_k_counts_ties_in():
    # label 2 ties with class 1 for second place: rank 2 <= k, as Keras's in_top_k
    assert float(metrics.sparse_top_k_categorical_accuracy([2], [[0.5, 0.25, 0.25]], k=2)[0]) == 1.0


def test_mean_of_batch_losses_weighted_by_batch_size():
    # how a trainer tracks the epoch loss: Keras's loss_tracker.update_state(loss, sample_weight=batch_size)
    m = metrics.Mean(name="loss")
    m.update_state(Tensor(np.float32(1.0)), sample_weight=32)
    m.update_state(Tensor(np.float32(4.0)), sample_weight=8)
    m.update_state(np.float32(2.0), sample_weight=np.float32(10.0))
    assert float(m.result()) == pytest.approx((32 + 32 + 20) / 50)


@pytest.mark.parametrize("metric", ALL_METRICS, ids=lambda m: type(m).__name__)
def test_pickle_keeps_config_and_state(metric):
    metric.reset_state()
    y_true = np.array([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0, 1, 0]], np.float32)
    y_pred = np.array([[0.2, 0.7, 0.1], [0.5, 0.3, 0.2], [0.3, 0.3, 0.4], [0.6, 0.3, 0.1]], np.float32)
    args = (y_true[:, 1],) if type(metric) in (metrics.Mean, metrics.Sum) else (y_true, y_pred)
    if isinstance(metric, (metrics.SparseCategoricalAccuracy, metrics.SparseTopKCategoricalAccuracy,
                           metrics.SparseCategoricalCrossentropy)):
        args = (y_true.argmax(-1), y_pred)
    metric.update_state(*args)
    clone = pickle.loads(pickle.dumps(metric))
    assert clone.get_config() == metric.get_config()
    np.testing.assert_array_equal(clone.result().numpy(), metric.result().numpy())
    clone.update_state(*args)
    metric.update_state(*args)
    np.testing.assert_array_equal(clone.result().numpy(), metric.result().numpy())
