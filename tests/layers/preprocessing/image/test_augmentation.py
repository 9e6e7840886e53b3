"""The augmentation layers' behaviour: training only, seeds, ranges of the draws, fill modes, errors."""
import numpy as np
import pytest

import numkeras
from numkeras import layers

RNG = np.random.default_rng(7)
IMAGES = RNG.uniform(0, 255, (4, 9, 11, 3)).astype("float32")
RANDOM_LAYERS = [
    lambda seed=None: layers.RandomFlip(seed=seed),
    lambda seed=None: layers.RandomRotation(0.2, seed=seed),
    lambda seed=None: layers.RandomZoom(0.3, 0.2, seed=seed),
    lambda seed=None: layers.RandomTranslation(0.2, 0.3, seed=seed),
    lambda seed=None: layers.RandomContrast(0.5, seed=seed),
    lambda seed=None: layers.RandomBrightness(0.3, seed=seed),
]


@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_identity_at_inference_and_random_in_training(make):
    layer = make(seed=3)
    np.testing.assert_array_equal(layer(IMAGES, training=False).numpy(), IMAGES)
    trained = layer(IMAGES).numpy()  # direct calls default to training=True, as in Keras
    assert trained.shape == IMAGES.shape and trained.dtype == np.float32
    assert not np.allclose(trained, IMAGES)


@pytest.mark.parametrize("make", RANDOM_LAYERS)
def test_seeded_layers_repeat_their_sequence_and_calls_differ(make):
    first, second = make(seed=11), make(seed=11)
    a1, a2 = first(IMAGES).numpy(), first(IMAGES).numpy()
    np.testing.assert_array_equal(second(IMAGES).numpy(), a1)
    np.testing.assert_array_equal(second(IMAGES).numpy(), a2)
    assert not np.array_equal(a1, a2)


def test_flip_probability_and_both_axes():
    x = np.arange(400 * 2 * 3, dtype="float32").reshape(400, 2, 3, 1)
    out = layers.RandomFlip(seed=1)(x).numpy()
    flipped = np.all(out == x[:, ::-1, ::-1], axis=(1, 2, 3))
    kept = np.all(out == x, axis=(1, 2, 3))
    assert np.all(flipped ^ kept)
    assert 0.4 < flipped.mean() < 0.6
    horizontal = layers.RandomFlip("horizontal", seed=1)(x).numpy()
    assert np.all(np.all(horizontal == x[:, :, ::-1], axis=(1, 2, 3)) | np.all(horizontal == x, axis=(1, 2, 3)))


def _bright_spot(n, size=21, y=10, x=16):
    images = np.zeros((n, size, size, 1), "float32")
    images[:, y, x] = 1.0
    return images


def test_rotation_angles_stay_in_the_factor_range_and_fill_it():
    out = layers.RandomRotation(0.1, fill_mode="constant", seed=2)(_bright_spot(300)).numpy()[..., 0]
    grid_y, grid_x = np.mgrid[:21, :21]
    mass = out.sum(axis=(1, 2))
    ys, xs = (out * grid_y).sum(axis=(1, 2)) / mass, (out * grid_x).sum(axis=(1, 2)) / mass
    angle = np.degrees(np.arctan2(-(ys - 10.0), xs - 10.0))  # counter-clockwise from +x
    assert angle.max() <= 36.5 and angle.min() >= -36.5  # 0.1 turn = 36 degrees
    assert angle.max() > 30 and angle.min() < -30


def test_translation_shifts_stay_in_range():
    out = layers.RandomTranslation((0.0, 0.2), (-0.2, 0.0), fill_mode="constant",
                                   interpolation="nearest", seed=5)(_bright_spot(300, x=10)).numpy()[..., 0]
    ys, xs = np.array([np.unravel_index(np.argmax(o), o.shape) for o in out]).T
    dy, dx = ys - 10, xs - 10
    assert dy.min() >= 0 and dy.max() <= 5 and dx.max() <= 0 and dx.min() >= -5  # 0.2 * 21 = 4.2
    assert dy.max() >= 3 and dx.min() <= -3


