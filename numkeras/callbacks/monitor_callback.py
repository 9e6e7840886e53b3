"""MonitorCallback: shared logic of callbacks that watch one logged quantity (best value, direction)."""
import math
import warnings

from numkeras.callbacks.callback import Callback

# Name endings whose direction is known, matched after dropping "val_": the
# Keras metric names (and aliases) that should grow, and those that should shrink.
_MAXIMIZED = (
    "accuracy", "acc", "auc", "precision", "recall", "specificity", "sensitivity",
    "f1_score", "fbeta_score", "iou", "r2_score", "similarity", "correlation",
    "true_positives", "true_negatives",
)
_MINIMIZED = (
    "loss", "error", "mae", "mse", "mape", "msle", "rmse", "crossentropy", "hinge",
    "divergence", "kld", "poisson", "logcosh", "log_cosh", "false_positives", "false_negatives",
)


def _ends_with_any(name, endings):
    return any(name == end or name.endswith("_" + end) for end in endings)


def direction_from_name(monitor):
    """Returns "min", "max" or None (unknown) for a logged quantity's name.

    Example:
    >>> direction_from_name("val_loss"), direction_from_name("val_accuracy"), direction_from_name("mae")
    ('min', 'max', 'min')
    >>> direction_from_name("my_score") is None
    True
    """
    name = monitor[4:] if monitor.startswith("val_") else monitor
    if _ends_with_any(name, _MINIMIZED):
        return "min"
    if _ends_with_any(name, _MAXIMIZED):
        return "max"
    return None


def _direction_from_model(model, monitor):
    """Direction declared by the model's metric of that name (`metric._direction` "up"/"down"), if any."""
    name = monitor[4:] if monitor.startswith("val_") else monitor
    pending = list(getattr(model, "metrics", None) or ())
    while pending:
        metric = pending.pop()
        inner = getattr(metric, "metrics", None)  # a container of compiled metrics
        if isinstance(inner, (list, tuple)):
            pending.extend(inner)
        if getattr(metric, "name", None) == name:
            declared = getattr(metric, "_direction", None)
            if declared in ("up", "down"):
                return "max" if declared == "up" else "min"
    return None


class MonitorCallback(Callback):
    """Base of callbacks that track the best value of one logged quantity.

    `mode="auto"` resolves the direction from the monitored name: names ending
    in `loss` (or an error/crossentropy metric name) are minimised; accuracy,
    AUC, precision, recall and similar are maximised; a metric of the model
    that declares a direction wins over the name. Anything else raises a
    ValueError asking for `mode="min"` or `mode="max"`.

    Args:
        monitor: name of the logged quantity, e.g. `"val_loss"`.
        mode: `"auto"`, `"min"` or `"max"`.
        baseline: initial best value; None starts from the first value seen.
        min_delta: smallest change that counts as an improvement.

    Example:
    >>> cb = MonitorCallback("val_accuracy", min_delta=0.01)
    >>> cb._is_improvement(0.90, 0.885), cb._is_improvement(0.89, 0.885)
    (True, False)
    """

    def __init__(self, monitor="val_loss", mode="auto", baseline=None, min_delta=0):
        super().__init__()
        if not isinstance(monitor, str) or not monitor:
            raise TypeError(
                f"{type(self).__name__} expected monitor to be a metric name such as 'val_loss', got {monitor!r}."
            )
        if mode not in ("auto", "min", "max"):
            raise ValueError(f"{type(self).__name__} expected mode to be 'auto', 'min' or 'max', got {mode!r}.")
        self.monitor = monitor
        self.mode = mode
        self.best = baseline
        self.min_delta = abs(min_delta)
        self._direction = None if mode == "auto" else mode

    def _find_direction(self):
        if self._direction is None:
            if self.monitor.removeprefix("val_") == "loss":
                self._direction = "min"
            else:
                self._direction = _direction_from_model(self.model, self.monitor) or direction_from_name(self.monitor)
        return self._direction

    def _require_direction(self):
        """Resolves "min"/"max" (raising if impossible) and sets an unset best to the worst value."""
        direction = self._find_direction()
        if direction is None:
            raise ValueError(
                f"{type(self).__name__} received monitor={self.monitor!r}, but cannot tell whether that "
                "metric should be maximized or minimized. Pass mode='max' to keep the highest value, "
                "or mode='min' to keep the lowest."
            )
        if self.best is None:
            self.best = math.inf if direction == "min" else -math.inf
        return direction

    def _is_improvement(self, value, reference):
        if reference is None:
            return True
        # Same arithmetic as Keras (shift the value, not the reference), so
        # ties at exactly min_delta resolve the same way.
        if self._require_direction() == "min":
            return value + self.min_delta < reference
        return value - self.min_delta > reference

    def _monitored_value(self, logs, what):
        """Returns logs[monitor], or warns (naming what depends on it) and returns None."""
        logs = logs or {}
        value = logs.get(self.monitor)
        if value is None:
            warnings.warn(
                f"{what} is conditioned on metric `{self.monitor}` which is not available. "
                f"Available metrics are: {','.join(logs)}",
                stacklevel=3,
            )
        return value
