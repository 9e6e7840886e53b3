"""StringLookup and IntegerLookup: vocabulary tables for string and integer features."""
import numpy as np

from numkeras.layers.preprocessing.text.index_lookup import IndexLookup


class StringLookup(IndexLookup):
    """Maps strings to integer indices from a vocabulary (given, or learned with `adapt`).

    Index layout (Keras's): in "int" mode the `mask_token` (if set) is 0, then
    `num_oov_indices` indices for unknown strings, then the vocabulary.

    Args:
        max_tokens: maximum vocabulary size, special tokens included (None: no limit).
        num_oov_indices: indices for out-of-vocabulary strings (default 1).
        mask_token: a string that maps to 0 (padding), default None.
        oov_token: the string `invert=True` returns for OOV indices (default "[UNK]").
        vocabulary: list/array of strings or a path to a text file (one per line).
        idf_weights: with output_mode "tf_idf" and a vocabulary, the idf of each term.
        invert: map indices back to strings.
        output_mode: "int" (default), "one_hot", "multi_hot", "count" or "tf_idf".
        pad_to_max_tokens: in the vector modes, output `max_tokens` columns.

    Example:
    >>> StringLookup(vocabulary=["a", "b", "c"])(np.array([["a", "c", "z"]])).numpy().tolist()
    [[1, 3, 0]]
    """

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token="[UNK]",
                 vocabulary=None, idf_weights=None, invert=False, output_mode="int", pad_to_max_tokens=False,
                 sparse=False, encoding="utf-8", name=None, **kwargs):
        self.encoding = encoding
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights,
                         invert=invert, output_mode=output_mode, sparse=sparse,
                         pad_to_max_tokens=pad_to_max_tokens, name=name, **kwargs)

    @property
    def input_dtype(self):
        return "int64" if self.invert else "string"

    def _as_keys(self, inputs):
        values = np.asarray(getattr(inputs, "value", inputs))
        if self.invert:
            return values
        if values.dtype.kind == "S":
            return np.char.decode(values, self.encoding)
        if values.dtype.kind != "U":
            if values.dtype == object and all(isinstance(v, (str, bytes)) for v in values.flat):
                return np.array([v.decode(self.encoding) if isinstance(v, bytes) else v
                                 for v in values.flat], dtype=str).reshape(values.shape)
            raise TypeError(f"StringLookup '{self.name}' expects string inputs, got dtype {values.dtype}. "
                            f"Use IntegerLookup for integer features.")
        return values

    def _inverted_array(self, out):
        return out.astype(str)

    def get_config(self):
        return {**super().get_config(), "encoding": self.encoding}


class IntegerLookup(IndexLookup):
    """Maps integers to contiguous indices from a vocabulary (given, or learned with `adapt`).

    Args: as StringLookup, with `mask_token` and `oov_token` integers (defaults None and -1).

    Example:
    >>> IntegerLookup(vocabulary=[12, 36, 1138, 42])(np.array([[12, 1138, 42], [42, 1000, 36]])).numpy().tolist()
    [[1, 3, 4], [4, 0, 2]]
    """

    vocabulary_dtype = "int64"

    def __init__(self, max_tokens=None, num_oov_indices=1, mask_token=None, oov_token=-1,
                 output_mode="int", sparse=False, vocabulary=None, vocabulary_dtype="int64",
                 idf_weights=None, invert=False, name=None, **kwargs):
        if max_tokens is not None and max_tokens <= 1:
            raise ValueError(f"IntegerLookup: `max_tokens` must be above 1, got {max_tokens!r}.")
        if num_oov_indices < 0:
            raise ValueError(f"IntegerLookup: `num_oov_indices` must be >= 0, got {num_oov_indices!r}.")
        super().__init__(max_tokens=max_tokens, num_oov_indices=num_oov_indices, mask_token=mask_token,
                         oov_token=oov_token, vocabulary=vocabulary, idf_weights=idf_weights,
                         invert=invert, output_mode=output_mode, sparse=sparse, name=name, **kwargs)

    def _standardize_tokens(self, tokens):
        return [int(t) for t in tokens]

    def _as_keys(self, inputs):
        values = np.asarray(getattr(inputs, "value", inputs))
        if values.dtype.kind == "f" and np.all(values == np.round(values)):
            values = values.astype(np.int64)
        if values.dtype.kind not in "iu":
            raise TypeError(f"IntegerLookup '{self.name}' expects integer inputs, got dtype "
                            f"{values.dtype}. Use StringLookup for strings.")
        return values.astype(np.int64)

    def _key_of(self, key):
        return int(key)

    def _oov_buckets(self, keys):
        return np.mod(np.asarray(keys, np.int64), self.num_oov_indices)

    def _inverted_array(self, out):
        return out.astype(np.int64)

    def get_config(self):
        return {**super().get_config(), "vocabulary_dtype": "int64"}
