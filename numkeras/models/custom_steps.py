"""Keras 3's customisation hooks: what a `Model` subclass overrides or calls in its own steps.

`fit`, `evaluate` and `predict` call `train_step(data)`, `test_step(data)` and
`predict_step(data)` when a subclass overrides them (the built-in steps run
otherwise, on the fast path). Inside a custom step, `compute_loss`,
`compute_metrics`, `get_metrics_result`, `self.metrics` (the loss tracker, the
compiled metrics and any `Metric` attribute such as `self.loss_tracker`),
`self.optimizer.apply(...)`/`apply_gradients(...)` work as in Keras; Keras 2's
`self.compiled_loss` and `self.compiled_metrics` are kept for tf.keras code.
"""
import numpy as np

from numkeras.backend.tensor import Tensor
from numkeras.models.data import pack_x_y_sample_weight, unpack_x_y_sample_weight


def values_of(structure):
    """Tensors in a (nested) structure replaced by their NumPy values."""
    if isinstance(structure, Tensor):
        return structure.value
    if isinstance(structure, (list, tuple)):
        return [values_of(v) for v in structure]
    if isinstance(structure, dict):
        return {k: values_of(v) for k, v in structure.items()}
    return structure


class LossTracker:
    """The model's running loss: `Mean(name="loss")` to custom steps, a plain sum to `fit`.

    The built-in step adds `loss * batch_size` to `total` and `batch_size` to `count`
    directly (no Tensor work per step); `update_state(loss)` weighs each call by 1 (or
    `sample_weight`), as Keras's Mean does.
    """

    __slots__ = ("total", "count", "per_output")
    name = "loss"

    def __init__(self):
        self.reset_state()

    def update_state(self, values, sample_weight=None):
        values = np.asarray(values.value if isinstance(values, Tensor) else values, dtype=np.float64)
        weight = 1.0 if sample_weight is None else float(np.asarray(values_of(sample_weight)))
        if values.ndim:
            self.total += float(values.sum()) * weight
            self.count += values.size * weight
        else:
            self.total += float(values) * weight
            self.count += weight

    def result(self):
        return Tensor(np.float32(self.total / self.count if self.count else 0.0))

    def reset_state(self):
        self.total = 0.0
        self.count = 0
        self.per_output = None


class CompileMetricsView:
    """`compile(metrics=...)`'s metrics as the one entry of `model.metrics` Keras 3 has for them
    (`name == "compile_metrics"`, a dict as `result()`), and as Keras 2's `compiled_metrics`."""

    name = "compile_metrics"

    def __init__(self, model):
        self.model = model

    def update_state(self, y_true, y_pred, sample_weight=None):
        model = self.model
        if model._compile_metrics is None or y_true is None:
            return
        if not model._compile_metrics.built:
            model._prepare_compiled(values_of(y_true), y_pred)
        model._compile_metrics.update_state(values_of(y_true), values_of(y_pred), values_of(sample_weight))

    def result(self):
        compiled = self.model._compile_metrics
        return compiled.results() if compiled is not None and compiled.built else {}

    def reset_state(self):
        if self.model._compile_metrics is not None:
            self.model._compile_metrics.reset_state()

    def __repr__(self):
        return "<CompileMetrics name=compile_metrics>"


class CompiledLoss:
    """Keras 2's `self.compiled_loss(y, y_pred, sample_weight, regularization_losses)`: the
    compiled loss plus the given penalties; it also updates the loss tracker, as Keras 2 did."""

    def __init__(self, model):
        self.model = model

    def __call__(self, y_true, y_pred, sample_weight=None, regularization_losses=None):
        model = self.model
        loss = model._compiled_loss_only(y_true, y_pred, sample_weight)
        for term in regularization_losses or ():
            loss = term if loss is None else loss + term
        if loss is None:
            loss = Tensor(np.float32(0.0))
        model._loss_tracker.update_state(loss, sample_weight=_batch_size(y_pred))
        return loss

    @property
    def metrics(self):
        return [self.model._loss_tracker]


def _batch_size(y_pred):
    while isinstance(y_pred, (list, tuple)):
        y_pred = y_pred[0]
    if isinstance(y_pred, dict):
        y_pred = next(iter(y_pred.values()))
    shape = np.shape(values_of(y_pred))
    return shape[0] if shape else 1


def flatten_logs(logs):
    """A step's returned logs as `{name: float}`: nested dicts (the compiled metrics) merged,
    tensors and arrays made Python numbers, as Keras does before callbacks see them."""
    flat = {}
    for key, value in (logs or {}).items():
        if isinstance(value, dict):
            flat.update(flatten_logs(value))
            continue
        value = values_of(value)
        array = np.asarray(value)
        flat[key] = float(array) if array.size == 1 else array
    return flat


