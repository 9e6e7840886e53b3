"""ReduceLROnPlateau: lowers the learning rate when a monitored quantity stops improving."""
import warnings

import numpy as np

from numkeras.callbacks.monitor_callback import MonitorCallback
from numkeras.callbacks.optimizer_access import get_learning_rate, set_learning_rate
from numkeras.utils.progbar import print_msg


class ReduceLROnPlateau(MonitorCallback):
    """Multiplies the learning rate by `factor` after `patience` epochs without improvement.

    After a reduction, `cooldown` epochs pass before the patience count
    resumes. The rate never goes below `min_lr`. Adds `learning_rate` (the
    rate used during the epoch) to the epoch logs, so it shows in History.

    Args:
        monitor: quantity to watch, e.g. `"val_loss"`.
        factor: multiplier applied to the learning rate, `0 < factor < 1`.
        patience: epochs without improvement before reducing.
        verbose: 1 prints `Epoch N: ReduceLROnPlateau reducing learning rate to X.`
        mode: `"auto"`, `"min"` or `"max"` (see MonitorCallback).
        min_delta: smallest change that counts as an improvement.
        cooldown: epochs to wait after a reduction before counting again.
        min_lr: lower bound on the learning rate.

    Example:
    ```python
    reduce_lr = ReduceLROnPlateau(monitor="val_loss", factor=0.2, patience=5, min_lr=0.001)
    model.fit(x, y, validation_split=0.2, callbacks=[reduce_lr])
    ```
    """

    def __init__(self, monitor="val_loss", factor=0.1, patience=10, verbose=0, mode="auto",
                 min_delta=1e-4, cooldown=0, min_lr=0.0, **kwargs):
        if "epsilon" in kwargs:  # Keras 2 name of min_delta
            warnings.warn("ReduceLROnPlateau: `epsilon` is deprecated, use `min_delta`.",
                          DeprecationWarning, stacklevel=2)
            min_delta = kwargs.pop("epsilon")
        if kwargs:
            raise ValueError(f"ReduceLROnPlateau got unknown argument(s): {kwargs}.")
        super().__init__(monitor, mode, min_delta=min_delta)
        if factor >= 1.0:
            raise ValueError(f"ReduceLROnPlateau does not support a factor >= 1.0. Received factor={factor}")
        if factor <= 0.0:
            raise ValueError(f"ReduceLROnPlateau expected 0 < factor < 1, got factor={factor}.")
        self.factor = factor
        self.patience = patience
        self.verbose = verbose
        self.cooldown = cooldown
        self.min_lr = min_lr
        self._reset()

    def _reset(self):
        self.wait = 0
        self.cooldown_counter = 0
        self.best = None

    def in_cooldown(self):
        """Whether the callback is waiting out the cooldown after a reduction."""
        return self.cooldown_counter > 0

    def on_train_begin(self, logs=None):
        self._reset()
        self._find_direction()

    def on_epoch_end(self, epoch, logs=None):
        self._require_direction()
        logs = {} if logs is None else logs
        logs["learning_rate"] = get_learning_rate(self.model, "ReduceLROnPlateau")
        current = self._monitored_value(logs, "Learning rate reduction")
        if current is None:
            return
        if self.in_cooldown():
            self.cooldown_counter -= 1
            self.wait = 0
        if self._is_improvement(current, self.best):
            self.best = current
            self.wait = 0
        elif not self.in_cooldown():
            self.wait += 1
            if self.wait >= self.patience:
                self._reduce(epoch)

    def _reduce(self, epoch):
        old_lr = get_learning_rate(self.model, "ReduceLROnPlateau")
        # Compare in float32: an optimizer storing float32 sits a hair below a
        # float64 min_lr it was set to, and must count as already there.
        if old_lr > np.float32(self.min_lr):
            new_lr = max(old_lr * self.factor, self.min_lr)
            set_learning_rate(self.model, new_lr, "ReduceLROnPlateau")
            if self.verbose > 0:
                print_msg(f"Epoch {epoch + 1}: ReduceLROnPlateau reducing learning rate to {new_lr:.10g}.")
            self.cooldown_counter = self.cooldown
            self.wait = 0
