"""Fashion-MNIST: 60,000 training and 10,000 test images of clothes, 28x28 grayscale."""
import gzip

import numpy as np

from numkeras.datasets._remote import KERAS_DATASETS_URL, RemoteFile, fetch

CACHE_SUBDIR = "datasets/fashion-mnist"

# Keras gives no hash for these files; the sha256 of the canonical copies (identical to
# zalandoresearch/fashion-mnist) is checked instead, so a corrupted download is caught.
DATA_FILES = {
    "train_labels": RemoteFile(
        "train-labels-idx1-ubyte.gz",
        KERAS_DATASETS_URL + "train-labels-idx1-ubyte.gz",
        "a04f17134ac03560a47e3764e11b92fc97de4d1bfaf8ba1a3aa29af54cc90845",
        CACHE_SUBDIR,
    ),
    "train_images": RemoteFile(
        "train-images-idx3-ubyte.gz",
        KERAS_DATASETS_URL + "train-images-idx3-ubyte.gz",
        "3aede38d61863908ad78613f6a32ed271626dd12800ba2636569512369268a84",
        CACHE_SUBDIR,
    ),
    "test_labels": RemoteFile(
        "t10k-labels-idx1-ubyte.gz",
        KERAS_DATASETS_URL + "t10k-labels-idx1-ubyte.gz",
        "67da17c76eaffca5446c3361aaab5c3cd6d1c2608764d35dfb1850b086bf8dd5",
        CACHE_SUBDIR,
    ),
    "test_images": RemoteFile(
        "t10k-images-idx3-ubyte.gz",
        KERAS_DATASETS_URL + "t10k-images-idx3-ubyte.gz",
        "346e55b948d973a97e58d2351dde16a484bd415d4595297633bb08f03db6a073",
        CACHE_SUBDIR,
    ),
}

CLASS_NAMES = (
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
    "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
)  # fmt: skip

# IDX magic numbers: unsigned bytes, with 1 (labels) or 3 (images) dimensions.
_IDX_MAGIC = {1: 0x0801, 3: 0x0803}


def load_data():
    """Loads Fashion-MNIST, in the files' order, as Keras does.

    Classes: 0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt,
    7 Sneaker, 8 Bag, 9 Ankle boot (`CLASS_NAMES`).

    Returns:
        `(x_train, y_train), (x_test, y_test)`: x uint8 of shape (60000, 28, 28) and
        (10000, 28, 28); y uint8 labels of shape (60000,) and (10000,).

    Example:
    >>> (x_train, y_train), (x_test, y_test) = load_data()  # doctest: +SKIP
    >>> x_train.shape, x_test.shape  # doctest: +SKIP
    ((60000, 28, 28), (10000, 28, 28))
    """
    paths = {key: fetch(remote) for key, remote in DATA_FILES.items()}
    y_train = read_idx(paths["train_labels"], ndim=1)
    x_train = read_idx(paths["train_images"], ndim=3)
    y_test = read_idx(paths["test_labels"], ndim=1)
    x_test = read_idx(paths["test_images"], ndim=3)
    return (x_train, y_train), (x_test, y_test)


def read_idx(path, ndim):
    """Reads a gzip-compressed IDX file of unsigned bytes into a writable uint8 array.

    Args:
        path: the `.gz` file.
        ndim: 1 for labels, 3 for images.

    Returns:
        uint8 array with the shape stored in the file's header.

    Example:
    >>> read_idx("train-labels-idx1-ubyte.gz", ndim=1)[:3]  # doctest: +SKIP
    array([9, 0, 0], dtype=uint8)
    """
    with gzip.open(path, "rb") as f:
        data = bytearray(f.read())
    header_bytes = 4 * (1 + ndim)
    header = np.frombuffer(data, dtype=">u4", count=1 + ndim)
    shape = tuple(int(n) for n in header[1:])
    if header[0] != _IDX_MAGIC[ndim] or len(data) != header_bytes + int(np.prod(shape)):
        raise ValueError(
            f"{path} is not a valid IDX file with {ndim} dimension(s) of unsigned bytes "
            f"(magic {int(header[0]):#06x}, header shape {shape}, {len(data)} bytes); delete it so "
            "that it is downloaded again."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header_bytes).reshape(shape)
