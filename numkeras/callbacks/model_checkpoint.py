"""ModelCheckpoint: saves the model (or its weights) every epoch or every N batches, optionally only the best."""
import os
import warnings

import numpy as np

from numkeras.callbacks.callback import batch_save_due
from numkeras.callbacks.monitor_callback import MonitorCallback
from numkeras.utils.progbar import print_msg


class ModelCheckpoint(MonitorCallback):
    """Saves the model with `model.save(path)`, or its weights with `model.save_weights(path)`.

    `filepath` may hold `str.format` fields filled from the 1-based `epoch`,
    the 1-based `batch` (when saving every N batches) and any logged name,
    e.g. `"model-{epoch:02d}-{val_loss:.2f}.keras"`. Folders are created as needed.

    Args:
        filepath: path ending in `.keras` (or `.h5`), or in `.weights.h5`
            when `save_weights_only=True`.
        monitor: quantity compared when `save_best_only=True`.
        verbose: 1 prints a line for each save decision.
        save_best_only: save only when `monitor` improves on the best so far.
        save_weights_only: save only the weights.
        mode: `"auto"`, `"min"` or `"max"` (see MonitorCallback).
        save_freq: `"epoch"`, or an integer N to save every N training batches.
        initial_value_threshold: a best value to beat before the first save
            (with `save_best_only=True`).

    Example:
    ```python
    checkpoint = ModelCheckpoint("best.keras", monitor="val_accuracy", save_best_only=True)
    model.fit(x, y, validation_split=0.2, epochs=10, callbacks=[checkpoint])
    ```
    """

    def __init__(self, filepath, monitor="val_loss", verbose=0, save_best_only=False, save_weights_only=False,
                 mode="auto", save_freq="epoch", initial_value_threshold=None):
        super().__init__(monitor, mode, baseline=initial_value_threshold)
        self.filepath = os.fspath(filepath)
        self.verbose = verbose
        self.save_best_only = save_best_only
        self.save_weights_only = save_weights_only
        is_count = isinstance(save_freq, (int, np.integer)) and not isinstance(save_freq, bool) and save_freq >= 1
        if save_freq != "epoch" and not is_count:
            raise ValueError(
                f"Unrecognized save_freq: {save_freq!r}. Expected save_freq are 'epoch' or integer values >= 1."
            )
        self.save_freq = save_freq
        if save_weights_only and not self.filepath.endswith(".weights.h5"):
            raise ValueError(
                "When using `save_weights_only=True` in `ModelCheckpoint`, the filepath provided must end in "
                f"`.weights.h5` (Keras weights format). Received: filepath={self.filepath}"
            )
        if not save_weights_only and not self.filepath.endswith((".keras", ".h5")):
            raise ValueError(
                f"The filepath provided must end in `.keras` (Keras model format). Received: filepath={self.filepath}"
            )
        self._batches_since_save = 0
        self._last_batch_seen = 0
        self._current_epoch = 0

    def _listens_to(self, hook_name):
        if hook_name == "on_train_batch_end":
            return self.save_freq != "epoch"
        return super()._listens_to(hook_name)

    def on_train_begin(self, logs=None):
        if self.save_best_only:
            self._find_direction()

    def on_epoch_begin(self, epoch, logs=None):
        self._current_epoch = epoch

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        if batch_save_due(self, batch):
            self._save(self._current_epoch, batch, logs or {})

    def on_epoch_end(self, epoch, logs=None):
        if self.save_freq == "epoch":
            self._save(epoch, None, logs or {})

    def _format_filepath(self, epoch, batch, logs):
        fields = dict(logs)
        fields["epoch"] = epoch + 1
        if batch is not None and "batch" not in logs:
            fields["batch"] = batch + 1
        try:
            return self.filepath.format(**fields)
        except KeyError as error:
            raise KeyError(
                f'Failed to format this callback filepath: "{self.filepath}". Reason: {error}. '
                f"Available fields: {', '.join(fields)}"
            ) from None

    def _should_save(self, epoch, logs, filepath):
        if not self.save_best_only:
            if self.verbose > 0:
                print_msg(f"Epoch {epoch + 1}: saving model to {filepath}")
            return True
        current = logs.get(self.monitor)
        if current is None:
            warnings.warn(f"Can save best model only with {self.monitor} available.", stacklevel=4)
            return True
        self._require_direction()
        best_text = f"{self.best:.5f}"
        if self._is_improvement(current, self.best):
            if self.verbose > 0:
                print_msg(f"Epoch {epoch + 1}: {self.monitor} improved from {best_text} to {current:.5f}, "
                          f"saving model to {filepath}")
            self.best = current
            return True
        if self.verbose > 0:
            print_msg(f"Epoch {epoch + 1}: {self.monitor} did not improve from {best_text}")
        return False

    def _save(self, epoch, batch, logs):
        filepath = self._format_filepath(epoch, batch, logs)
        if os.path.isdir(filepath):
            raise IsADirectoryError(
                "Please specify a non-directory filepath for ModelCheckpoint. "
                f"Filepath used is an existing directory: {filepath}"
            )
        if not self._should_save(epoch, logs, filepath):
            return
        folder = os.path.dirname(filepath)
        if folder:
            os.makedirs(folder, exist_ok=True)
        if self.save_weights_only:
            self.model.save_weights(filepath)
        else:
            self.model.save(filepath)
        if self.verbose > 0:
            print_msg(f"Epoch {epoch + 1}: finished saving model to {filepath}")
