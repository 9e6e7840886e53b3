"""The playground's data sets: four 2-D toys (circle, XOR, two Gaussians, spiral) and an MNIST subset.

NumPy only, seeded: the same arguments give the same arrays, on the page and in a script.
"""
import os

import numpy as np

TOY_DATASETS = ("circle", "xor", "gaussians", "spiral")
DATASETS = TOY_DATASETS + ("mnist",)
MNIST_SUBSET = (2000, 500)  # train, test samples of the MNIST subset


def _circle(rng, n, noise):
    radius = np.where(np.arange(n) % 2 == 0, rng.uniform(0.0, 0.45, n), rng.uniform(0.65, 1.0, n))
    angle = rng.uniform(0, 2 * np.pi, n)
    x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
    return x + rng.normal(0, noise, x.shape), (radius < 0.55).astype(np.float32)


def _xor(rng, n, noise):
    x = rng.uniform(-1, 1, (n, 2))
    x += np.sign(x) * 0.05  # a small gap around the axes
    y = (x[:, 0] * x[:, 1] > 0).astype(np.float32)
    return x + rng.normal(0, noise, x.shape), y


def _gaussians(rng, n, noise):
    y = (np.arange(n) % 2).astype(np.float32)
    centres = np.where(y[:, None] > 0, 0.5, -0.5)
    return centres + rng.normal(0, 0.15 + noise, (n, 2)), y


def _spiral(rng, n, noise):
    y = (np.arange(n) % 2).astype(np.float32)
    t = rng.uniform(0, 1, n)
    radius = 0.1 + 0.9 * t
    angle = 1.75 * t * 2 * np.pi + np.pi * y
    x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
    return x + rng.normal(0, noise, x.shape), y


_MAKERS = {"circle": _circle, "xor": _xor, "gaussians": _gaussians, "spiral": _spiral}


def mnist_cache_path():
    """Path of `mnist.npz` in numkeras's or Keras's dataset cache, or None when absent."""
    from numkeras.utils.file_utils import keras_home, numkeras_home

    for root in (numkeras_home(), keras_home()):
        path = os.path.join(root, "datasets", "mnist.npz")
        if os.path.isfile(path):
            return path
    return None


MNIST_MISSING = ("MNIST is not in your dataset cache (~/.numkeras/datasets/mnist.npz). Download it "
                 "once with: python -c \"import numkeras; numkeras.datasets.mnist.load_data()\"")


def _mnist(seed):
    path = mnist_cache_path()
    if path is None:
        raise FileNotFoundError(MNIST_MISSING)
    with np.load(path, allow_pickle=False) as f:
        x_train, y_train, x_test, y_test = f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    rng = np.random.default_rng(seed)
    train = rng.choice(len(x_train), MNIST_SUBSET[0], replace=False)
    test = rng.choice(len(x_test), MNIST_SUBSET[1], replace=False)

    def flat(x):
        return (x.reshape(len(x), -1) / np.float32(255)).astype(np.float32)

    return flat(x_train[train]), y_train[train].astype(np.int64), flat(x_test[test]), y_test[test].astype(np.int64)


def make_dataset(name, samples=400, noise=0.1, test_fraction=0.5, seed=0):
    """Returns `x_train, y_train, x_test, y_test` of a playground data set.

    Args:
        name: "circle", "xor", "gaussians", "spiral" (2-D points, labels 0/1 as float32 of
            shape (n, 1)) or "mnist" (a 2000/500 subset of MNIST from the dataset cache,
            784 pixels in [0, 1], digit labels; `samples`, `noise` and `test_fraction` unused).
        samples: points in all (2-D sets).
        noise: standard deviation of the Gaussian noise added to the points.
        test_fraction: share of the points held out as the test set.
        seed: the random seed; the same arguments give the same arrays.

    Example:
    >>> x_train, y_train, x_test, y_test = make_dataset("xor", samples=10, seed=1)
    >>> x_train.shape, y_train.shape, x_test.shape
    ((5, 2), (5, 1), (5, 2))
    """
    if name == "mnist":
        return _mnist(seed)
    if name not in _MAKERS:
        raise ValueError(f"make_dataset(): unknown data set {name!r}; expected one of {', '.join(DATASETS)}.")
    rng = np.random.default_rng(seed)
    x, y = _MAKERS[name](rng, int(samples), float(noise))
    order = rng.permutation(len(x))
    x, y = x[order].astype(np.float32), y[order].astype(np.float32)[:, None]
    n_test = int(round(len(x) * float(test_fraction)))
    split = len(x) - n_test
    return x[:split], y[:split], x[split:], y[split:]
