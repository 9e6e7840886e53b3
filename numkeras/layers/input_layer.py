"""Symbolic inputs of the functional API: `Input`, `InputLayer`, `KerasTensor`."""
from numkeras.backend import config
from numkeras.layers.layer import Layer


class KerasTensor:
    """A placeholder with a shape (batch axis None) that records which layer made it."""

    def __init__(self, shape, dtype=None, name=None, history=None):
        self.shape = tuple(shape)
        self.dtype = config.standardize_dtype(dtype)
        self.name = name
        self._keras_history = history  # (layer, node) that produced it, None for a fresh input

    @property
    def ndim(self):
        return len(self.shape)

    def __repr__(self):
        return f"<KerasTensor shape={self.shape}, dtype={self.dtype}, name={self.name}>"

    def __array__(self, *args, **kwargs):
        raise TypeError(f"{self!r} is a symbolic placeholder of the functional API, not data: "
                        f"build a Model from it and call the model on arrays.")


class InputLayer(Layer):
    """The layer behind `keras.Input`: holds the input's shape and dtype.

    Args:
        shape: the input's shape without the batch axis.
        batch_size: optional fixed batch size.
        dtype: default `floatx()`.
        name: the input's name (default `input_layer`, made unique).
    """

    def __init__(self, shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None,
                 input_tensor=None, optional=False, name=None, ragged=False, **kwargs):
        if ragged:
            raise ValueError("InputLayer: ragged inputs are a TensorFlow feature; numkeras supports "
                             "dense inputs only (ragged=False).")
        if input_tensor is not None:
            raise NotImplementedError("Input(tensor=...) wraps an existing backend tensor, which "
                                      "numkeras does not support: pass shape= (and dtype=) instead.")
        if "input_shape" in kwargs and shape is None:
            shape = kwargs.pop("input_shape")
        if "batch_input_shape" in kwargs and batch_shape is None:
            batch_shape = kwargs.pop("batch_input_shape")
        super().__init__(name=name, dtype=dtype, **kwargs)
        if batch_shape is not None:
            batch_shape = tuple(batch_shape)
        elif shape is not None:
            shape = (shape,) if isinstance(shape, int) else tuple(shape)
            batch_shape = (batch_size,) + shape
        else:
            raise ValueError(f"InputLayer '{self.name}' needs a `shape` (without the batch axis), "
                             f"e.g. keras.Input(shape=(784,)).")
        for d in batch_shape[1:]:
            if d is not None and (not isinstance(d, int) or d < 0):
                raise ValueError(f"Input '{self.name}': shape entries must be positive ints or None, "
                                 f"got shape {batch_shape[1:]}.")
        self.batch_shape = batch_shape
        self.sparse = bool(sparse)
        self.optional = optional
        self.built = True
        self._build_shapes = batch_shape
        self._output = KerasTensor(batch_shape, self._dtype, name=self.name, history=(self, None))

    @property
    def output(self):
        """The symbolic tensor that `keras.Input` returns."""
        return self._output

    def get_config(self):
        return {"batch_shape": list(self.batch_shape), "dtype": self._dtype, "sparse": self.sparse,
                "ragged": False, "name": self.name, "optional": bool(self.optional)}

    def get_build_config(self):
        return None  # built from its config: Keras writes no build_config for inputs

    def call(self, inputs):
        return inputs


def cast_to_input_dtype(array, dtype=None):
    """Input data in its Input's dtype, as Keras casts model inputs.

    Integer data fed to a float Input becomes that float type (so int arrays never turn the math
    into float64); with no declared dtype, floats become floatx and other dtypes stay.
    """
    if array.dtype.kind in "US" or dtype == "string":
        return _string_input(array, dtype)
    want = dtype if dtype is not None else config.floatx() if array.dtype.kind in "fc" else None
    return array if want is None or array.dtype == want else array.astype(want)


def _string_input(array, dtype):
    """Text goes only to a string Input (followed by TextVectorization, StringLookup, Hashing)."""
    if dtype == "string":
        if array.dtype.kind not in "US":
            raise TypeError(f"A model input of dtype 'string' got data of dtype {array.dtype}; pass "
                            f"text as a NumPy array (or list) of str.")
        return array
    if dtype is not None:
        raise TypeError(f"The model's input expects {dtype} data but got strings (dtype "
                        f"{array.dtype}). A model reads text through keras.Input(dtype='string') "
                        f"followed by a TextVectorization or StringLookup layer; else encode the "
                        f"strings as numbers first.")
    return array


def Input(shape=None, batch_size=None, dtype=None, sparse=None, batch_shape=None, name=None,
          tensor=None, optional=False):
    """A symbolic input for the functional API.

    >>> x = Input(shape=(784,))
    >>> x.shape
    (None, 784)
    """
    layer = InputLayer(shape=shape, batch_size=batch_size, dtype=dtype, sparse=sparse,
                       batch_shape=batch_shape, input_tensor=tensor, name=name, optional=optional)
    return layer.output
