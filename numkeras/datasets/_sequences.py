"""The word-index pipeline shared by IMDB and Reuters, vectorised with NumPy.

Keras's loaders walk every word in Python three times; here all sequences are held as one
flat int64 array plus their lengths, each step is a NumPy operation, and Python lists are
built once at the end. The steps and their order are Keras's, quirks included (they are
pointed out where they happen), so the results are identical.
"""
import itertools
import json

import numpy as np

from numkeras.datasets._checks import check_int


class Sequences:
    """Ragged integer sequences stored as one flat array and the length of each sequence."""

    def __init__(self, flat, lengths):
        self.flat = flat
        self.lengths = lengths

    @classmethod
    def from_lists(cls, lists):
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        flat = np.fromiter(
            itertools.chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum())
        )
        return cls(flat, lengths)

    def __len__(self):
        return len(self.lengths)

    def take(self, keep):
        """Keeps the sequences where the boolean mask `keep` is true."""
        return Sequences(self.flat[np.repeat(keep, self.lengths)], self.lengths[keep])

    def to_object_array(self, start=0, stop=None):
        """Returns sequences [start:stop) as Keras does: `np.array(list_of_lists, dtype=object)`.

        Built the same way as Keras so that even its corner case (all sequences of equal
        length give a 2-D object array) comes out the same.
        """
        bounds = np.concatenate([[0], np.cumsum(self.lengths)])
        stop = len(self.lengths) if stop is None else stop
        values = self.flat[bounds[start] : bounds[stop]].tolist()
        offsets = (bounds[start : stop + 1] - bounds[start]).tolist()
        lists = [values[a:b] for a, b in zip(offsets[:-1], offsets[1:])]
        return np.array(lists, dtype="object")


def concatenate(first, second):
    return Sequences(
        np.concatenate([first.flat, second.flat]), np.concatenate([first.lengths, second.lengths])
    )


def check_index_arguments(
    loader, num_words, skip_top, maxlen, seed, start_char, oov_char, index_from
):
    """Checks the arguments IMDB and Reuters share; returns them as ints (or None)."""
    return dict(
        num_words=check_int(loader, "num_words", num_words, min_value=0, allow_none=True),
        skip_top=check_int(loader, "skip_top", skip_top, min_value=0),
        maxlen=check_int(loader, "maxlen", maxlen, min_value=0, allow_none=True),
        seed=check_int(loader, "seed", seed, min_value=0, allow_none=True),
        start_char=check_int(loader, "start_char", start_char, allow_none=True),
        oov_char=check_int(loader, "oov_char", oov_char, allow_none=True),
        index_from=check_int(loader, "index_from", index_from, min_value=0),
    )


def shuffle(rng, *arrays):
    """Shuffles arrays of equal length with one permutation drawn as Keras draws it."""
    indices = np.arange(len(arrays[0]))
    rng.shuffle(indices)
    return tuple(array[indices] for array in arrays)


def shift_indices(sequences, start_char, index_from):
    """Adds `index_from` to every index and puts `start_char` (if not None) in front."""
    flat, lengths = sequences.flat, sequences.lengths
    if start_char is None:
        return Sequences(flat + index_from if index_from else flat, lengths)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]]).astype(np.int64)
    # np.insert with repeated positions inserts once per position, so empty sequences work.
    return Sequences(np.insert(flat + index_from, starts, start_char), lengths + 1)


def drop_long(sequences, labels, maxlen):
    """Drops (does not truncate) sequences of length >= maxlen, as Keras does."""
    keep = sequences.lengths < maxlen
    return sequences.take(keep), labels[keep]


def limit_vocabulary(sequences, num_words, skip_top, oov_char):
    """Maps indices outside [skip_top, num_words) to `oov_char`, or drops them if it is None.

    Keras applies this to the start marker too, so `skip_top > start_char` turns it into OOV.
    """
    flat = sequences.flat
    in_vocabulary = (flat >= skip_top) & (flat < num_words)
    if oov_char is not None:
        return Sequences(np.where(in_vocabulary, flat, oov_char), sequences.lengths)
    owner = np.repeat(np.arange(len(sequences)), sequences.lengths)
    lengths = np.bincount(owner[in_vocabulary], minlength=len(sequences)).astype(np.int64)
    return Sequences(flat[in_vocabulary], lengths)


def default_num_words(sequences, loader):
    """Keras's default vocabulary size: the largest index present.

    Quirk kept from Keras: the filter keeps indices `< num_words`, so with the default the
    single largest index is itself mapped to OOV.
    """
    if sequences.flat.size == 0:
        raise ValueError(f"{loader}(): no word is left after filtering; increase maxlen.")
    return int(sequences.flat.max())


def read_word_index(file_path):
    """The word -> frequency rank dict stored as JSON at `file_path`."""
    with open(file_path, encoding="utf-8") as f:
        return json.load(f)
