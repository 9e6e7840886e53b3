"""GaussianDropout: multiplicative one-centred noise, in training only."""
import math

from numkeras.backend import math_ops
from numkeras.backend import random as nk_random
from numkeras.layers.argument_checks import check_number
from numkeras.layers.regularization.gaussian_noise import _TrainTimeLayer


class GaussianDropout(_TrainTimeLayer):
    """Multiplies by Gaussian noise of mean 1 and variance `rate / (1 - rate)` in training.

    Args:
        rate: float in [0, 1), the equivalent drop probability.
        seed: int for reproducible noise.

    Example:
    >>> GaussianDropout(0.5)(np.ones((1, 2)), training=False).numpy().tolist()
    [[1.0, 1.0]]
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        # rate = 1 would mean infinite variance.
        self.rate = check_number(rate, "rate", self, 0.0, 1.0, below_max=True)
        self.seed = seed
        self.seed_generator = nk_random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        if not training or self.rate == 0:
            return inputs
        stddev = math.sqrt(self.rate / (1.0 - self.rate))
        noise = nk_random.normal(inputs.shape, 1.0, stddev, dtype=self.dtype, seed=self.seed_generator)
        return math_ops.multiply(inputs, noise)

    def get_config(self):
        return {**super().get_config(), "rate": self.rate, "seed": self.seed}
