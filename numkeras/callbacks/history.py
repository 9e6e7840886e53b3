"""History: records each epoch's logs; fit() returns it and stores it as `model.history`."""
from numkeras.callbacks.callback import Callback


class History(Callback):
    """Collects the epoch logs of a training run.

    Attributes:
        history: dict mapping each logged name to the list of its per-epoch
            values (Python floats), keys in the order they were logged
            (alphabetical, then keys added by callbacks such as `learning_rate`).
        epoch: list of the 0-based indices of the epochs run.
        params: the run's parameters (`verbose`, `epochs`, `steps`).

    As in Keras, `epoch` restarts with every fit() while `history` keeps
    growing when the same History object is passed to several fit() calls;
    fit() itself creates a fresh History each time.

    Example:
    >>> h = History()
    >>> h.on_train_begin()
    >>> h.on_epoch_end(0, {"loss": 0.5}); h.on_epoch_end(1, {"loss": 0.25})
    >>> h.history, h.epoch
    ({'loss': [0.5, 0.25]}, [0, 1])
    """

    def __init__(self):
        super().__init__()
        self.history = {}
        self.epoch = []

    def on_train_begin(self, logs=None):
        self.epoch = []

    def on_epoch_end(self, epoch, logs=None):
        self.epoch.append(epoch)
        for key, value in (logs or {}).items():
            self.history.setdefault(key, []).append(value)
        if self.model is not None:
            # Keep model.history pointing at the latest run, even mid-training.
            self.model.history = self
