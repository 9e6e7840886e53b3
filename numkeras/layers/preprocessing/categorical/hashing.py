"""Hashing: strings (or ints, as their decimal text) to one of `num_bins` buckets, with Keras's hashes.

Without a salt Keras takes FarmHash's Fingerprint64 (TensorFlow's `to_hash_bucket_fast`); with
a salt, SipHash-2-4 keyed by the two salt words (`to_hash_bucket_strong`). Both are written
out here in Python on 64-bit words, so buckets equal Keras's (a golden test holds them so).
"""
import numpy as np

from numkeras.backend.tensor import Tensor
from numkeras.layers.layer import Layer
from numkeras.layers.preprocessing.categorical.category_encoding import encode_categorical

MASK64 = (1 << 64) - 1
K0, K1, K2 = 0xC3A5C85C97CB3127, 0xB492B66FBE98F273, 0x9AE16A3B2F90404F


def _u64(b, i):
    return int.from_bytes(b[i:i + 8], "little")


def _u32(b, i):
    return int.from_bytes(b[i:i + 4], "little")


def _rot(v, s):
    return v if s == 0 else ((v >> s) | (v << (64 - s))) & MASK64


def _shift_mix(v):
    return v ^ (v >> 47)


def _hash16(u, v, mul):
    a = ((u ^ v) * mul) & MASK64
    a ^= a >> 47
    b = ((v ^ a) * mul) & MASK64
    b ^= b >> 47
    return (b * mul) & MASK64


def _len0to16(s):
    n = len(s)
    if n >= 8:
        mul = K2 + n * 2
        a = (_u64(s, 0) + K2) & MASK64
        b = _u64(s, n - 8)
        c = (_rot(b, 37) * mul + a) & MASK64
        d = ((_rot(a, 25) + b) * mul) & MASK64
        return _hash16(c, d, mul)
    if n >= 4:
        mul = K2 + n * 2
        return _hash16((n + (_u32(s, 0) << 3)) & MASK64, _u32(s, n - 4), mul)
    if n > 0:
        y = (s[0] + (s[n >> 1] << 8)) & 0xFFFFFFFF
        z = (n + (s[n - 1] << 2)) & 0xFFFFFFFF
        return (_shift_mix(((y * K2) ^ (z * K0)) & MASK64) * K2) & MASK64
    return K2


def _len17to32(s):
    n = len(s)
    mul = K2 + n * 2
    a = (_u64(s, 0) * K1) & MASK64
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & MASK64
    d = (_u64(s, n - 16) * K2) & MASK64
    return _hash16((_rot((a + b) & MASK64, 43) + _rot(c, 30) + d) & MASK64,
                   (a + _rot((b + K2) & MASK64, 18) + c) & MASK64, mul)


def _len33to64(s):
    n = len(s)
    mul = K2 + n * 2
    a = (_u64(s, 0) * K2) & MASK64
    b = _u64(s, 8)
    c = (_u64(s, n - 8) * mul) & MASK64
    d = (_u64(s, n - 16) * K2) & MASK64
    y = (_rot((a + b) & MASK64, 43) + _rot(c, 30) + d) & MASK64
    z = _hash16(y, (a + _rot((b + K2) & MASK64, 18) + c) & MASK64, mul)
    e = (_u64(s, 16) * mul) & MASK64
    f = _u64(s, 24)
    g = ((y + _u64(s, n - 32)) * mul) & MASK64
    h = ((z + _u64(s, n - 24)) * mul) & MASK64
    return _hash16((_rot((e + f) & MASK64, 43) + _rot(g, 30) + h) & MASK64,
                   (e + _rot((f + a) & MASK64, 18) + g) & MASK64, mul)


def _weak32(s, i, a, b):
    w, x, y, z = _u64(s, i), _u64(s, i + 8), _u64(s, i + 16), _u64(s, i + 24)
    a = (a + w) & MASK64
    b = _rot((b + a + z) & MASK64, 21)
    c = a
    a = (a + x + y) & MASK64
    b = (b + _rot(a, 44)) & MASK64
    return (a + z) & MASK64, (b + c) & MASK64


