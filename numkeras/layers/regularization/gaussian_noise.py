"""GaussianNoise: additive zero-centred noise, in training only."""
from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_number
from numkeras.layers.layer import Layer


class _TrainTimeLayer(Layer):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.supports_masking = True

    def compute_output_shape(self, input_shape):
        return input_shape


class GaussianNoise(_TrainTimeLayer):
    """Adds zero-centred Gaussian noise of standard deviation `stddev` in training.

    Args:
        stddev: float in [0, 1], the noise's standard deviation.
        seed: int for reproducible noise.

    Example:
    >>> GaussianNoise(0.1)(np.ones((1, 2)), training=False).numpy().tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, stddev, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.stddev = check_number(stddev, "stddev", self, 0.0, 1.0)
        self.seed = seed
        self.seed_generator = nk_random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.stddev == 0:
            return inputs
        noise = nk_random.normal(inputs.shape, 0.0, self.stddev, dtype=self.dtype,
                                 seed=self.seed_generator)
        return math_ops.add(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "stddev": self.stddev, "seed": self.seed}
