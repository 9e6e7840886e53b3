"""Random initializers: normal, uniform, truncated normal, the variance-scaling
family (Glorot, He, LeCun) and orthogonal.

Seeding follows Keras 3. An int seed, or no seed, is fixed at construction:
an unseeded initializer draws its seed from the global generator then, so
`set_random_seed` makes weights reproducible, and calling one instance twice
returns the same values. Pass a `SeedGenerator` to get new values per call.
"""
import math

import numpy as np

from numkeras.backend import config, random
from numkeras.initializers.initializer import Initializer, as_shape

# Standard deviation of a unit normal truncated to [-2, 2]; dividing by it
# makes truncated draws have the variance the formula asks for.
TRUNCATED_NORMAL_STDDEV = 0.87962566103423978


def compute_fans(shape, input_axes=None, output_axes=None):
    """Returns `(fan_in, fan_out)` for a weight shape.

    2-D `(a, b)` -> `(a, b)`; conv kernels `(k1, ..., in, out)` -> `(in·∏k, out·∏k)`;
    1-D `(n,)` -> `(n, n)`; scalar -> `(1, 1)`. With `input_axes` and
    `output_axes`, each fan is the product of the sizes on those axes.

    Example:
    >>> compute_fans((3, 3, 16, 32))
    (144, 288)
    """
    shape = as_shape(shape)
    if input_axes is not None and output_axes is not None:
        return (int(np.prod([shape[a] for a in input_axes])),
                int(np.prod([shape[a] for a in output_axes])))
    if len(shape) == 0:
        return 1, 1
    if len(shape) == 1:
        return shape[0], shape[0]
    receptive_field = int(np.prod(shape[:-2]))  # 1 for a 2-D shape
    return shape[-2] * receptive_field, shape[-1] * receptive_field


class RandomInitializer(Initializer):
    """Base of the random initializers: resolves `seed` once, at construction."""

    def __init__(self, seed=None):
        if isinstance(seed, dict):  # a serialized SeedGenerator
            seed = random.SeedGenerator.from_config(seed.get("config", seed))
        elif seed is not None and not isinstance(seed, random.SeedGenerator):
            seed = random.check_seed(seed)
        self._init_seed = seed  # what get_config reports: None stays None, as in Keras
        self.seed = random.draw_seed() if seed is None else seed

    def get_config(self):
        seed = self._init_seed
        if isinstance(seed, random.SeedGenerator):
            seed = {"module": "keras.random", "class_name": "SeedGenerator",
                    "config": seed.get_config(), "registered_name": None}
        return {"seed": seed}