def fingerprint64(data):
    """FarmHash Fingerprint64 of `data` (bytes): TensorFlow's `tf.fingerprint`/`to_hash_bucket_fast`."""
    s, n = bytes(data), len(data)
    if n <= 16:
        return _len0to16(s)
    if n <= 32:
        return _len17to32(s)
    if n <= 64:
        return _len33to64(s)
    seed = 81
    x = seed
    y = (seed * K1 + 113) & MASK64
    z = (_shift_mix((y * K2 + 113) & MASK64) * K2) & MASK64
    v, w = (0, 0), (0, 0)
    x = (x * K2 + _u64(s, 0)) & MASK64
    end = ((n - 1) // 64) * 64
    last64 = end + ((n - 1) & 63) - 63
    i = 0
    while True:
        x = (_rot((x + y + v[0] + _u64(s, i + 8)) & MASK64, 37) * K1) & MASK64
        y = (_rot((y + v[1] + _u64(s, i + 48)) & MASK64, 42) * K1) & MASK64
        x ^= w[1]
        y = (y + v[0] + _u64(s, i + 40)) & MASK64
        z = (_rot((z + w[0]) & MASK64, 33) * K1) & MASK64
        v = _weak32(s, i, (v[1] * K1) & MASK64, (x + w[0]) & MASK64)
        w = _weak32(s, i + 32, (z + w[1]) & MASK64, (y + _u64(s, i + 16)) & MASK64)
        z, x = x, z
        i += 64
        if i == end:
            break
    mul = K1 + ((z & 0xFF) << 1)
    i = last64
    w = ((w[0] + ((n - 1) & 63)) & MASK64, w[1])
    v = ((v[0] + w[0]) & MASK64, v[1])
    w = ((w[0] + v[0]) & MASK64, w[1])
    x = (_rot((x + y + v[0] + _u64(s, i + 8)) & MASK64, 37) * mul) & MASK64
    y = (_rot((y + v[1] + _u64(s, i + 48)) & MASK64, 42) * mul) & MASK64
    x ^= (w[1] * 9) & MASK64
    y = (y + v[0] * 9 + _u64(s, i + 40)) & MASK64
    z = (_rot((z + w[0]) & MASK64, 33) * mul) & MASK64
    v = _weak32(s, i, (v[1] * mul) & MASK64, (x + w[0]) & MASK64)
    w = _weak32(s, i + 32, (z + w[1]) & MASK64, (y + _u64(s, i + 16)) & MASK64)
    z, x = x, z
    return _hash16((_hash16(v[0], w[0], mul) + _shift_mix(y) * K0 + z) & MASK64,
                   (_hash16(v[1], w[1], mul) + x) & MASK64, mul)


def siphash24(data, key0, key1):
    """SipHash-2-4 of `data` with the 128-bit key (key0, key1): TensorFlow's strong bucket hash."""
    v0 = key0 ^ 0x736F6D6570736575
    v1 = key1 ^ 0x646F72616E646F6D
    v2 = key0 ^ 0x6C7967656E657261
    v3 = key1 ^ 0x7465646279746573

    def rounds(v0, v1, v2, v3, count):
        for _ in range(count):
            v0 = (v0 + v1) & MASK64
            v1 = _rotl(v1, 13) ^ v0
            v0 = _rotl(v0, 32)
            v2 = (v2 + v3) & MASK64
            v3 = _rotl(v3, 16) ^ v2
            v0 = (v0 + v3) & MASK64
            v3 = _rotl(v3, 21) ^ v0
            v2 = (v2 + v1) & MASK64
            v1 = _rotl(v1, 17) ^ v2
            v2 = _rotl(v2, 32)
        return v0, v1, v2, v3

    data = bytes(data)
    n = len(data)
    full = n - n % 8
    for i in range(0, full, 8):
        m = _u64(data, i)
        v3 ^= m
        v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
        v0 ^= m
    last = int.from_bytes(data[full:] + bytes(8 - (n - full)), "little") | ((n & 0xFF) << 56)
    v3 ^= last
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 2)
    v0 ^= last
    v2 ^= 0xFF
    v0, v1, v2, v3 = rounds(v0, v1, v2, v3, 4)
    return v0 ^ v1 ^ v2 ^ v3