def test_zoom_scales_distances_from_the_centre():
    out = layers.RandomZoom((-0.5, -0.5), fill_mode="constant", interpolation="nearest")(
        _bright_spot(1, y=10, x=13)).numpy()[0, ..., 0]
    lit = {(int(y), int(x)) for y, x in zip(*np.nonzero(out))}
    assert lit == {(9, 15), (9, 16), (10, 15), (10, 16)}  # zoom in by 2: 3 pixels off centre become 5-6


def test_brightness_offsets_cover_the_range():
    x = np.full((500, 2, 2, 1), 127.0, "float32")
    delta = layers.RandomBrightness(0.2, seed=3)(x).numpy()[:, 0, 0, 0] - 127.0
    assert delta.min() >= -51.0001 and delta.max() <= 51.0001
    assert delta.min() < -45 and delta.max() > 45
    assert np.all(layers.RandomBrightness((0.9, 0.9))(x).numpy() == 255.0)  # clipped to value_range


def test_contrast_factors_cover_one_to_one_plus_factor():
    x = np.tile(np.array([100.0, 140.0], "float32"), (400, 1, 1)).reshape(400, 1, 2, 1)
    out = layers.RandomContrast(0.5, seed=4)(x).numpy()[:, 0, :, 0]
    factor = (out[:, 1] - out[:, 0]) / 40.0
    assert factor.min() >= 1.0 - 1e-5 and factor.max() <= 1.5 + 1e-5
    assert factor.min() < 1.05 and factor.max() > 1.45


def test_random_crop_takes_windows_of_the_input():
    x = np.arange(8 * 10, dtype="float32").reshape(1, 8, 10, 1)
    layer = layers.RandomCrop(3, 4, seed=0)
    corners = set()
    for _ in range(60):
        out = layer(x).numpy()[0, :, :, 0]
        top, left = divmod(int(out[0, 0]), 10)
        np.testing.assert_array_equal(out, x[0, top:top + 3, left:left + 4, 0])
        corners.add((top, left))
    assert len(corners) > 10 and max(t for t, _ in corners) == 5 and max(c for _, c in corners) == 6
    assert layer(x, training=False).shape == x.shape  # Keras 3: no crop at inference


@pytest.mark.parametrize("fill_mode, expected", [
    ("reflect", [1, 1, 2, 3]), ("wrap", [4, 1, 2, 3]), ("nearest", [1, 1, 2, 3]), ("constant", [9, 1, 2, 3]),
])
def test_fill_modes_of_a_one_pixel_shift(fill_mode, expected):
    row = np.array([1, 2, 3, 4], "float32").reshape(1, 1, 4, 1)
    layer = layers.RandomTranslation(0.0, (0.25, 0.25), fill_mode=fill_mode, fill_value=9.0)
    assert layer(row).numpy().ravel().tolist() == expected


def test_channels_first_matches_channels_last():
    first = np.transpose(IMAGES, (0, 3, 1, 2))
    for cls, kwargs in ((layers.RandomRotation, {"factor": 0.2}), (layers.RandomZoom, {"height_factor": 0.4}),
                        (layers.RandomContrast, {"factor": 0.5})):
        last = cls(seed=9, **kwargs)(IMAGES).numpy()
        out = cls(seed=9, data_format="channels_first", **kwargs)(first).numpy()
        np.testing.assert_allclose(np.transpose(out, (0, 2, 3, 1)), last, rtol=1e-6, atol=1e-4)


def test_single_images_and_integer_inputs():
    image = IMAGES[0].astype("uint8")
    out = layers.RandomRotation(0.2, seed=1)(image)
    assert out.shape == image.shape and out.dtype == np.float32
    assert layers.CenterCrop(4, 4)(image).shape == (4, 4, 3)


