"""The HDF5 weights store (`model.weights.h5`), laid out as Keras lays it out.

Each object's own variables live in a group `<path>/vars`, as datasets named
"0", "1", ...; the group carries the object's `name` as an attribute:

    /vars                      (the model's own variables; usually none)
    /layers/dense/vars/0       kernel
    /layers/dense/vars/1       bias
    /optimizer/vars/0          iterations

h5py is imported only here, on first use, so numkeras works without it.
Reading is defensive: only plain datasets stored inside the file are read (no
links to other files, no external or virtual storage), and a dataset's shape
is checked before its data is loaded.
"""
import io

import numpy as np

_BOMB_FLOOR = 1 << 32  # 4 GiB: only larger datasets can be decompression bombs worth refusing
_MAX_EXPANSION = 100
H5_MISSING = ("Reading or writing HDF5 files (.keras, .weights.h5, .h5) needs the optional "
              "dependency h5py, which is not installed. Install it with: pip install numkeras[h5]")


def require_h5py():
    """Imports h5py, or raises ImportError naming `pip install numkeras[h5]`."""
    try:
        import h5py
    except ImportError as error:
        raise ImportError(H5_MISSING) from error
    return h5py


class H5Store:
    """A `model.weights.h5` file opened for writing ("w") or reading ("r").

    Args:
        target: a path or a binary file object (e.g. `io.BytesIO`).
        mode: "w" or "r".
    """

    def __init__(self, target, mode="r"):
        if mode not in ("r", "w"):
            raise ValueError(f"H5Store mode must be 'r' or 'w', got {mode!r}.")
        h5py = require_h5py()
        self.mode = mode
        try:
            self.file = h5py.File(target, mode)
        except OSError as error:
            raise ValueError(f"Cannot read the weights: {_describe(target)} is not a valid HDF5 file "
                             f"(it may be truncated or corrupted). Details: {error}") from error

    def close(self):
        self.file.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # --- writing ------------------------------------------------------------------------
    def make(self, path, name=None):
        """Creates `<path>/vars` (the root's `vars` for path "") and returns it."""
        group = self.file.create_group(f"{path}/vars" if path else "vars")
        if name is not None:
            group.attrs["name"] = name
        return WriteEntry(group)

    # --- reading --------------------------------------------------------------------------
    def get(self, path):
        """The `vars` group of `path` as a ReadEntry (empty when the file has none)."""
        group = self._group(f"{path}/vars" if path else "vars")
        if group is None and path and "_layer_checkpoint_dependencies" in self.file:
            # Files from Keras 2.13-2.15 named the layer list differently.
            group = self._group(path.replace("layers", "_layer_checkpoint_dependencies") + "/vars")
        return ReadEntry(group, path)

    def _group(self, path):
        h5py = require_h5py()
        node = self.file
        for part in path.split("/"):
            if not part:
                continue
            link = node.get(part, getlink=True)
            if link is None:
                return None
            if not isinstance(link, h5py.HardLink):
                raise ValueError(f"Refusing to read the weights: '{path}' is a link "
                                 f"({type(link).__name__}), not a group stored in the file.")
            node = node[part]
            if not isinstance(node, h5py.Group):
                return None
        return node


class WriteEntry:
    """One `vars` group being written: `entry["0"] = array`."""

    def __init__(self, group):
        self.group = group

    def __setitem__(self, key, value):
        value = np.asarray(getattr(value, "value", value))
        self.group.create_dataset(str(key), data=value)

    def keys(self):
        return list(self.group.keys())

    def __len__(self):
        return len(self.group)


class ReadEntry:
    """One `vars` group being read; `entry[key]` checks the dataset before loading it."""

    def __init__(self, group, path):
        self.group = group
        self.path = path

    def keys(self):
        return [] if self.group is None else list(self.group.keys())

    def __len__(self):
        return len(self.keys())

    def __contains__(self, key):
        return key in self.keys()

    def dataset(self, key):
        """The h5py dataset `key`, after checking it is plain data stored in this file."""
        h5py = require_h5py()
        if self.group is None or key not in self.group:
            raise KeyError(f"No variable '{key}' under '{self.path or '/'}' in the weights file.")
        link = self.group.get(key, getlink=True)
        dataset = self.group[key] if isinstance(link, h5py.HardLink) else None
        if not isinstance(dataset, h5py.Dataset) or dataset.is_virtual or dataset.external:
            raise ValueError(f"Refusing to read variable '{self.path}/vars/{key}': it is not a plain "
                             f"dataset stored inside the file (links, external and virtual "
                             f"datasets are not allowed).")
        stored = dataset.id.get_storage_size()
        if dataset.nbytes > _BOMB_FLOOR and dataset.nbytes > _MAX_EXPANSION * max(stored, 1):
            raise ValueError(f"Refusing to read variable '{self.path}/vars/{key}': it declares "
                             f"{dataset.nbytes} bytes but stores only {stored} (a decompression bomb).")
        return dataset

    def shape(self, key):
        return tuple(self.dataset(key).shape)

    def __getitem__(self, key):
        return np.asarray(self.dataset(key)[()])


def _describe(target):
    return "the in-memory weights file" if isinstance(target, io.IOBase) else f"'{target}'"
