"""ImageDataGenerator (tf.keras 2's augmentation API): flow, flow_from_directory, transforms."""
import os
import warnings

import numpy as np
import pytest
from PIL import Image

import numkeras
from numkeras.compat import session
from numkeras.preprocessing.image import ImageDataGenerator

X = np.random.default_rng(0).uniform(0, 255, (10, 6, 8, 1)).astype("float32")


def test_no_augmentation_is_identity_then_rescale():
    batches = ImageDataGenerator(rescale=1 / 255).flow(X, np.arange(10), batch_size=4, shuffle=False)
    x, y = batches[0]
    assert len(batches) == 3 and y.tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(x, X[:4] / 255, rtol=1e-6, atol=1e-6)


def test_flips_flip_or_keep_each_image():
    x, _ = ImageDataGenerator(horizontal_flip=True).flow(X, np.zeros(10), batch_size=10, shuffle=False, seed=1)[0]
    flipped = np.all(np.isclose(x, X[:, :, ::-1], atol=1e-3), axis=(1, 2, 3))
    kept = np.all(np.isclose(x, X, atol=1e-3), axis=(1, 2, 3))
    assert np.all(flipped | kept) and flipped.any() and kept.any()


def test_random_transform_moves_pixels_within_range():
    generator = ImageDataGenerator(rotation_range=20, width_shift_range=0.1, zoom_range=0.1)
    out = generator.random_transform(X[0], seed=3)
    assert out.shape == X[0].shape and not np.allclose(out, X[0])
    np.testing.assert_array_equal(out, generator.random_transform(X[0], seed=3))


def test_flow_from_directory_and_fit(tmp_path):
    for c in ("cat", "dog"):
        os.makedirs(tmp_path / c)
        for i in range(3):
            Image.fromarray(np.full((5, 7, 3), 30 * i, "uint8")).save(tmp_path / c / f"{i}.png")
    generator = ImageDataGenerator(rescale=1 / 255, rotation_range=10, validation_split=1 / 3)
    train = generator.flow_from_directory(str(tmp_path), target_size=(4, 4), batch_size=2, subset="training")
    assert train.class_indices == {"cat": 0, "dog": 1} and train.samples == 4
    x, y = train[0]
    assert x.shape == (2, 4, 4, 3) and y.shape == (2, 2)
    model = numkeras.Sequential([numkeras.Input((4, 4, 3)), numkeras.layers.Flatten(),
                                 numkeras.layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="categorical_crossentropy")
    assert len(model.fit(train, epochs=2, verbose=0).history["loss"]) == 2


def test_unsupported_arguments_are_named():
    with pytest.raises(ValueError, match="shear_range"):
        ImageDataGenerator(shear_range=0.2)
    with pytest.raises(ValueError, match="fill_mode"):
        ImageDataGenerator(fill_mode="mirror")


def test_served_under_the_old_name_with_a_warning():
    with session.activated():
        from tensorflow.keras.preprocessing.image import ImageDataGenerator as Old

        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            generator = Old(horizontal_flip=True)
    assert isinstance(generator, ImageDataGenerator)
    assert any(issubclass(w.category, DeprecationWarning) for w in caught)
