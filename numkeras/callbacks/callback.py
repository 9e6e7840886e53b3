"""Callback: the base class whose hooks fit(), evaluate() and predict() call."""

# Keras 2's batch hooks live on as aliases of the train-batch hooks.
_ALIASES = {"on_train_batch_begin": "on_batch_begin", "on_train_batch_end": "on_batch_end"}


def _overrides(callback, hook_name):
    """True when `callback` replaces Callback's no-op `hook_name` (subclass or instance attribute)."""
    attr = getattr(callback, hook_name)
    return getattr(attr, "__func__", attr) is not getattr(Callback, hook_name)


def batches_since(batch, last_batch_seen):
    """Training batches done since the batch-end call that saw `last_batch_seen`.

    Batch indices restart at 0 every epoch, so a smaller (or equal) index means a new epoch.
    Used by the callbacks that act every N batches (`save_freq=N`).
    """
    return batch + 1 if batch <= last_batch_seen else batch - last_batch_seen


def batch_save_due(callback, batch):
    """Counts the batches `callback` saw since its last save; True, with the count restarted,
    once `callback.save_freq` of them have run (the callbacks with `save_freq=N`)."""
    callback._batches_since_save += batches_since(batch, callback._last_batch_seen)
    callback._last_batch_seen = batch
    if callback._batches_since_save < callback.save_freq:
        return False
    callback._batches_since_save = 0
    return True


class Callback:
    """Base class of callbacks: override the hooks for the stages you care about.

    Every hook is a no-op here. `fit()` calls `on_train_begin`, then per epoch
    `on_epoch_begin`, per batch `on_train_batch_begin`/`on_train_batch_end`,
    then `on_epoch_end(epoch, logs)` with that epoch's metrics (validation
    ones prefixed `val_`), and finally `on_train_end`. `evaluate()` and
    `predict()` call the `test` and `predict` hooks the same way. Epoch and
    batch indices are 0-based.

    Attributes:
        model: the model being trained (set by `set_model`).
        params: dict with at least `verbose`, `epochs` and `steps` (set by `set_params`).

    Only the batch hooks you override are called: fit() skips the per-batch
    work entirely when no callback overrides them.

    Example:
    >>> class CountEpochs(Callback):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.count = 0
    ...     def on_epoch_end(self, epoch, logs=None):
    ...         self.count += 1
    >>> cb = CountEpochs()
    >>> cb.on_epoch_end(0, {"loss": 0.5}); cb.count
    1
    """

    def __init__(self):
        self.model = None
        self.params = {}

    def set_params(self, params):
        """Stores the run's parameters (`verbose`, `epochs`, `steps`)."""
        self.params = params

    def set_model(self, model):
        """Stores the model the callback acts on."""
        self.model = model

    def on_batch_begin(self, batch, logs=None):
        """Keras 2 alias of `on_train_batch_begin`."""

    def on_batch_end(self, batch, logs=None):
        """Keras 2 alias of `on_train_batch_end`."""

    def on_epoch_begin(self, epoch, logs=None):
        """Called at the start of a training epoch."""

    def on_epoch_end(self, epoch, logs=None):
        """Called at the end of a training epoch with its metrics (e.g. `{"loss": 0.2, "val_loss": 0.3}`)."""

    def on_train_batch_begin(self, batch, logs=None):
        """Called before a training batch."""
        self.on_batch_begin(batch, logs)

    def on_train_batch_end(self, batch, logs=None):
        """Called after a training batch with the epoch-to-date metric values."""
        self.on_batch_end(batch, logs)

    def on_test_batch_begin(self, batch, logs=None):
        """Called before a batch of evaluate() or of validation inside fit()."""

    def on_test_batch_end(self, batch, logs=None):
        """Called after a batch of evaluate() or of validation inside fit()."""

    def on_predict_batch_begin(self, batch, logs=None):
        """Called before a batch of predict()."""

    def on_predict_batch_end(self, batch, logs=None):
        """Called after a batch of predict()."""

    def on_train_begin(self, logs=None):
        """Called once at the start of fit()."""

    def on_train_end(self, logs=None):
        """Called once at the end of fit() with the last epoch's logs."""

    def on_test_begin(self, logs=None):
        """Called at the start of evaluate() or of validation inside fit()."""

    def on_test_end(self, logs=None):
        """Called at the end of evaluate() or of validation inside fit()."""

    def on_predict_begin(self, logs=None):
        """Called at the start of predict()."""

    def on_predict_end(self, logs=None):
        """Called at the end of predict()."""

    # Introspection used by CallbackList to skip work nobody asked for. A
    # built-in callback overrides these when overriding a hook is not enough
    # to say whether it acts (e.g. ModelCheckpoint only acts on batches when
    # save_freq is an integer).

    def _listens_to(self, hook_name):
        """Whether calling `hook_name` can have any effect."""
        if _overrides(self, hook_name):
            return True
        alias = _ALIASES.get(hook_name)
        return alias is not None and _overrides(self, alias)

    def _wants_batch_logs(self, mode):
        """Whether this callback reads the logs of every `mode` batch ("train", "test", "predict")."""
        return self._listens_to(f"on_{mode}_batch_end")
