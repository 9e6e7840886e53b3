"""LambdaCallback: a callback built from plain functions, one per hook."""
from numkeras.callbacks.callback import Callback

_HOOKS = tuple(sorted(
    f"on_{stage}_{edge}"
    for stage in ("train", "test", "predict", "epoch", "batch", "train_batch", "test_batch", "predict_batch")
    for edge in ("begin", "end")
))


class LambdaCallback(Callback):
    """Builds a callback from functions given by hook name.

    Epoch hooks take `(epoch, logs)`, batch hooks `(batch, logs)`, and the
    train/test/predict begin/end hooks `(logs)`. Any hook of Callback may be
    given as a keyword argument (e.g. `on_test_end=...`).

    Example:
    >>> seen = []
    >>> cb = LambdaCallback(on_epoch_end=lambda epoch, logs: seen.append(logs["loss"]))
    >>> cb.on_epoch_end(0, {"loss": 0.5}); seen
    [0.5]
    """

    def __init__(self, on_epoch_begin=None, on_epoch_end=None, on_train_begin=None, on_train_end=None,
                 on_train_batch_begin=None, on_train_batch_end=None, **kwargs):
        super().__init__()
        hooks = dict(on_epoch_begin=on_epoch_begin, on_epoch_end=on_epoch_end, on_train_begin=on_train_begin,
                     on_train_end=on_train_end, on_train_batch_begin=on_train_batch_begin,
                     on_train_batch_end=on_train_batch_end)
        for name, fn in kwargs.items():
            if name not in _HOOKS:
                raise ValueError(f"LambdaCallback got an unknown hook {name!r}; expected one of: {', '.join(_HOOKS)}.")
            hooks[name] = fn
        for name, fn in hooks.items():
            if fn is None:
                continue
            if not callable(fn):
                raise TypeError(f"LambdaCallback expected {name} to be a function, got {fn!r}.")
            setattr(self, name, fn)  # an instance attribute: CallbackList sees the hook as overridden
