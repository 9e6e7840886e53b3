"""GradientNormRecorder: each layer's gradient norm, per batch and per epoch (the vanishing-gradient picture)."""
import numpy as np

from numkeras.callbacks.callback import Callback


class GradientNormRecorder(Callback):
    """Records the L2 norm of each layer's gradient at every training step.

    A layer's norm is taken over all its trainable variables together (kernel and bias).
    The trainer tells the recorder each step's gradients just before the optimizer applies
    them, so what is recorded is exactly what the optimizer receives.

    Args:
        record_batches: keep every batch's norms in `batch_norms` (default True); the epoch
            means in `epoch_norms` are always kept.

    Attributes:
        layer_names: names of the layers with trainable variables, input side first.
        batch_norms: list of float arrays of shape `(len(layer_names),)`, one per step.
        epoch_norms: list of the same, the mean over each epoch's steps.

    Example:
    >>> import numpy as np, numkeras as keras
    >>> model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3), keras.layers.Dense(1)])
    >>> model.compile(optimizer="sgd", loss="mse")
    >>> recorder = GradientNormRecorder()
    >>> _ = model.fit(np.ones((4, 2)), np.ones((4, 1)), epochs=2, verbose=0, callbacks=[recorder])
    >>> len(recorder.epoch_norms), recorder.epoch_norms[0].shape
    (2, (2,))
    """

    def __init__(self, record_batches=True):
        super().__init__()
        self.record_batches = bool(record_batches)
        self.layer_names = []
        self.batch_norms = []
        self.epoch_norms = []
        self._epoch_sum = None
        self._epoch_steps = 0
        self._slots = None  # per variable position: the index of its layer

    def _layer_slots(self, variables):
        owner = {}
        names = []
        for layer in self.model.layers:
            weights = layer.trainable_weights
            if not weights:
                continue
            for variable in weights:
                owner.setdefault(id(variable), len(names))
            names.append(layer.name)
        missing = [v for v in variables if id(v) not in owner]
        if missing:  # variables owned by the model itself: one more row
            for variable in missing:
                owner[id(variable)] = len(names)
            names.append(self.model.name)
        self.layer_names = names
        return np.array([owner[id(v)] for v in variables], dtype=np.intp)

    def _observe(self, grads, variables):
        if self._slots is None or len(self._slots) != len(variables):
            self._slots = self._layer_slots(variables)
        squares = np.zeros(len(self.layer_names), dtype=np.float64)
        with np.errstate(over="ignore", invalid="ignore"):  # a diverging run: inf/nan norms, no warnings
            for slot, grad in zip(self._slots, grads):
                if grad is not None:
                    flat = np.ravel(grad).astype(np.float64, copy=False)
                    squares[slot] += float(np.dot(flat, flat))
        norms = np.sqrt(squares)
        if self.record_batches:
            self.batch_norms.append(norms)
        self._epoch_sum = norms if self._epoch_sum is None else self._epoch_sum + norms
        self._epoch_steps += 1

    def on_train_begin(self, logs=None):
        self._slots = None
        observers = self.model._gradient_observers
        if self._observe not in observers:
            object.__setattr__(self.model, "_gradient_observers", observers + (self._observe,))

    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_sum, self._epoch_steps = None, 0

    def on_epoch_end(self, epoch, logs=None):
        if self._epoch_steps:
            self.epoch_norms.append(self._epoch_sum / self._epoch_steps)

    def on_train_end(self, logs=None):
        observers = self.model._gradient_observers
        object.__setattr__(self.model, "_gradient_observers",
                           tuple(o for o in observers if o != self._observe))
