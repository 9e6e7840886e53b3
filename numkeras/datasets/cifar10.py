"""CIFAR-10: 50,000 training and 10,000 test colour images, 32x32, in 10 classes."""
import os

import numpy as np

from numkeras.datasets._remote import RemoteFile, fetch_extracted
from numkeras.datasets.cifar import load_batch, to_data_format

# Keras's cache names: the archive is saved as "cifar-10-batches-py-target_archive" and
# unpacked into the folder "cifar-10-batches-py-target/".
DATA_FILE = RemoteFile(
    "cifar-10-batches-py-target",
    "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz",
    "6d958be074577803d12ecdefd02955f39262c83c16fe9348329d7fe0b5c001ce",
)
TRAIN_BATCHES = ("data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5")

CLASS_NAMES = (
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
)  # fmt: skip


def load_data():
    """Loads CIFAR-10 as Keras does: the five training batches in order, then the test batch.

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 of shape (50000, 32, 32, 3) and
        (10000, 32, 32, 3) (channels last); y uint8 of shape (50000, 1) and (10000, 1).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    >>> x_train.shape, y_train.shape  # doctest: +SKIP
    ((50000, 32, 32, 3), (50000, 1))
    """
    folder = os.path.join(fetch_extracted(DATA_FILE), "cifar-10-batches-py")
    batches = [load_batch(os.path.join(folder, name)) for name in TRAIN_BATCHES]
    x_train = np.concatenate([data for data, _ in batches]).astype(np.uint8, copy=False)
    y_train = np.concatenate([np.asarray(labels) for _, labels in batches]).astype(np.uint8)
    x_test, y_test = load_batch(os.path.join(folder, "test_batch"))
    x_test = x_test.astype(np.uint8, copy=False)
    y_test = np.asarray(y_test).astype(np.uint8)
    return (
        (to_data_format(x_train), y_train.reshape(-1, 1)),
        (to_data_format(x_test), y_test.reshape(-1, 1)),
    )
