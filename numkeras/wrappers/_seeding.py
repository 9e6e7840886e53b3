"""Seeding a fit from the estimator's `random_state`, without leaking into the caller.

With `random_state` set, a fit starts from the same random state wherever it
runs (this process, a joblib worker, a Dask worker), so a grid search gives the
same scores on one core, on many, or on a cluster. The global generators are put
back afterwards, so fitting an estimator does not change the random numbers the
rest of the program draws.

The generators are per process, so run seeded fits in processes (joblib's
default loky backend, Dask workers), not in threads of one process: two
threads fitting at once would draw from the same generators.
"""
import contextlib
import numbers
import random as python_random

import numpy as np

from numkeras.backend import random as nk_random

_MAX_SEED = 2**31 - 1


def resolve_seed(random_state):
    """Turns scikit-learn's `random_state` (None, int, RandomState or Generator) into an int or None.

    A `RandomState`/`Generator` is drawn from, as scikit-learn estimators do, so
    two fits with the same instance differ unless it is reset in between.

    Example:
    >>> resolve_seed(None) is None, resolve_seed(7)
    (True, 7)
    """
    if random_state is None:
        return None
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        if random_state < 0:
            raise ValueError(f"`random_state` must be a non-negative int, got {random_state}.")
        return int(random_state)
    if isinstance(random_state, np.random.RandomState):
        return int(random_state.randint(_MAX_SEED))
    if isinstance(random_state, np.random.Generator):
        return int(random_state.integers(_MAX_SEED))
    raise TypeError("`random_state` must be None, an int, a numpy RandomState or a numpy "
                    f"Generator, got {random_state!r} of type {type(random_state).__name__}.")


def derive_seed(seed, *salt):
    """A distinct, reproducible seed for a later call (for example the next `partial_fit`)."""
    words = np.random.SeedSequence([seed, *salt]).generate_state(1)
    return int(words[0]) % _MAX_SEED


@contextlib.contextmanager
def seeded(seed):
    """Runs the block with numkeras, NumPy and Python seeded from `seed`; restores them after.

    `seed=None` leaves everything as it is (unseeded runs differ, as in Keras).

    Example:
    >>> with seeded(3): a = nk_random.draw_seed()
    >>> with seeded(3): b = nk_random.draw_seed()
    >>> a == b
    True
    """
    if seed is None:
        yield
        return
    generator = nk_random.global_seed_generator()
    saved = (generator.state, np.random.get_state(), python_random.getstate())
    # The global SeedGenerator's whole state is (seed, counter): resetting it in
    # place is exactly what set_random_seed(seed) would give numkeras.
    generator.set_state([seed, 0])
    np.random.seed(seed)
    python_random.seed(seed)
    try:
        yield
    finally:
        generator.set_state(saved[0])
        np.random.set_state(saved[1])
        python_random.setstate(saved[2])
