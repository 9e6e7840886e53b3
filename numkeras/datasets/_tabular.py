"""Shuffle-and-split shared by the housing data sets."""
import numpy as np


def shuffle_and_split(x, y, test_split, seed):
    """Shuffles rows with `np.random.RandomState(seed)` and splits off the last `test_split`.

    The first `int(n * (1 - test_split))` shuffled rows are the training set, as in Keras.

    Returns:
        `(x_train, y_train), (x_test, y_test)`, each a new array.
    """
    indices = np.arange(len(x))
    np.random.RandomState(seed).shuffle(indices)
    x, y = x[indices], y[indices]
    split = int(len(x) * (1 - test_split))
    return (x[:split], y[:split]), (x[split:], y[split:])


def load_xy(path):
    """Reads the arrays `x` and `y` of an `.npz` file (no pickles allowed)."""
    with np.load(path, allow_pickle=False) as f:
        return f["x"], f["y"]
