"""CIFAR-100: 50,000 training and 10,000 test colour images, 32x32, in 100 classes."""
import os

import numpy as np

from numkeras.datasets._checks import check_choice
from numkeras.datasets._remote import RemoteFile, fetch_extracted
from numkeras.datasets.cifar import load_batch, to_data_format

# Keras's cache names: the archive is saved as "cifar-100-python-target_archive" and unpacked into
# the folder "cifar-100-python-target/".
DATA_FILE = RemoteFile(
    "cifar-100-python-target",
    "https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz",
    "85cd44d02ba6437773c5bbd22e183051d648de2e7d6b014e1ef29b855ba677a7",
)


def load_data(label_mode="fine"):
    """Loads CIFAR-100 as Keras does.

    Args:
        label_mode: "fine" (100 classes) or "coarse" (20 superclasses).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 of shape (50000, 32, 32, 3) and
        (10000, 32, 32, 3) (channels last); y int64 of shape (50000, 1) and (10000, 1)
        (int64, not uint8 as for CIFAR-10, exactly as Keras returns them).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data(label_mode="coarse")  # doctest: +SKIP
    >>> int(y_train.max())  # doctest: +SKIP
    19
    """
    check_choice("cifar100.load_data", "label_mode", label_mode, ("fine", "coarse"))
    folder = os.path.join(fetch_extracted(DATA_FILE), "cifar-100-python")
    key = f"{label_mode}_labels"
    x_train, y_train = load_batch(os.path.join(folder, "train"), label_key=key)
    x_test, y_test = load_batch(os.path.join(folder, "test"), label_key=key)
    # Keras reshapes the label lists directly, which gives NumPy's default int64.
    y_train = np.asarray(y_train, dtype=np.int64).reshape(-1, 1)
    y_test = np.asarray(y_test, dtype=np.int64).reshape(-1, 1)
    return (to_data_format(x_train), y_train), (to_data_format(x_test), y_test)
