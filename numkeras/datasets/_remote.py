"""Where each data file comes from, and how a loader gets a verified local copy of it."""
import os
from dataclasses import dataclass

from numkeras.utils import file_utils

# Keras's canonical download folder for its small data sets.
KERAS_DATASETS_URL = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"


@dataclass(frozen=True)
class RemoteFile:
    """A data file: its cache name, its URL, its hash and its cache folder.

    Args:
        fname: file name in the cache folder (Keras's name).
        origin: URL to download it from.
        file_hash: sha256 (64 hex digits) or md5 (32), or None when Keras has none.
        cache_subdir: folder under the cache root.

    Example:
    >>> RemoteFile("mnist.npz", KERAS_DATASETS_URL + "mnist.npz", None).cache_subdir
    'datasets'
    """

    fname: str
    origin: str
    file_hash: str = None
    cache_subdir: str = "datasets"


def fetch(remote, path=None):
    """Returns the local path of `remote`, downloading it into the cache if needed.

    Args:
        remote: the `RemoteFile` to get.
        path: None for the default cache name; a bare file name for another name in the
            cache folder (Keras's meaning of `path`); or a path to a local copy (anything
            with a folder in it), which is used in place after its hash is checked.

    Returns:
        The path (str) of a verified copy.

    Example:
    >>> fetch(RemoteFile("mnist.npz", KERAS_DATASETS_URL + "mnist.npz"))  # doctest: +SKIP
    '/home/me/.numkeras/datasets/mnist.npz'
    """
    if path is None:
        path = remote.fname
    path = os.fspath(path)
    if os.path.dirname(path):
        return _check_local_copy(remote, os.path.expanduser(path))
    return file_utils.get_file(
        path, origin=remote.origin, file_hash=remote.file_hash, cache_subdir=remote.cache_subdir
    )


def _check_local_copy(remote, path):
    if not os.path.isfile(path):
        raise FileNotFoundError(
            f"No file at {path} (given as `path` for {remote.fname}). Give an existing file, or "
            f"a bare file name to use the cache; the file comes from {remote.origin}."
        )
    if remote.file_hash is not None and not file_utils.validate_file(path, remote.file_hash):
        raise file_utils.FileHashMismatchError(
            f"{path} is not the expected {remote.fname}: its hash does not match "
            f"{remote.file_hash}. The file may be corrupted or a different version; the "
            f"canonical copy is at {remote.origin}."
        )
    return path


def fetch_extracted(remote):
    """Returns the folder the archive `remote` is unpacked into (downloaded and unpacked if needed).

    Example:
    >>> fetch_extracted(cifar10.DATA_FILE)  # doctest: +SKIP
    '/home/me/.numkeras/datasets/cifar-10-batches-py-target'
    """
    return file_utils.get_file(
        remote.fname,
        origin=remote.origin,
        file_hash=remote.file_hash,
        cache_subdir=remote.cache_subdir,
        extract=True,
    )
