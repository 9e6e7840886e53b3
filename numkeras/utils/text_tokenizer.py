"""Keras 2's `keras.preprocessing.text`: Tokenizer, text_to_word_sequence, one_hot, hashing_trick.

Kept for old tf.keras code (`numkeras run`); new code uses `layers.TextVectorization`.
The rules are Keras 2's: words are ranked by count (ties keep first-seen order), index 1 is
the most frequent word (or `oov_token` when given), and `num_words` keeps indices below it.
"""
import hashlib
import json
from collections import OrderedDict, defaultdict

import numpy as np

DEFAULT_FILTERS = '!"#$%&()*+,-./:;<=>?@[\\]^_`{|}~\t\n'


def text_to_word_sequence(text, filters=DEFAULT_FILTERS, lower=True, split=" "):
    """Splits a text into words after lower-casing and replacing `filters` characters by `split`."""
    if lower:
        text = text.lower()
    text = text.translate(str.maketrans({c: split for c in filters}))
    return [w for w in text.split(split) if w]


def hashing_trick(text, n, hash_function=None, filters=DEFAULT_FILTERS, lower=True, split=" "):
    """Each word to `hash(word) % (n - 1) + 1` (md5 by default, as Keras 2's "md5" option)."""
    if hash_function is None or hash_function == "md5":
        def hash_function(w):
            return int(hashlib.md5(w.encode()).hexdigest(), 16)
    words = text_to_word_sequence(text, filters=filters, lower=lower, split=split)
    return [int(hash_function(w) % (n - 1) + 1) for w in words]


def one_hot(text, n, filters=DEFAULT_FILTERS, lower=True, split=" ", analyzer=None):
    """Keras 2's `one_hot`: the hashing trick with md5 (stable across runs)."""
    return hashing_trick(text, n, filters=filters, lower=lower, split=split)


