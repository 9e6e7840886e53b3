"""One random-number tree for the whole library.

Every random draw in numkeras (weight initialisation, dropout masks, fit's
shuffling and validation split, augmentation) comes from a NumPy
`Generator` made here. The root is a global `SeedGenerator`:

    set_random_seed(s)  ->  global SeedGenerator(s)  ->  draw_seed() -> int seeds
                                                     ->  SeedGenerator() for a layer
                                                     ->  unseeded initializers

so one call to `set_random_seed` before a model is built makes its weights,
its dropout masks and its training history reproducible bit for bit (same
data, same thread count; BLAS may still sum in a different order when the
number of threads changes).

A `seed` argument anywhere below may be:
    None              a fresh seed from the global generator (reproducible
                      after `set_random_seed`, different on every call);
    int               stateless: the same int always gives the same numbers;
    SeedGenerator     stateful: each use advances it, so calls differ;
    np.random.Generator  used as is.
"""
import numbers
import random as python_random

import numpy as np

from numkeras.backend import config

_MAX_SEED = 2**31 - 1  # drawn seeds fit in int32, so any consumer can store them


def check_seed(seed, name="seed"):
    """Returns `seed` as a non-negative Python int, or raises a clear error."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError(f"`{name}` must be an int, got {seed!r} of type {type(seed).__name__}.")
    if seed < 0:
        raise ValueError(f"`{name}` must be a non-negative int, got {seed}.")
    return int(seed)


class SeedGenerator:
    """A reproducible stream of random generators, one per `next()` call.

    Its state is two ints, `(seed, counter)`: call number `k` returns a NumPy
    `Generator` seeded from `(seed, k)`. Streams are independent of how many
    numbers earlier calls drew (a smaller last batch does not shift later
    dropout masks), and making one costs about 10 microseconds, so a layer can
    call `next()` once per training step.

    Args:
        seed: int, or None to draw the starting seed from the global generator
            now (so `set_random_seed` before building a model fixes it).

    Example:
    >>> gen = SeedGenerator(42)
    >>> a = gen.next().random(3); b = gen.next().random(3)
    >>> bool((a != b).all()), bool((SeedGenerator(42).next().random(3) == a).all())
    (True, True)
    """

    def __init__(self, seed=None, name=None):
        self._initial_seed = None if seed is None else check_seed(seed)
        self.seed = draw_seed() if seed is None else self._initial_seed
        self.counter = 0
        self.name = name or "seed_generator"

    def next(self):
        """Returns a new `np.random.Generator` and advances the state."""
        rng = np.random.default_rng([self.seed, self.counter])
        self.counter += 1
        return rng

    def next_seed(self):
        """Returns a new int seed in [1, 2**31 - 1) and advances the state."""
        words = np.random.SeedSequence([self.seed, self.counter]).generate_state(1)
        self.counter += 1
        return 1 + int(words[0]) % (_MAX_SEED - 1)

    @property
    def state(self):
        """`[seed, counter]` as an int64 array (what a checkpoint would store)."""
        return np.array([self.seed, self.counter], dtype="int64")

    def set_state(self, state):
        """Restores a state previously read from `state`."""
        seed, counter = (int(v) for v in np.asarray(state).ravel())
        self.seed, self.counter = check_seed(seed), check_seed(counter, "counter")

    def get_config(self):
        return {"seed": self._initial_seed}

    @classmethod
    def from_config(cls, config):
        return cls(**config)

    def __repr__(self):
        return f"<SeedGenerator seed={self.seed} counter={self.counter}>"


def _entropy_seed():
    # Unseeded runs differ from one another, as in Keras.
    return int(np.random.SeedSequence().entropy % _MAX_SEED)


_GLOBAL_GENERATOR = SeedGenerator(_entropy_seed())
_GLOBAL_SEED = None


def set_random_seed(seed):
    """Seeds Python's `random`, NumPy's global RNG and numkeras's generator.

    Call it once before building a model: weights, dropout masks, shuffling
    and validation splits then repeat bit for bit from run to run.

    Args:
        seed: int in [0, 2**32).
    Example:
    >>> set_random_seed(1); a = draw_seed()
    >>> set_random_seed(1); a == draw_seed()
    True
    """
    global _GLOBAL_GENERATOR, _GLOBAL_SEED
    seed = check_seed(seed)
    if seed >= 2**32:  # NumPy's legacy global RNG accepts no more
        raise ValueError(f"`seed` must be below 2**32, got {seed}.")
    python_random.seed(seed)
    np.random.seed(seed)
    _GLOBAL_GENERATOR = SeedGenerator(seed, name="global_seed_generator")
    _GLOBAL_SEED = seed


def get_random_seed():
    """Returns the int last passed to `set_random_seed`, or None."""
    return _GLOBAL_SEED


def global_seed_generator():
    """Returns the root `SeedGenerator` (replaced by each `set_random_seed`)."""
    return _GLOBAL_GENERATOR


def draw_seed():
    """Returns a fresh int seed from the global generator.

    Deterministic after `set_random_seed`: the k-th call returns the same int.
    """
    return _GLOBAL_GENERATOR.next_seed()


def make_generator(seed=None):
    """Returns a `np.random.Generator` for `seed` (None, int, SeedGenerator or Generator).

    Example:
    >>> bool((make_generator(7).random(2) == make_generator(7).random(2)).all())
    True
    """
    if seed is None:
        return np.random.default_rng(draw_seed())
    if isinstance(seed, SeedGenerator):
        return seed.next()
    if isinstance(seed, np.random.Generator):
        return seed
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral):
        raise TypeError("`seed` must be None, an int, a SeedGenerator or a "
                        f"np.random.Generator, got {seed!r} of type {type(seed).__name__}.")
    return np.random.default_rng(check_seed(seed))


def _float_dtype(dtype):
    dtype = config.standardize_dtype(dtype)
    if np.dtype(dtype).kind != "f":
        raise ValueError(f"Expected a float dtype, got dtype={dtype!r}.")
    return np.dtype(dtype)


def _draw_dtype(dtype):
    # Generators draw float32 or float64 only; float16 is drawn as float32, then cast.
    return np.float64 if dtype == np.float64 else np.float32


def _shape(shape):
    return (int(shape),) if isinstance(shape, numbers.Integral) else tuple(int(n) for n in shape)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from N(mean, stddev²).

    Args:
        shape: tuple of ints.
        mean, stddev: floats.
        dtype: float dtype, default `floatx()`.
        seed: see the module docstring.
    Returns:
        np.ndarray of `shape` and `dtype`.
    Example:
    >>> normal((2, 3), seed=0).dtype
    dtype('float32')
    """
    dtype = _float_dtype(dtype)
    z = make_generator(seed).standard_normal(_shape(shape), dtype=_draw_dtype(dtype))
    return (z * stddev + mean).astype(dtype, copy=False)


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    """Samples from U[minval, maxval) (see `normal` for the arguments).

    Example:
    >>> x = uniform((1000,), -1.0, 1.0, seed=0); bool(x.min() >= -1 and x.max() < 1)
    True
    """
    dtype = _float_dtype(dtype)
    u = make_generator(seed).random(_shape(shape), dtype=_draw_dtype(dtype))
    return (u * (maxval - minval) + minval).astype(dtype, copy=False)


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    """Samples from N(mean, stddev²), redrawing values more than 2·stddev from the mean.

    The result's standard deviation is about 0.88·stddev (the variance-scaling
    initializers divide by 0.8796... to undo that).

    Example:
    >>> x = truncated_normal((10000,), stddev=1.0, seed=0); bool(abs(x).max() <= 2)
    True
    """
    dtype = _float_dtype(dtype)
    rng = make_generator(seed)
    draw_dtype = _draw_dtype(dtype)
    z = rng.standard_normal(_shape(shape), dtype=draw_dtype)
    outside = np.flatnonzero(np.abs(z) > 2.0)
    while outside.size:  # about 4.6% per round, so a handful of rounds at most
        redrawn = rng.standard_normal(outside.size, dtype=draw_dtype)
        z.flat[outside] = redrawn
        outside = outside[np.abs(redrawn) > 2.0]
    return (z * stddev + mean).astype(dtype, copy=False)


