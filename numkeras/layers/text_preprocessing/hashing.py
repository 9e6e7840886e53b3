"""Stable bucket hashing of tokens (OOV buckets of the lookup layers).

Keras hashes with TensorFlow's FarmHash Fingerprint64; this module uses BLAKE2b's first 8
bytes instead, so a token's OOV bucket (with num_oov_indices > 1) is stable across runs and
machines but not the bucket Keras picks. In-vocabulary indices are unaffected.
"""
import hashlib

import numpy as np


def hash_buckets(keys, num_buckets):
    """The bucket in [0, num_buckets) of each key (str or int) of `keys`."""
    out = np.empty(len(keys), np.int64)
    for i, key in enumerate(np.asarray(keys).tolist()):
        digest = hashlib.blake2b(str(key).encode("utf-8"), digest_size=8).digest()
        out[i] = int.from_bytes(digest, "little") % num_buckets
    return out