class Tokenizer:
    """Keras 2's text tokenizer: word index from `fit_on_texts`, then sequences or matrices.

    Args:
        num_words: keep only the `num_words - 1` most frequent words in outputs (None: all).
        filters: characters removed from texts.
        lower: lower-case texts first.
        split: word separator.
        char_level: every character is a token.
        oov_token: token (index 1) that replaces unknown words in `texts_to_sequences`.

    Example:
    >>> t = Tokenizer(num_words=3); t.fit_on_texts(["the cat", "the dog"]); t.word_index
    {'the': 1, 'cat': 2, 'dog': 3}
    >>> t.texts_to_sequences(["the dog and cat"])
    [[1, 2]]
    """

    def __init__(self, num_words=None, filters=DEFAULT_FILTERS, lower=True, split=" ",
                 char_level=False, oov_token=None, analyzer=None, document_count=0, **kwargs):
        if kwargs:
            raise TypeError(f"Tokenizer got unexpected keyword arguments: {sorted(kwargs)}.")
        if num_words is not None and (not isinstance(num_words, int) or num_words < 1):
            raise ValueError(f"Tokenizer: `num_words` must be None or a positive int, got {num_words!r}.")
        self.word_counts = OrderedDict()
        self.word_docs = defaultdict(int)
        self.filters = filters
        self.split = split
        self.lower = lower
        self.num_words = num_words
        self.document_count = document_count
        self.char_level = char_level
        self.oov_token = oov_token
        self.index_docs = defaultdict(int)
        self.word_index = {}
        self.index_word = {}
        self.analyzer = analyzer

    def _words(self, text):
        if isinstance(text, list):  # a pre-split text
            return [w.lower() for w in text] if self.lower else list(text)
        if self.char_level:
            return list(text.lower() if self.lower else text)
        if self.analyzer is not None:
            return self.analyzer(text)
        return text_to_word_sequence(text, self.filters, self.lower, self.split)

    def fit_on_texts(self, texts):
        """Counts words over `texts` (a list of strings, or of word lists) and builds `word_index`."""
        if isinstance(texts, str):
            raise TypeError("Tokenizer.fit_on_texts() takes a list of texts, got a single string; wrap "
                            "it in a list.")
        for text in texts:
            self.document_count += 1
            words = self._words(text)
            for w in words:
                self.word_counts[w] = self.word_counts.get(w, 0) + 1
            for w in set(words):
                self.word_docs[w] += 1
        ranked = sorted(self.word_counts.items(), key=lambda item: item[1], reverse=True)  # stable
        vocabulary = ([self.oov_token] if self.oov_token is not None else []) + [w for w, _ in ranked]
        self.word_index = dict(zip(vocabulary, range(1, len(vocabulary) + 1)))
        self.index_word = {i: w for w, i in self.word_index.items()}
        self.index_docs = defaultdict(int)
        for w, c in self.word_docs.items():
            self.index_docs[self.word_index[w]] = c

    def fit_on_sequences(self, sequences):
        """Counts, for `texts_to_matrix(mode="tfidf")`, in how many sequences each index occurs."""
        self.document_count += len(sequences)
        for seq in sequences:
            for i in set(seq):
                self.index_docs[i] += 1

    def texts_to_sequences(self, texts):
        """Each text as a list of word indices (unknown words dropped, or `oov_token`'s index)."""
        return list(self.texts_to_sequences_generator(texts))

    def texts_to_sequences_generator(self, texts):
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        for text in texts:
            seq = []
            for w in self._words(text):
                i = self.word_index.get(w)
                if i is not None and (not self.num_words or i < self.num_words):
                    seq.append(i)
                elif oov is not None:
                    seq.append(oov)
            yield seq

    def sequences_to_texts(self, sequences):
        oov = self.word_index.get(self.oov_token) if self.oov_token is not None else None
        texts = []
        for seq in sequences:
            words = []
            for i in seq:
                word = self.index_word.get(i)
                if word is not None and (not self.num_words or i < self.num_words):
                    words.append(word)
                elif oov is not None:
                    words.append(self.index_word[oov])
            texts.append(" ".join(words))
        return texts

    def texts_to_matrix(self, texts, mode="binary"):
        return self.sequences_to_matrix(self.texts_to_sequences(texts), mode=mode)

    def sequences_to_matrix(self, sequences, mode="binary"):
        """A `(len(sequences), num_words)` matrix: "binary", "count", "freq" or "tfidf" per index."""
        if mode not in ("binary", "count", "freq", "tfidf"):
            raise ValueError(f"Tokenizer: `mode` must be binary, count, freq or tfidf, got {mode!r}.")
        if not self.num_words:
            if not self.word_index:
                raise ValueError("Tokenizer: specify `num_words` or call fit_on_texts() first, so the "
                                 "matrix has a known width.")
            num_words = len(self.word_index) + 1
        else:
            num_words = self.num_words
        if mode == "tfidf" and not self.document_count:
            raise ValueError("Tokenizer: fit on texts or sequences before using mode 'tfidf'.")
        x = np.zeros((len(sequences), num_words))
        for row, seq in enumerate(sequences):
            if not seq:
                continue
            ids, counts = np.unique([j for j in seq if j < num_words], return_counts=True)
            if ids.size == 0:
                continue
            if mode == "count":
                x[row, ids] = counts
            elif mode == "freq":
                x[row, ids] = counts / len(seq)
            elif mode == "binary":
                x[row, ids] = 1
            else:
                tf = 1 + np.log(counts)
                idf = np.log(1 + self.document_count / (1 + np.array([self.index_docs.get(j, 0)
                                                                       for j in ids.tolist()])))
                x[row, ids] = tf * idf
        return x

    def get_config(self):
        return {
            "num_words": self.num_words, "filters": self.filters, "lower": self.lower,
            "split": self.split, "char_level": self.char_level, "oov_token": self.oov_token,
            "document_count": self.document_count, "word_counts": json.dumps(self.word_counts),
            "word_docs": json.dumps(self.word_docs), "index_docs": json.dumps(self.index_docs),
            "index_word": json.dumps(self.index_word), "word_index": json.dumps(self.word_index),
        }

    def to_json(self, **kwargs):
        return json.dumps({"class_name": self.__class__.__name__, "config": self.get_config()}, **kwargs)


def tokenizer_from_json(json_string):
    """The Tokenizer saved by `Tokenizer.to_json()`."""
    config = json.loads(json_string).get("config")
    word_counts = json.loads(config.pop("word_counts"))
    word_docs = json.loads(config.pop("word_docs"))
    index_docs = {int(k): v for k, v in json.loads(config.pop("index_docs")).items()}
    index_word = {int(k): v for k, v in json.loads(config.pop("index_word")).items()}
    word_index = json.loads(config.pop("word_index"))
    tokenizer = Tokenizer(**config)
    tokenizer.word_counts = OrderedDict(word_counts)
    tokenizer.word_docs = defaultdict(int, word_docs)
    tokenizer.index_docs = defaultdict(int, index_docs)
    tokenizer.word_index = word_index
    tokenizer.index_word = index_word
    return tokenizer
