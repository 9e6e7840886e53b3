"""Read `.npz` archives whose ragged sequences are stored as pickled object arrays, safely.

IMDB and Reuters keep their lists of word indices in `dtype=object` arrays, which NumPy can
only store as a pickle. `np.load(allow_pickle=True)` would run whatever a tampered file
asks for; here pickles may only rebuild NumPy arrays, everything else is refused.
"""
import io
import pickle
import struct
import zipfile

import numpy as np

# Rebuilding an object array needs exactly these globals; both spellings of NumPy's
# `multiarray` module are listed so files written by NumPy 1.x and 2.x both load.
_ARRAY_GLOBALS = frozenset(
    {
        ("numpy", "ndarray"),
        ("numpy", "dtype"),
        ("numpy.core.multiarray", "_reconstruct"),
        ("numpy._core.multiarray", "_reconstruct"),
    }
)

_NPY_MAGIC = b"\x93NUMPY"


class ArrayOnlyUnpickler(pickle.Unpickler):
    """An unpickler that can rebuild NumPy arrays and nothing else.

    Example:
    >>> import io, pickle, numpy as np
    >>> data = pickle.dumps(np.array([[1, 2], [3]], dtype=object), protocol=3)
    >>> ArrayOnlyUnpickler(io.BytesIO(data)).load()[1]
    [3]
    """

    def find_class(self, module, name):
        if (module, name) in _ARRAY_GLOBALS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(
            f"Refusing to load `{module}.{name}` from a data file: only NumPy arrays are "
            "allowed. The file is corrupted or was tampered with; delete it and download it again."
        )


def load_npz(path):
    """Loads every array of an `.npz` file into a dict, unpickling object arrays safely.

    Args:
        path: the `.npz` file.

    Returns:
        dict mapping each member name (without `.npy`) to its array.

    Example:
    >>> arrays = load_npz("imdb.npz")  # doctest: +SKIP
    >>> sorted(arrays)  # doctest: +SKIP
    ['x_test', 'x_train', 'y_test', 'y_train']
    """
    arrays = {}
    with zipfile.ZipFile(path) as archive:
        for member in archive.namelist():
            if member.endswith(".npy"):
                arrays[member[: -len(".npy")]] = _read_npy(io.BytesIO(archive.read(member)))
    return arrays


def _read_npy(stream):
    version = np.lib.format.read_magic(stream)
    header_start = stream.tell()
    if version == (1, 0):
        _, _, dtype = np.lib.format.read_array_header_1_0(stream)
    else:
        # Versions 2.0 and 3.0 differ only in the header's text encoding, which matters only
        # for non-ASCII field names; 2.0's reader parses both.
        _, _, dtype = np.lib.format.read_array_header_2_0(stream)
    if not dtype.hasobject:
        stream.seek(0)
        return np.lib.format.read_array(stream, allow_pickle=False)
    # Skip the header by its stored length, then unpickle the array with the restricted loader.
    length_format = "<H" if version == (1, 0) else "<I"
    stream.seek(header_start)
    (header_length,) = struct.unpack(length_format, stream.read(struct.calcsize(length_format)))
    stream.seek(header_length, io.SEEK_CUR)
    return ArrayOnlyUnpickler(stream).load()
