"""Image layers and image I/O under tensorflow.keras / keras names, old spellings with a warning."""
import sys

import numpy as np
import pytest

import numkeras
from numkeras.compat import session


@pytest.fixture
def active():
    with session.activated():
        yield
    assert not any(n.partition(".")[0] in ("tensorflow", "keras", "tf_keras") for n in sys.modules)


def test_image_layers_and_utils_under_keras_names(active):
    import keras
    from tensorflow.keras import layers
    from tensorflow.keras.layers.experimental.preprocessing import RandomFlip
    from tensorflow.keras.utils import image_dataset_from_directory, load_img

    assert layers.RandomRotation is numkeras.layers.RandomRotation and RandomFlip is numkeras.layers.RandomFlip
    assert keras.layers.Resizing is numkeras.layers.Resizing
    assert load_img is numkeras.utils.load_img
    assert image_dataset_from_directory is numkeras.utils.image_dataset_from_directory


def test_old_preprocessing_image_spellings_warn_and_work(active, tmp_path):
    from keras.preprocessing.image import array_to_img, img_to_array, load_img, save_img
    from tensorflow.keras.preprocessing import image_dataset_from_directory

    path = str(tmp_path / "x.png")
    with pytest.warns(DeprecationWarning, match="keras.utils.save_img"):
        save_img(path, np.zeros((2, 3, 3)))
    with pytest.warns(DeprecationWarning, match="keras.utils.load_img"):
        img = load_img(path, target_size=(4, 4))
    with pytest.warns(DeprecationWarning):
        assert img_to_array(img).shape == (4, 4, 3)
    with pytest.warns(DeprecationWarning):
        assert array_to_img(np.ones((2, 2, 1))).size == (2, 2)
    assert callable(image_dataset_from_directory)
