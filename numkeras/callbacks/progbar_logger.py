"""ProgbarLogger: prints the progress bar and the `Epoch 3/10` lines of fit/evaluate/predict."""
from numkeras.callbacks.callback import Callback
from numkeras.utils import progbar as progbar_module
from numkeras.utils.progbar import Progbar, print_msg


class ProgbarLogger(Callback):
    """Prints progress to stdout; fit/evaluate/predict add one unless `verbose=0`.

    With `verbose=1` a bar per epoch (redrawn live on a terminal or in Jupyter,
    a single final line otherwise); with `verbose=2` one summary line per epoch.
    The final line of an epoch shows exactly the epoch logs, so it matches
    `History` and `CSVLogger`. Inside fit() validation batches draw nothing.

    Reads `verbose`, `epochs` and `steps` from the params given by fit().

    Example:
    ```python
    model.fit(x, y, epochs=2)   # ProgbarLogger is added automatically
    # Epoch 1/2
    # 469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 3ms/step - accuracy: 0.9168 - loss: 0.2764
    ```
    """

    def __init__(self):
        super().__init__()
        self.verbose = 1
        self.epochs = 1
        self.target = None
        self.progbar = None
        self.seen = 0
        self._called_in_fit = False

    def set_params(self, params):
        super().set_params(params)
        verbose = params.get("verbose", 1)
        self.verbose = 1 if verbose == "auto" else verbose
        self.epochs = params.get("epochs", 1)
        self.target = params.get("steps")

    def _silent_in(self, mode):
        return not self.verbose or (mode == "test" and self._called_in_fit)

    def _listens_to(self, hook_name):
        for mode in ("train", "test", "predict"):
            if hook_name == f"on_{mode}_batch_end":
                if self._silent_in(mode):
                    return False
                # Batches are needed to redraw a live bar, or to count them
                # when the number of steps is unknown.
                return self.target is None or (self.verbose == 1 and progbar_module.is_interactive())
        return super()._listens_to(hook_name)

    def _wants_batch_logs(self, mode):
        return False  # it asks for them only when a redraw is due: see _redraw_due()

    def _redraw_due(self):
        return self.progbar is not None and self.progbar._redraw_due()

    def on_train_begin(self, logs=None):
        self._called_in_fit = True

    def on_train_end(self, logs=None):
        self._called_in_fit = False

    def on_epoch_begin(self, epoch, logs=None):
        self._start_progbar()
        if self.verbose and self.epochs > 1:
            print_msg(f"Epoch {epoch + 1}/{self.epochs}")

    def on_epoch_end(self, epoch, logs=None):
        self._finish_progbar(logs)

    def on_train_batch_end(self, batch, logs=None):
        self._update_progbar(batch, logs)

    def on_test_begin(self, logs=None):
        if not self._called_in_fit:
            self._start_progbar()

    def on_test_batch_end(self, batch, logs=None):
        if not self._called_in_fit:
            self._update_progbar(batch, logs)

    def on_test_end(self, logs=None):
        if not self._called_in_fit:
            self._finish_progbar(logs)

    def on_predict_begin(self, logs=None):
        self._start_progbar()

    def on_predict_batch_end(self, batch, logs=None):
        self._update_progbar(batch, None)  # predictions are not metrics

    def on_predict_end(self, logs=None):
        self._finish_progbar(None)

    def _start_progbar(self):
        self.seen = 0
        self.progbar = Progbar(self.target, verbose=self.verbose) if self.verbose else None

    def _update_progbar(self, batch, logs):
        self.seen = batch + 1
        if self.progbar is None or self.verbose != 1:
            return
        if logs:
            # The trainer's batch logs are already epoch-to-date running
            # values: show them as they are, do not average them again.
            self.progbar.stateful_metrics.update(logs)
        self.progbar.update(self.seen, logs, finalize=False)

    def _finish_progbar(self, logs):
        if not self.verbose:
            return
        if self.progbar is None:
            self._start_progbar()
        if self.progbar.target is None:
            self.progbar.target = self.seen
        self.progbar.update(self.progbar.target, list((logs or {}).items()), finalize=True)
