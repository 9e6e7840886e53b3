"""load_img / img_to_array / array_to_img / save_img, and Pillow's absence."""
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image

from numkeras import utils


def _write(path, array, mode):
    Image.fromarray(array, mode).save(path)
    return path


def test_round_trip_png_rgb_and_grayscale(tmp_path):
    rgb = np.random.default_rng(0).integers(0, 256, (5, 7, 3)).astype("uint8")
    path = str(tmp_path / "x.png")
    utils.save_img(path, rgb.astype("float32"), scale=False)
    loaded = utils.load_img(path)
    assert loaded.size == (7, 5) and loaded.mode == "RGB"
    array = utils.img_to_array(loaded)
    assert array.dtype == np.float32 and array.shape == (5, 7, 3)
    np.testing.assert_array_equal(array, rgb)
    gray = utils.img_to_array(utils.load_img(path, color_mode="grayscale"))
    assert gray.shape == (5, 7, 1)
    rgba = utils.img_to_array(utils.load_img(path, color_mode="rgba"), data_format="channels_first")
    assert rgba.shape == (4, 5, 7) and np.all(rgba[3] == 255)


def test_target_size_and_keep_aspect_ratio(tmp_path):
    wide = np.zeros((4, 8, 3), "uint8")
    wide[:, 2:6] = 200  # the centre square is bright, the sides dark
    path = _write(str(tmp_path / "wide.png"), wide, "RGB")
    assert utils.load_img(path, target_size=(2, 3)).size == (3, 2)
    cropped = utils.img_to_array(utils.load_img(path, target_size=(2, 2), keep_aspect_ratio=True))
    assert np.all(cropped == 200)  # only the centre 4x4 box was kept
    stretched = utils.img_to_array(utils.load_img(path, target_size=(2, 2)))
    assert stretched.min() == 0


def test_array_to_img_scales_and_picks_the_mode():
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(2, 2, 3)
    img = utils.array_to_img(x)
    assert img.mode == "RGB" and np.asarray(img).min() == 0 and np.asarray(img).max() == 255
    assert utils.array_to_img(np.zeros((2, 2, 1))).mode == "L"
    assert utils.array_to_img(np.zeros((2, 2, 4))).mode == "RGBA"
    assert utils.array_to_img(np.zeros((4, 2, 3)), data_format="channels_first").size == (3, 2)
    with pytest.raises(ValueError, match="1, 3 or 4 channels"):
        utils.array_to_img(np.zeros((2, 2, 2)))
    with pytest.raises(ValueError, match="rank 3"):
        utils.array_to_img(np.zeros((2, 2)))


def test_jpeg_of_rgba_warns_and_saves_rgb(tmp_path):
    path = str(tmp_path / "x.jpg")
    with pytest.warns(UserWarning, match="RGBA"):
        utils.save_img(path, np.full((3, 3, 4), 100.0), scale=False)
    assert Image.open(path).mode == "RGB"


def test_bad_arguments():
    with pytest.raises(ValueError, match="color_mode"):
        utils.load_img("x.png", color_mode="cmyk")
    with pytest.raises(TypeError, match="path"):
        utils.load_img(3)


def test_without_pillow_one_message_names_the_extra():
    code = ("import sys; sys.modules['PIL'] = None\n"
            "from numkeras import utils\n"
            "try:\n    utils.load_img('x.png')\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install numkeras[image]" in out