def _rotl(v, s):
    return ((v << s) | (v >> (64 - s))) & MASK64


def _as_text(values):
    """Keys as UTF-8 bytes; ints (and floats, cast to int as Keras does) as their decimal text."""
    if values.dtype.kind == "f":
        values = values.astype(np.int64)
    if values.dtype.kind in "iub":
        return [str(int(v)).encode() for v in values.reshape(-1).tolist()]
    return [v if isinstance(v, bytes) else str(v).encode("utf-8") for v in values.reshape(-1).tolist()]


def hash_buckets(keys, num_buckets, salt=None):
    """The bucket in [0, num_buckets) of each key (str, bytes or int) of `keys`, as TensorFlow."""
    values = np.asarray(keys)
    texts = _as_text(values)
    uniques = {t: None for t in texts}
    for t in uniques:
        h = fingerprint64(t) if salt is None else siphash24(t, salt[0] & MASK64, salt[1] & MASK64)
        uniques[t] = h % num_buckets
    return np.array([uniques[t] for t in texts], np.int64).reshape(values.shape)


class Hashing(Layer):
    """Hashes each value into one of `num_bins` buckets (Keras's FarmHash, or SipHash with a salt).

    Args:
        num_bins: number of buckets (with `mask_value`, bucket 0 is kept for it).
        mask_value: a value that maps to bucket 0.
        salt: an int or a pair of ints: use the keyed SipHash.
        output_mode: "int" (default), "one_hot", "multi_hot" or "count".

    Example:
    >>> Hashing(num_bins=3)(np.array([["A"], ["B"], ["C"], ["D"], ["E"]])).numpy().ravel().tolist()
    [1, 0, 1, 1, 2]
    """

    def __init__(self, num_bins, mask_value=None, salt=None, output_mode="int", sparse=False, **kwargs):
        super().__init__(**{k: v for k, v in kwargs.items() if k != "dtype"})
        who = f"Hashing '{self.name}'"
        if num_bins is None or isinstance(num_bins, bool) or not isinstance(num_bins, int) or num_bins <= 0:
            raise ValueError(f"{who}: `num_bins` must be a positive int, got {num_bins!r}.")
        if output_mode not in ("int", "one_hot", "multi_hot", "count"):
            raise ValueError(f"{who}: `output_mode` must be int, one_hot, multi_hot or count, got "
                             f"{output_mode!r}.")
        if sparse:
            raise ValueError(f"{who}: `sparse=True` is not supported; outputs are dense arrays.")
        if salt is not None:
            if isinstance(salt, (tuple, list)) and len(salt) == 2:
                salt = [int(s) for s in salt]
            elif isinstance(salt, int) and not isinstance(salt, bool):
                salt = [salt, salt]
            else:
                raise ValueError(f"{who}: `salt` must be an int or a pair of ints, got {salt!r}.")
        self.num_bins = num_bins
        self.mask_value = mask_value
        self.salt = salt
        self.strong_hash = salt is not None
        self.output_mode = output_mode
        self.sparse = False
        self.built = True

    def call(self, inputs):
        values = np.asarray(getattr(inputs, "value", inputs))
        if self.output_mode == "one_hot" and values.ndim and values.shape[-1] == 1:
            values = values[..., 0]
        bins = self.num_bins
        mask = None
        if self.mask_value is not None and bins > 1:
            bins -= 1
            mask = values == self.mask_value
        buckets = hash_buckets(values, bins, self.salt)
        if mask is not None:
            buckets = np.where(mask, 0, buckets + 1)
        if self.output_mode == "int":
            return Tensor(buckets)
        return Tensor(encode_categorical(buckets, self.output_mode, self.num_bins, "float32"))

    def compute_output_shape(self, input_shape):
        if self.output_mode == "int":
            return tuple(input_shape)
        return tuple(input_shape[:-1]) + (self.num_bins,) if len(input_shape) else (self.num_bins,)

    def get_config(self):
        return {**super().get_config(), "num_bins": self.num_bins, "salt": self.salt,
                "mask_value": self.mask_value, "output_mode": self.output_mode, "sparse": self.sparse}
