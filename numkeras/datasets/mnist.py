"""MNIST handwritten digits: 60,000 training and 10,000 test images, 28x28 grayscale."""
import numpy as np

from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch

DATA_FILE = RemoteFile(
    "mnist.npz",
    KERAS_DATASETS_URL + "mnist.npz",
    "731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1",
)


def load_data(path="mnist.npz"):
    """Loads MNIST, in the file's order (no shuffling), as Keras does.

    Args:
        path: file name in the cache (`$NUMKERAS_HOME/datasets/`), or a path to a local copy.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 of shape (60000, 28, 28) and
        (10000, 28, 28) with values 0-255; y uint8 digit labels of shape (60000,), (10000,).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    >>> x_train.shape, y_train[:5].tolist()  # doctest: +SKIP
    ((60000, 28, 28), [5, 0, 4, 1, 9])
    """
    with np.load(fetch(DATA_FILE, path), allow_pickle=False) as f:
        return (f["x_train"], f["y_train"]), (f["x_test"], f["y_test"])