class CustomSteps:
    """The customisation API of `Trainer` (a mixin; the trainer keeps the built-in steps)."""

    # --- metrics -------------------------------------------------------------------------------
    @property
    def metrics(self):
        """The loss tracker and the compiled metrics (once compiled), then `Metric` attributes."""
        from numkeras.metrics.metric import Metric

        found = []
        if getattr(self, "compiled", False):
            found += [self._loss_tracker, CompileMetricsView(self)]
        found += [value for value in vars(self).values() if isinstance(value, Metric)]
        return found

    def reset_metrics(self):
        """Resets the loss tracker, the compiled metrics and every metric in `self.metrics`."""
        self._reset_trackers()
        metrics = _metrics_or_empty(self)
        for metric in metrics:
            if metric is not self._loss_tracker and not isinstance(metric, CompileMetricsView):
                metric.reset_state()

    def _epoch_metric_reset(self):
        """What fit calls as each epoch starts: `reset_metrics` when the model has metrics of its
        own (an overridden `metrics`/`reset_metrics`, or `Metric` attributes), else only the
        built-in trackers, which is the same work without scanning the attributes every epoch
        (a cost the 10,000-epoch XOR lab notices)."""
        from numkeras.metrics.metric import Metric

        cls = type(self)
        own = (cls.metrics is not CustomSteps.metrics or cls.reset_metrics is not CustomSteps.reset_metrics
               or any(isinstance(value, Metric) for value in vars(self).values()))
        return self.reset_metrics if own else self._reset_trackers

    def get_metrics_result(self):
        """`{name: value}` of `self.metrics`, the compiled metrics' dict merged in."""
        results = {}
        for metric in self.metrics:
            value = metric.result()
            if isinstance(value, dict):
                results.update(value)
            else:
                results[metric.name] = value
        return results

    @property
    def compiled_metrics(self):
        return CompileMetricsView(self)

    @property
    def compiled_loss(self):
        return CompiledLoss(self)

    # --- loss and metrics inside a step ---------------------------------------------------------
    def _compiled_loss_only(self, y, y_pred, sample_weight):
        if self._compile_loss is None or y is None:
            return None
        y = values_of(y)
        if self._compile_loss.losses is None or not self._compile_metrics.built:
            self._prepare_compiled(y, y_pred)
        if not self._compile_loss.has_loss:
            return None
        return self._compile_loss(y, y_pred, values_of(sample_weight))

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        """The compiled loss of `(y, y_pred)` plus the `add_loss` terms and weight penalties of the
        last call: the loss a custom `train_step` differentiates.

        Example:
        >>> with GradientTape() as tape:                     # inside train_step(self, data)
        ...     y_pred = self(x, training=True)
        ...     loss = self.compute_loss(y=y, y_pred=y_pred)  # doctest: +SKIP
        """
        loss = self._compiled_loss_only(y, y_pred, sample_weight)
        for term in self.losses:
            loss = term if loss is None else loss + term
        return Tensor(np.float32(0.0)) if loss is None else loss

    def compute_metrics(self, x, y, y_pred, sample_weight=None):
        """Updates the compiled metrics with `(y, y_pred)`; returns `get_metrics_result()`."""
        CompileMetricsView(self).update_state(y, y_pred, sample_weight)
        return self.get_metrics_result()

    # --- the steps as Keras defines them ---------------------------------------------------------
    def train_step(self, data):
        """One training step on `data` (`(x,)`, `(x, y)` or `(x, y, sample_weight)`); returns the logs.

        Override it to customise what `fit` does per batch: unpack `data`, run the forward pass
        under a `GradientTape`, `compute_loss`, `self.optimizer.apply(grads, variables)`, update
        the metrics and return `{name: value}` (usually `{m.name: m.result() for m in self.metrics}`).
        """
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._train_batch(x, y, sample_weight)
        return self._logs()

    def test_step(self, data):
        """Forward, loss and metrics on one batch without training; returns the logs."""
        x, y, sample_weight = unpack_x_y_sample_weight(data)
        self._test_batch(x, y, sample_weight)
        return self._logs()

    def predict_step(self, data):
        """The model's outputs for one batch (`data` is `(x,)` or what the dataset yields)."""
        x, _, _ = unpack_x_y_sample_weight(data)
        return self._forward(x, False)

    def _custom(self, step_name):
        """True when a subclass overrides `train_step`/`test_step`/`predict_step`."""
        return getattr(type(self), step_name) is not getattr(CustomSteps, step_name)

    def _run_custom_step(self, step, x, y, sample_weight, from_arrays):
        """Calls a user's step with Keras's `data` and keeps its returned logs for callbacks."""
        data = pack_x_y_sample_weight(x, y, sample_weight)
        if not from_arrays and y is None and sample_weight is None:
            data = x  # a dataset or generator of inputs only: its elements as they are
        logs = step(data)
        self._step_logs = flatten_logs(logs) if isinstance(logs, dict) else {}
        return logs


def _metrics_or_empty(model):
    try:
        return list(model.metrics)
    except AttributeError:  # a `metrics` property reading attributes not set yet
        return []


__all__ = ["CustomSteps", "LossTracker", "flatten_logs"]
