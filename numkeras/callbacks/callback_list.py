"""CallbackList: calls every callback's hooks in order, and tells the trainer which per-batch work it may skip."""
from numkeras.callbacks.callback import Callback
from numkeras.callbacks.history import History
from numkeras.callbacks.progbar_logger import ProgbarLogger

_MODES = ("train", "test", "predict")


def pythonify_logs(logs):
    """Returns `logs` with keys sorted and values as Python floats (nested dicts flattened first).

    Values that are not numbers (strings, arrays of several values) are kept as they are.

    Example:
    >>> import numpy as np
    >>> pythonify_logs({"loss": np.float32(0.5), "accuracy": np.array(1.0)})
    {'accuracy': 1.0, 'loss': 0.5}
    """
    flat = {}
    _flatten_into(flat, logs)
    result = {}
    for key in sorted(flat):
        value = flat[key]
        if type(value) is not float and not isinstance(value, str) and getattr(value, "ndim", 0) == 0:
            try:
                value = float(value)
            except (TypeError, ValueError):
                pass
        result[key] = value
    return result


def _flatten_into(flat, logs):
    for key, value in logs.items():
        if isinstance(value, dict):
            _flatten_into(flat, value)
        else:
            flat[key] = value


def _flatten_callbacks(callbacks):
    if callbacks is None:
        return []
    if isinstance(callbacks, Callback):
        return [callbacks]
    flat = []
    for item in callbacks:
        if isinstance(item, (list, tuple)):
            flat.extend(_flatten_callbacks(item))
        elif isinstance(item, Callback):
            flat.append(item)
        else:
            raise TypeError(
                f"callbacks must be instances of numkeras.callbacks.Callback, got {type(item).__name__}: "
                f"{item!r}. Subclass Callback, or wrap functions in LambdaCallback(on_epoch_end=...)."
            )
    return flat