def randint(shape, minval, maxval, dtype="int32", seed=None):
    """Samples integers uniformly from [minval, maxval)."""
    return make_generator(seed).integers(minval, maxval, size=_shape(shape), dtype=dtype)


def permutation(n, seed=None):
    """Returns a random permutation of `range(n)` (fit's shuffling)."""
    return make_generator(seed).permutation(int(n))


def dropout_mask(shape, rate, seed=None, dtype=None):
    """Returns an inverted-dropout mask: 0 with probability `rate`, else 1/(1-rate).

    `x * mask` is then dropout with its expected value unchanged, and the
    gradient of that product is the mask itself.

    Args:
        shape: the mask's shape (a noise shape broadcasts against `x`).
        rate: float in [0, 1).
        seed: see the module docstring; a layer passes its SeedGenerator.
        dtype: default `floatx()`.
    Example:
    >>> sorted(set(dropout_mask((100,), 0.5, seed=0).tolist()))
    [0.0, 2.0]
    """
    rate = float(rate)
    if not 0.0 <= rate < 1.0:
        raise ValueError(f"dropout `rate` must be in [0, 1), got {rate}.")
    dtype = _float_dtype(dtype)
    keep_prob = 1.0 - rate
    kept = make_generator(seed).random(_shape(shape), dtype=np.float32) < keep_prob
    return kept.astype(dtype) * dtype.type(1.0 / keep_prob)
