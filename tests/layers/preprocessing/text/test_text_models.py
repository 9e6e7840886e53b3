"""Strings through fit/predict and .keras files; clear errors for bad vocabularies and inputs."""
import zipfile

import numpy as np
import pytest

import numkeras as keras
from numkeras import layers

TEXTS = np.array(["good movie great", "bad film awful", "great acting good", "awful bad plot"] * 16)
LABELS = np.array([1, 0, 1, 0] * 16, "float32")


def text_model():
    vectorize = layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    vectorize.adapt(TEXTS)
    model = keras.Sequential([keras.Input(shape=(1,), dtype="string"), vectorize,
                              layers.Embedding(20, 8), layers.Flatten(),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["acc"])
    return model


def test_a_model_fits_and_predicts_raw_strings():
    model = text_model()
    history = model.fit(TEXTS[:, None], LABELS, epochs=10, batch_size=16, verbose=0, validation_split=0.25)
    assert history.history["acc"][-1] == 1.0
    assert "val_loss" in history.history
    good, bad = model.predict(np.array([["good great"], ["awful bad"]]), verbose=0).ravel()
    assert good > 0.5 > bad
    assert model.evaluate(TEXTS[:, None], LABELS, verbose=0)[1] == 1.0


def test_the_vocabulary_travels_in_the_keras_file_as_keras_writes_it(tmp_path):
    model = text_model()
    model.fit(TEXTS[:, None], LABELS, epochs=2, batch_size=16, verbose=0)
    path = str(tmp_path / "text.keras")
    model.save(path)
    names = zipfile.ZipFile(path).namelist()
    assert "assets/layers/text_vectorization/vocabulary.txt" in names
    loaded = keras.models.load_model(path)
    queries = np.array([["good great"], ["awful bad plot"]])
    np.testing.assert_allclose(loaded.predict(queries, verbose=0), model.predict(queries, verbose=0))
    assert loaded.layers[0].get_vocabulary() == model.layers[0].get_vocabulary()


def test_strings_into_a_numeric_model_are_explained():
    model = keras.Sequential([keras.Input(shape=(1,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    with pytest.raises(TypeError, match="TextVectorization"):
        model.fit(TEXTS[:, None], LABELS, epochs=1, verbose=0)


def test_string_targets_are_still_refused():
    model = text_model()
    with pytest.raises(TypeError, match="strings"):
        model.fit(TEXTS[:, None], TEXTS, epochs=1, verbose=0)


def test_vocabulary_files(tmp_path):
    good = tmp_path / "vocab.txt"
    good.write_text("cat\ndog\n", encoding="utf-8")
    assert layers.StringLookup(vocabulary=str(good)).get_vocabulary() == ["[UNK]", "cat", "dog"]
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(ValueError, match="empty"):
        layers.StringLookup(vocabulary=str(empty))
    with pytest.raises(ValueError, match="repeated"):
        layers.TextVectorization(vocabulary=["a", "b", "a"])
    with pytest.raises(ValueError, match="Cannot adapt"):
        layers.StringLookup(vocabulary=["a"]).adapt(np.array(["a", "b"]))


def test_vector_modes_need_a_vocabulary_and_config_round_trips():
    with pytest.raises(RuntimeError, match="vocabulary"):
        layers.StringLookup(output_mode="multi_hot")(np.array([["a"]]))
    layer = layers.TextVectorization(vocabulary=["x", "y"], ngrams=2, output_sequence_length=3)
    clone = layers.TextVectorization.from_config(layer.get_config())
    text = np.array(["x y z"])
    np.testing.assert_array_equal(clone(text).numpy(), layer(text).numpy())
    with pytest.raises(ValueError, match="output_mode"):
        layers.TextVectorization(output_mode="words")
    with pytest.raises(ValueError, match="num_tokens"):
        layers.CategoryEncoding(num_tokens=0)
    with pytest.raises(ValueError, match=r"\[0, 3\)"):
        layers.CategoryEncoding(num_tokens=3)(np.array([[0, 3]]))


def test_a_sequential_model_without_input_takes_text_when_it_starts_with_a_text_layer():
    vectorize = layers.TextVectorization(max_tokens=20, output_sequence_length=5)
    vectorize.adapt(TEXTS)
    model = keras.Sequential([vectorize, layers.Embedding(20, 8), layers.Flatten(),
                              layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.05), loss="binary_crossentropy", metrics=["acc"])
    history = model.fit(TEXTS, LABELS, epochs=8, batch_size=16, verbose=0)
    assert history.history["acc"][-1] == 1.0
    assert model.inputs[0].dtype == "string" if hasattr(model, "inputs") and model.inputs else True


@keras.saving.register_keras_serializable(package="tests")
def shout(texts):
    return np.char.upper(texts)


def test_callable_standardize_and_split_round_trip_through_config():
    layer = layers.TextVectorization(standardize=shout, split=lambda texts: [t.split("-") for t in texts],
                                     vocabulary=["A", "B"])
    assert layer(np.array(["a-b-c"])).numpy().tolist() == [[2, 3, 1]]
    config = layers.TextVectorization(standardize=shout, vocabulary=["A"]).get_config()
    clone = layers.TextVectorization.from_config(config)
    assert clone(np.array(["a b"])).numpy().tolist() == [[2, 1]]
