"""Dropout: zero a random `rate` of the inputs in training, scale the rest by 1/(1-rate)."""
from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_rate
from numkeras.layers.layer import Layer


class Dropout(Layer):
    """Inverted dropout, active only when `training=True` (inside `fit`).

    Args:
        rate: fraction of the inputs to drop, in [0, 1).
        noise_shape: shape of the keep mask (1 = shared along that axis), None for the input's shape.
        seed: int for reproducible masks.

    Example:
    >>> Dropout(0.5)(np.ones((1, 4)), training=False).numpy().tolist()
    [[1.0, 1.0, 1.0, 1.0]]
    """

    def __init__(self, rate, noise_shape=None, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = check_rate(rate, "rate", self)
        if self.rate == 1:
            raise ValueError(f"Dropout '{self.name}': `rate` must be below 1 (dropping everything "
                             f"leaves nothing to scale), got {rate!r}.")
        self.noise_shape = None if noise_shape is None else tuple(noise_shape)
        self.seed = seed
        self._generator = nk_random.SeedGenerator(seed)
        self.supports_masking = True

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        shape = inputs.shape
        if self.noise_shape is not None:
            shape = tuple(s if n is None else n for s, n in zip(shape, self.noise_shape))
        mask = nk_random.dropout_mask(shape, self.rate, seed=self._generator, dtype=inputs.dtype)
        return math_ops.multiply(inputs, mask)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "rate": self.rate,
                "noise_shape": None if self.noise_shape is None else list(self.noise_shape),
                "seed": self.seed}