@pytest.mark.parametrize("make, message", [
    (lambda: layers.RandomRotation(1.5), "`factor` must be a number or a pair"),
    (lambda: layers.RandomZoom(-1.0), "height_factor"),
    (lambda: layers.RandomTranslation(0.1, (0.1, 2.0)), "width_factor"),
    (lambda: layers.RandomRotation(0.1, fill_mode="mirror"), "`fill_mode` must be one of"),
    (lambda: layers.RandomZoom(0.1, interpolation="bicubic"), "`interpolation` must be one of"),
    (lambda: layers.RandomFlip("diagonal"), "`mode` must be one of"),
    (lambda: layers.Resizing(0, 4), "`height` must be a positive int"),
    (lambda: layers.CenterCrop(4, 2.5), "`width` must be a positive int"),
    (lambda: layers.Resizing(4, 4, crop_to_aspect_ratio=True, pad_to_aspect_ratio=True), "only one of"),
    (lambda: layers.RandomBrightness(0.1, value_range=(0,)), "`value_range` must be a list of two"),
    (lambda: layers.RandomFlip(data_format="nhwc"), "`data_format` must be one of"),
])
def test_bad_arguments_are_refused_by_name(make, message):
    with pytest.raises((ValueError, TypeError), match=message):
        make()


def test_images_without_a_channel_axis_are_refused_with_the_fix():
    with pytest.raises(ValueError, match=r"'rot'.*rank 4.*got input with shape \(28, 28\).*x\[\.\.\., None\]"):
        layers.RandomRotation(0.1, name="rot")(np.zeros((28, 28), "float32"))


def test_augmented_model_trains_predicts_untouched_and_round_trips(tmp_path):
    numkeras.utils.set_random_seed(0)
    x = RNG.uniform(0, 1, (64, 8, 8, 1)).astype("float32")
    y = (x[:, :4].mean(axis=(1, 2, 3)) > x[:, 4:].mean(axis=(1, 2, 3))).astype("float32")
    augment = [layers.RandomFlip("horizontal", seed=1), layers.RandomRotation(0.05, seed=2),
               layers.RandomZoom(0.1, seed=3), layers.RandomTranslation(0.1, 0.1, seed=4),
               layers.RandomContrast(0.2, value_range=(0, 1), seed=5),
               layers.RandomBrightness(0.1, value_range=(0, 1), seed=6)]
    model = numkeras.Sequential([numkeras.Input((8, 8, 1)), layers.Resizing(6, 6), *augment,
                                 layers.CenterCrop(4, 4), layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="adam", loss="binary_crossentropy")
    history = model.fit(x, y, epochs=2, batch_size=16, verbose=0)
    assert np.isfinite(history.history["loss"]).all()
    plain = numkeras.Sequential([numkeras.Input((8, 8, 1)), layers.Resizing(6, 6), layers.CenterCrop(4, 4),
                                 layers.Flatten(), layers.Dense(1, activation="sigmoid")])
    plain.layers[-1].set_weights(model.layers[-1].get_weights())
    np.testing.assert_allclose(model.predict(x, verbose=0), plain.predict(x, verbose=0), rtol=1e-6)
    path = str(tmp_path / "augmented.keras")
    model.save(path)
    loaded = numkeras.models.load_model(path)
    assert [type(layer) for layer in loaded.layers] == [type(layer) for layer in model.layers]
    assert [layer.get_config() for layer in loaded.layers[:-1]] == [layer.get_config() for layer in model.layers[:-1]]
    np.testing.assert_allclose(loaded.predict(x, verbose=0), model.predict(x, verbose=0), rtol=1e-6)


def test_functional_model_with_augmentation():
    inputs = numkeras.Input((9, 11, 3))
    x = layers.RandomRotation(0.1, seed=1)(inputs)
    outputs = layers.Resizing(4, 4)(x)
    model = numkeras.Model(inputs, outputs)
    assert model.output_shape == (None, 4, 4, 3)
    np.testing.assert_allclose(model.predict(IMAGES, verbose=0), layers.Resizing(4, 4)(IMAGES).numpy(), rtol=1e-6)
