"""EarlyStopping: stops fit() when a monitored quantity has stopped improving."""
import numpy as np

from numkeras.callbacks.monitor_callback import MonitorCallback
from numkeras.utils.progbar import print_msg


def _check_count(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
        raise ValueError(f"EarlyStopping expected {name} to be an integer >= 0, got {value!r}.")
    return int(value)


class EarlyStopping(MonitorCallback):
    """Stops training when `monitor` has not improved for `patience` epochs.

    At each epoch end (from epoch `start_from_epoch` on) an epoch improves if
    its value beats the best so far by more than `min_delta`; after
    `patience` epochs in a row without improvement `model.stop_training` is
    set. With `patience=0` training stops after the first epoch that does not
    improve. With `restore_best_weights=True` the weights of the best epoch
    are put back when training ends, whether this callback stopped it or it
    ran to completion (Keras 3 behaviour).

    Args:
        monitor: quantity to watch, e.g. `"val_loss"` or `"val_accuracy"`.
        min_delta: smallest absolute change that counts as an improvement.
        patience: number of epochs without improvement before stopping.
        verbose: 1 prints `Epoch N: early stopping` and the restored epoch.
        mode: `"auto"`, `"min"` or `"max"` (see MonitorCallback).
        baseline: a value to beat: until an epoch beats it, the patience
            counter is not reset by merely improving on earlier epochs.
        restore_best_weights: put back the best epoch's weights at the end.
        start_from_epoch: number of warm-up epochs that are not monitored.

    Attributes:
        stopped_epoch: 0-based epoch at which training was stopped (0 if it was not).
        best: best monitored value seen.
        best_epoch: 0-based epoch of `best`.

    Example:
    ```python
    stop = EarlyStopping(monitor="val_loss", patience=3, restore_best_weights=True)
    model.fit(x, y, validation_split=0.2, epochs=100, callbacks=[stop])
    ```
    """

    def __init__(self, monitor="val_loss", min_delta=0, patience=0, verbose=0, mode="auto",
                 baseline=None, restore_best_weights=False, start_from_epoch=0):
        super().__init__(monitor, mode, min_delta=min_delta)
        self.patience = _check_count(patience, "patience")
        self.start_from_epoch = _check_count(start_from_epoch, "start_from_epoch")
        self.verbose = verbose
        self.baseline = baseline
        self.restore_best_weights = restore_best_weights
        self._reset()

    def _reset(self):
        self.wait = 0
        self.stopped_epoch = 0
        self.best = None
        self.best_epoch = 0
        self.best_weights = None

    def _snapshot_weights(self):
        # Copies, in case get_weights() hands out the live arrays that the
        # optimizer keeps updating in place.
        return [np.array(w, copy=True) for w in self.model.get_weights()]

    def on_train_begin(self, logs=None):
        self._reset()  # the same instance may serve several fit() calls
        self._find_direction()

    def on_epoch_end(self, epoch, logs=None):
        self._require_direction()
        current = self._monitored_value(logs, "Early stopping")
        if current is None or epoch < self.start_from_epoch:
            return
        if self.restore_best_weights and self.best_weights is None:
            # The first monitored epoch is the best one until another beats it.
            self.best_weights = self._snapshot_weights()
            self.best_epoch = epoch
        self.wait += 1
        if self._is_improvement(current, self.best):
            self.best = current
            self.best_epoch = epoch
            if self.restore_best_weights:
                self.best_weights = self._snapshot_weights()
            if self.baseline is None or self._is_improvement(current, self.baseline):
                self.wait = 0
            return
        if self.wait >= self.patience and epoch > 0:
            self.stopped_epoch = epoch
            self.model.stop_training = True

    def on_train_end(self, logs=None):
        if self.stopped_epoch > 0 and self.verbose > 0:
            print_msg(f"Epoch {self.stopped_epoch + 1}: early stopping")
        if self.restore_best_weights and self.best_weights is not None:
            if self.verbose > 0:
                print_msg(f"Restoring model weights from the end of the best epoch: {self.best_epoch + 1}.")
            self.model.set_weights(self.best_weights)