class RandomNormal(RandomInitializer):
    """Samples from N(mean, stddev²).

    Args:
        mean: float.
        stddev: float.
        seed: int, SeedGenerator or None (see the module docstring).
    Example:
    >>> RandomNormal(stddev=1.0, seed=1)((2, 2)).shape
    (2, 2)
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return random.normal(as_shape(shape), self.mean, self.stddev, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class TruncatedNormal(RandomInitializer):
    """Samples from N(mean, stddev²), redrawing values more than 2·stddev from the mean.

    Args:
        mean: float.
        stddev: float (of the normal before truncation).
        seed: int, SeedGenerator or None.
    Example:
    >>> bool(abs(TruncatedNormal(stddev=1.0, seed=1)((1000,))).max() <= 2)
    True
    """

    def __init__(self, mean=0.0, stddev=0.05, seed=None):
        self.mean = mean
        self.stddev = stddev
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return random.truncated_normal(as_shape(shape), self.mean, self.stddev, dtype=dtype,
                                       seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "mean": self.mean, "stddev": self.stddev}


class RandomUniform(RandomInitializer):
    """Samples from U[minval, maxval).

    Args:
        minval: float, inclusive lower bound.
        maxval: float, exclusive upper bound.
        seed: int, SeedGenerator or None.
    Example:
    >>> x = RandomUniform(0.0, 1.0, seed=1)((1000,)); bool(x.min() >= 0 and x.max() < 1)
    True
    """

    def __init__(self, minval=-0.05, maxval=0.05, seed=None):
        self.minval = minval
        self.maxval = maxval
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        return random.uniform(as_shape(shape), self.minval, self.maxval, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "minval": self.minval, "maxval": self.maxval}


class VarianceScaling(RandomInitializer):
    """Scales its spread to the weight's fans.

    With n = fan_in, fan_out or (fan_in + fan_out)/2 (by `mode`, each floored at 1):
    `truncated_normal` -> stddev sqrt(scale/n)/0.8796... (so the truncated draws
    have stddev sqrt(scale/n)); `untruncated_normal` -> stddev sqrt(scale/n);
    `uniform` -> U[-L, L] with L = sqrt(3·scale/n).

    Args:
        scale: positive float.
        mode: "fan_in", "fan_out" or "fan_avg".
        distribution: "truncated_normal" ("normal" is an alias), "untruncated_normal" or "uniform".
        seed: int, SeedGenerator or None.
        input_axes, output_axes: optional axes whose sizes multiply into the fans.
    Example:
    >>> x = VarianceScaling(3.0, "fan_in", "uniform", seed=0)((100, 10))
    >>> bool(abs(x).max() <= math.sqrt(3 * 3.0 / 100))
    True
    """

    _MODES = ("fan_in", "fan_out", "fan_avg")
    _DISTRIBUTIONS = ("truncated_normal", "untruncated_normal", "uniform")

    def __init__(self, scale=1.0, mode="fan_in", distribution="truncated_normal", seed=None,
                 input_axes=None, output_axes=None):
        if not scale > 0.0:
            raise ValueError(f"VarianceScaling: `scale` must be a positive float, got scale={scale!r}.")
        if mode not in self._MODES:
            raise ValueError(f"VarianceScaling: `mode` must be one of {self._MODES}, got mode={mode!r}.")
        distribution = str(distribution).lower()
        distribution = "truncated_normal" if distribution == "normal" else distribution
        if distribution not in self._DISTRIBUTIONS:
            raise ValueError(f"VarianceScaling: `distribution` must be one of {self._DISTRIBUTIONS}, "
                             f"got distribution={distribution!r}.")
        self.scale = scale
        self.mode = mode
        self.distribution = distribution
        self.input_axes = input_axes
        self.output_axes = output_axes
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = as_shape(shape)
        fan_in, fan_out = compute_fans(shape, self.input_axes, self.output_axes)
        n = {"fan_in": fan_in, "fan_out": fan_out, "fan_avg": (fan_in + fan_out) / 2.0}[self.mode]
        variance = self.scale / max(1.0, n)
        if self.distribution == "truncated_normal":
            stddev = math.sqrt(variance) / TRUNCATED_NORMAL_STDDEV
            return random.truncated_normal(shape, 0.0, stddev, dtype=dtype, seed=self.seed)
        if self.distribution == "untruncated_normal":
            return random.normal(shape, 0.0, math.sqrt(variance), dtype=dtype, seed=self.seed)
        limit = math.sqrt(3.0 * variance)
        return random.uniform(shape, -limit, limit, dtype=dtype, seed=self.seed)

    def get_config(self):
        return {**super().get_config(), "scale": self.scale, "mode": self.mode,
                "distribution": self.distribution, "input_axes": self.input_axes,
                "output_axes": self.output_axes}


class _VarianceScalingPreset(VarianceScaling):
    """A named special case of VarianceScaling: its config is just its seed and axes."""

    PRESET = {}  # scale, mode and distribution, set by each subclass

    def __init__(self, seed=None, input_axes=None, output_axes=None):
        super().__init__(**self.PRESET, seed=seed, input_axes=input_axes, output_axes=output_axes)

    def get_config(self):
        return {"seed": RandomInitializer.get_config(self)["seed"],
                "input_axes": self.input_axes, "output_axes": self.output_axes}


class GlorotUniform(_VarianceScalingPreset):
    """Glorot (Xavier) uniform: U[-L, L] with L = sqrt(6 / (fan_in + fan_out)).

    The default kernel initializer of Dense, Conv and RNN layers.

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> x = GlorotUniform(seed=0)((20, 30)); bool(abs(x).max() <= math.sqrt(6 / 50))
    True
    """

    PRESET = {"scale": 1.0, "mode": "fan_avg", "distribution": "uniform"}


class GlorotNormal(_VarianceScalingPreset):
    """Glorot (Xavier) normal: truncated normal, stddev sqrt(2 / (fan_in + fan_out)) / 0.8796...

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> GlorotNormal(seed=0)((20, 30)).shape
    (20, 30)
    """

    PRESET = {"scale": 1.0, "mode": "fan_avg", "distribution": "truncated_normal"}


class HeUniform(_VarianceScalingPreset):
    """He uniform: U[-L, L] with L = sqrt(6 / fan_in).

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> x = HeUniform(seed=0)((24, 8)); bool(abs(x).max() <= 0.5)
    True
    """

    PRESET = {"scale": 2.0, "mode": "fan_in", "distribution": "uniform"}


class HeNormal(_VarianceScalingPreset):
    """He normal (pairs with relu): truncated normal, stddev sqrt(2 / fan_in) / 0.8796...

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> HeNormal(seed=0)((3, 3, 4, 8)).shape
    (3, 3, 4, 8)
    """

    PRESET = {"scale": 2.0, "mode": "fan_in", "distribution": "truncated_normal"}


class LecunUniform(_VarianceScalingPreset):
    """LeCun uniform: U[-L, L] with L = sqrt(3 / fan_in).

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> x = LecunUniform(seed=0)((12, 5)); bool(abs(x).max() <= 0.5)
    True
    """

    PRESET = {"scale": 1.0, "mode": "fan_in", "distribution": "uniform"}


class LecunNormal(_VarianceScalingPreset):
    """LeCun normal (pairs with selu): truncated normal, stddev sqrt(1 / fan_in) / 0.8796...

    Args:
        seed: int, SeedGenerator or None.
    Example:
    >>> LecunNormal(seed=0)((12, 5)).dtype
    dtype('float32')
    """

    PRESET = {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal"}


class Orthogonal(RandomInitializer):
    """`gain` times a random orthogonal matrix.

    The shape is flattened to (prod(shape[:-1]), shape[-1]); the Q factor of a
    normal matrix, with column signs fixed by diag(R) so Q is uniformly
    distributed, gives orthonormal columns (or rows, when there are fewer
    rows than columns).

    Args:
        gain: float multiplier.
        seed: int, SeedGenerator or None.
    Example:
    >>> q = Orthogonal(seed=0)((4, 4)); bool(np.allclose(q.T @ q, np.eye(4), atol=1e-5))
    True
    """

    def __init__(self, gain=1.0, seed=None):
        self.gain = gain
        super().__init__(seed=seed)

    def __call__(self, shape, dtype=None):
        shape = as_shape(shape)
        if len(shape) < 2:
            raise ValueError(f"Orthogonal initializer needs a shape of rank >= 2, got shape={shape} "
                             f"of rank {len(shape)}.")
        rows, cols = int(np.prod(shape[:-1])), shape[-1]
        # QR in float64 whatever the target dtype, so orthogonality holds to rounding.
        a = random.normal((max(rows, cols), min(rows, cols)), dtype="float64", seed=self.seed)
        q, r = np.linalg.qr(a)
        q = q * np.sign(np.diag(r))
        if rows < cols:
            q = q.T
        return (self.gain * q).reshape(shape).astype(config.standardize_dtype(dtype))

    def get_config(self):
        return {**super().get_config(), "gain": self.gain}
