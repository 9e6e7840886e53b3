"""timeseries_dataset_from_array, text_dataset_from_directory and Keras 2's Tokenizer."""
import json
import os

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers
from numkeras.utils import text_dataset_from_directory, timeseries_dataset_from_array
from numkeras.utils.text_tokenizer import Tokenizer, text_to_word_sequence, tokenizer_from_json

with open(os.path.join(os.path.dirname(__file__), "..", "..", "..", "golden", "text_goldens.json"),
          encoding="utf-8") as f:
    TIMESERIES = json.load(f)["timeseries"]


@pytest.mark.parametrize("case", sorted(TIMESERIES))
def test_timeseries_windows_match_keras(case):
    data = np.arange(40, dtype="float32").reshape(20, 2)
    ds = timeseries_dataset_from_array(data, np.arange(100, 120), **TIMESERIES[case]["kwargs"])
    got = [[x.tolist(), y.tolist()] for x, y in ds]
    assert got == TIMESERIES[case]["batches"]


def test_a_forecaster_trains_on_windows_and_shuffles_reproducibly():
    keras.utils.set_random_seed(0)
    series = np.sin(np.arange(400) * 0.1).astype("float32")[:, None]
    ds = timeseries_dataset_from_array(series[:-5], series[5:, 0], sequence_length=5, batch_size=32,
                                       shuffle=True, seed=3)
    again = timeseries_dataset_from_array(series[:-5], series[5:, 0], sequence_length=5, batch_size=32,
                                          shuffle=True, seed=3)
    np.testing.assert_array_equal(ds[0][0], again[0][0])
    model = keras.Sequential([keras.Input((5, 1)), layers.Flatten(), layers.Dense(16, activation="tanh"),
                              layers.Dense(1)])
    model.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
    history = model.fit(ds, epochs=20, verbose=0)
    assert history.history["loss"][-1] < 0.02
    assert history.history["loss"][-1] < history.history["loss"][0] / 5


def test_timeseries_arguments_are_checked():
    with pytest.raises(ValueError, match="sequence_length"):
        timeseries_dataset_from_array(np.arange(10), None, sequence_length=0)
    with pytest.raises(ValueError, match="same length"):
        timeseries_dataset_from_array(np.arange(10), np.arange(9), sequence_length=2)


def test_text_dataset_from_directory_feeds_a_text_model(tmp_path):
    words = {"neg": ["awful bad plot", "bad film", "awful acting"], "pos": ["great movie", "good fun",
                                                                             "great good story"]}
    for label, texts in words.items():
        os.makedirs(tmp_path / label)
        for i, text in enumerate(texts * 4):
            (tmp_path / label / f"{i}.txt").write_text(text, encoding="utf-8")
    train, val = text_dataset_from_directory(str(tmp_path), batch_size=4, validation_split=0.25,
                                             subset="both", seed=1, verbose=False)
    assert train.class_names == ["neg", "pos"]
    assert sum(len(x) for x, _ in train) == 18 and sum(len(x) for x, _ in val) == 6
    texts, labels = train.unbatch()
    assert set(labels.tolist()) == {0, 1} and texts.dtype.kind == "U"
    vectorize = layers.TextVectorization(max_tokens=20, output_mode="multi_hot")
    vectorize.adapt(texts)
    model = keras.Sequential([keras.Input(shape=(), dtype="string"), vectorize,
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.1), loss="binary_crossentropy", metrics=["accuracy"])
    model.fit(train, epochs=10, verbose=0)
    assert model.evaluate(val, verbose=0)[1] == 1.0


def test_tokenizer_follows_keras_2():
    texts = ["The cat sat on the mat.", "The dog ate my homework!", "the cat and the dog"]
    tokenizer = Tokenizer(num_words=5, oov_token="<OOV>")
    tokenizer.fit_on_texts(texts)
    # "the" (5), "cat"/"dog" (2 each, first seen order), then the rest by first appearance
    assert list(tokenizer.word_index)[:4] == ["<OOV>", "the", "cat", "dog"]
    assert tokenizer.word_index["sat"] == 5
    assert tokenizer.texts_to_sequences(["the cat sat on a zebra"]) == [[2, 3, 1, 1, 1, 1]]
    matrix = tokenizer.texts_to_matrix(["the the cat"], mode="count")
    assert matrix.tolist() == [[0.0, 0.0, 2.0, 1.0, 0.0]]
    tfidf = tokenizer.texts_to_matrix(["the cat"], mode="tfidf")[0]
    assert tfidf[2] == pytest.approx(np.log(1 + 3 / (1 + 3)))  # tf 1, "the" in 3 of 3 documents
    restored = tokenizer_from_json(tokenizer.to_json())
    assert restored.texts_to_sequences(texts) == tokenizer.texts_to_sequences(texts)
    assert text_to_word_sequence("Hello, World!\tbye") == ["hello", "world", "bye"]
    padded = keras.utils.pad_sequences(tokenizer.texts_to_sequences(texts), maxlen=4)
    assert padded.shape == (3, 4)