class CallbackList(Callback):
    """Calls the hooks of several callbacks in order: user callbacks, then History, then ProgbarLogger.

    Logs handed to epoch-end hooks (and to `on_train_end`/`on_test_end`) are
    converted once (keys sorted, values Python floats) and the same dict is
    given to every callback, so keys a callback adds (`learning_rate`) reach
    History and the progress bar, and all of them show the same numbers.

    Trainer protocol (fit/evaluate/predict):

    * `needs_train_batch_hooks`, `needs_test_batch_hooks`,
      `needs_predict_batch_hooks`: when False, skip that mode's batch hooks
      (and the batch logs) entirely. Read them after `on_train_begin` /
      `on_test_begin` / `on_predict_begin`, which refresh them.
    * `batch_logs_wanted(batch)`: when the batch hooks are needed, compute the
      epoch-to-date metric values only if this returns True; otherwise pass
      `logs=None` to the batch-end hook. (predict() may ignore it: the bar
      shows no values for predict batches.)
    * `on_epoch_end(epoch, logs)` (and `on_test_end`, `on_train_end`) return
      the converted logs that callbacks saw and may have extended.
    * Validation inside fit() goes through `on_test_begin`/`on_test_end` of
      the same list (the bar stays silent there); params may carry
      `do_validation=True` so CSVLogger reserves `val_` columns.

    Args:
        callbacks: a Callback, or a (nested) list of them.
        add_history: append a History unless one is in `callbacks`; it is set as `model.history`.
        add_progbar: append a ProgbarLogger unless one is in `callbacks`.
        model: the model handed to every callback.
        **params: run parameters (`verbose`, `epochs`, `steps`) handed to every callback.

    Example:
    >>> cbs = CallbackList([], add_history=True, verbose=0, epochs=2, steps=10)
    >>> cbs.needs_train_batch_hooks
    False
    >>> cbs.on_train_begin()
    >>> cbs.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.75})
    {'accuracy': 0.75, 'loss': 0.5}
    """

    def __init__(self, callbacks=None, add_history=False, add_progbar=False, model=None, **params):
        super().__init__()
        self.callbacks = _flatten_callbacks(callbacks)
        self._history = next((cb for cb in self.callbacks if isinstance(cb, History)), None)
        if self._history is None and add_history:
            self._history = History()
            self.callbacks.append(self._history)
        self._progbar = next((cb for cb in self.callbacks if isinstance(cb, ProgbarLogger)), None)
        if self._progbar is None and add_progbar:
            self._progbar = ProgbarLogger()
            self.callbacks.append(self._progbar)
        self._mode = "train"
        self._outer_modes = []
        if model is not None:
            self.set_model(model)
        self.set_params(params)

    def append(self, callback):
        """Adds a callback at the end of the list."""
        for added in _flatten_callbacks(callback):
            self.callbacks.append(added)
            if self.model is not None:
                added.set_model(self.model)
            if self.params:
                added.set_params(self.params)
            if self._progbar is None and isinstance(added, ProgbarLogger):
                self._progbar = added
        self._refresh()

    def set_params(self, params):
        self.params = params
        if params:  # an empty dict would wipe params a callback was given by hand
            for callback in self.callbacks:
                callback.set_params(params)
        self._refresh()

    def set_model(self, model):
        self.model = model
        if self._history is not None:
            model.history = self._history
        for callback in self.callbacks:
            callback.set_model(model)

    # --- what the trainer may skip -------------------------------------------------

    def _refresh(self):
        """Recomputes, per mode, which callbacks listen to batch hooks and who wants batch logs."""
        self._logs_always, self._live_bar = {}, {}
        for mode in _MODES:
            begin, end = f"on_{mode}_batch_begin", f"on_{mode}_batch_end"
            begin_fns = tuple(getattr(cb, begin) for cb in self.callbacks if cb._listens_to(begin))
            end_fns = tuple(getattr(cb, end) for cb in self.callbacks if cb._listens_to(end))
            setattr(self, f"_{mode}_begin_fns", begin_fns)
            setattr(self, f"_{mode}_end_fns", end_fns)
            setattr(self, f"needs_{mode}_batch_hooks", bool(begin_fns or end_fns))
            self._logs_always[mode] = any(cb._wants_batch_logs(mode) for cb in self.callbacks)
            bar = self._progbar
            self._live_bar[mode] = bar if bar is not None and bar._listens_to(end) else None
        self._apply_mode()

    def _apply_mode(self):
        self._logs_always_now = self._logs_always[self._mode]
        self._live_bar_now = self._live_bar[self._mode]

    def _enter_mode(self, mode):
        self._outer_modes.append(self._mode)
        self._mode = mode
        self._apply_mode()

    def _leave_mode(self):
        self._mode = self._outer_modes.pop() if self._outer_modes else "train"
        self._apply_mode()

    def batch_logs_wanted(self, batch):
        """Whether the trainer should compute the metric values for this batch's end hook.

        True when a callback reads every batch's logs, or when the live progress
        bar is due for a redraw (at most every 0.05 s); False otherwise.
        """
        if self._logs_always_now:
            return True
        bar = self._live_bar_now
        return bar is not None and bar._redraw_due()

    # --- batch hooks: the hot path, only listeners are called ------------------------

    def on_train_batch_begin(self, batch, logs=None):
        if self._train_begin_fns:
            logs = {} if logs is None else logs
            for fn in self._train_begin_fns:
                fn(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        if self._train_end_fns:
            logs = pythonify_logs(logs) if logs else {}
            for fn in self._train_end_fns:
                fn(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        if self._test_begin_fns:
            logs = {} if logs is None else logs
            for fn in self._test_begin_fns:
                fn(batch, logs)

    def on_test_batch_end(self, batch, logs=None):
        if self._test_end_fns:
            logs = pythonify_logs(logs) if logs else {}
            for fn in self._test_end_fns:
                fn(batch, logs)

    def on_predict_batch_begin(self, batch, logs=None):
        if self._predict_begin_fns:
            logs = {} if logs is None else logs
            for fn in self._predict_begin_fns:
                fn(batch, logs)

    def on_predict_batch_end(self, batch, logs=None):
        if self._predict_end_fns:
            logs = {} if logs is None else logs  # holds output arrays: left as they are
            for fn in self._predict_end_fns:
                fn(batch, logs)

    on_batch_begin = on_train_batch_begin
    on_batch_end = on_train_batch_end

    # --- epoch and run hooks ------------------------------------------------------------

    def _call_all(self, hook_name, *args):
        for callback in self.callbacks:
            getattr(callback, hook_name)(*args)

    def on_epoch_begin(self, epoch, logs=None):
        self._call_all("on_epoch_begin", epoch, {} if logs is None else logs)

    def on_epoch_end(self, epoch, logs=None):
        logs = pythonify_logs(logs or {})
        self._call_all("on_epoch_end", epoch, logs)
        return logs

    def on_train_begin(self, logs=None):
        self._outer_modes, self._mode = [], "train"
        self._call_all("on_train_begin", {} if logs is None else logs)
        self._refresh()  # ProgbarLogger now knows it runs inside fit()

    def on_train_end(self, logs=None):
        logs = pythonify_logs(logs or {})
        self._call_all("on_train_end", logs)
        self._refresh()
        return logs

    def on_test_begin(self, logs=None):
        self._enter_mode("test")
        self._call_all("on_test_begin", {} if logs is None else logs)
        self._refresh()

    def on_test_end(self, logs=None):
        logs = pythonify_logs(logs or {})
        self._call_all("on_test_end", logs)
        self._leave_mode()
        return logs

    def on_predict_begin(self, logs=None):
        self._enter_mode("predict")
        self._call_all("on_predict_begin", {} if logs is None else logs)
        self._refresh()

    def on_predict_end(self, logs=None):
        logs = {} if logs is None else logs
        self._call_all("on_predict_end", logs)
        self._leave_mode()
        return logs
