"""Golden values for the image preprocessing layers, computed with real Keras 3 (run once, by hand).

Keras's random draws cannot be reproduced, so every case fixes the transform: Resizing and
CenterCrop are deterministic, and the random layers get degenerate factors (a range of one
value: `RandomRotation(factor=(0.25, 0.25))` turns by exactly 90 degrees). Each case records
the layer's output in training, the gradient of `sum(output * weights)` with respect to the
input, and the layer's config. It also saves a Keras-trained model holding all nine layers as a
`.keras` file, with its predictions, for the load-in-numkeras test:

    KERAS_BACKEND=jax python tools/image_goldens.py
    # writes tests/golden/image_goldens.npz and tests/golden/image_layers_model.keras

CI does not install Keras; the written file is checked in.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "jax")

import jax
import jax.numpy as jnp
import keras
import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "tests", "golden", "image_goldens.npz")
RNG = np.random.default_rng(20261205)
IMAGES = {
    "rgb": np.round(RNG.uniform(0, 255, (2, 7, 9, 3))).astype("float32"),
    "gray": np.round(RNG.uniform(0, 255, (3, 8, 8, 1))).astype("float32"),
    "rgb_cf": np.round(RNG.uniform(0, 255, (2, 3, 6, 5))).astype("float32"),
    "single": np.round(RNG.uniform(0, 255, (5, 6, 2))).astype("float32"),
    "uint8": RNG.integers(0, 256, (2, 6, 4, 3)).astype("uint8"),
}

CASES = {}  # name -> (class name, kwargs, image key)


def case(name, cls, image, **kwargs):
    CASES[name] = (cls, kwargs, image)


for method in ("bilinear", "nearest", "bicubic", "lanczos3", "lanczos5"):
    case(f"resize_up_{method}", "Resizing", "rgb", height=11, width=13, interpolation=method)
    case(f"resize_down_{method}", "Resizing", "rgb", height=4, width=5, interpolation=method)
case("resize_antialias", "Resizing", "rgb", height=3, width=4, antialias=True)
case("resize_antialias_bicubic", "Resizing", "gray", height=3, width=5, interpolation="bicubic",
     antialias=True)
case("resize_crop_aspect", "Resizing", "rgb", height=4, width=4, crop_to_aspect_ratio=True)
case("resize_pad_aspect", "Resizing", "rgb", height=6, width=3, pad_to_aspect_ratio=True,
     fill_value=7.0)
case("resize_pad_aspect_wide", "Resizing", "gray", height=4, width=8, pad_to_aspect_ratio=True)
case("resize_channels_first", "Resizing", "rgb_cf", height=5, width=7, data_format="channels_first")
case("resize_single_image", "Resizing", "single", height=3, width=3)
case("resize_uint8", "Resizing", "uint8", height=5, width=3)
case("center_crop", "CenterCrop", "rgb", height=4, width=5)
case("center_crop_larger", "CenterCrop", "rgb", height=8, width=12)
case("center_crop_channels_first", "CenterCrop", "rgb_cf", height=2, width=3,
     data_format="channels_first")
for fill_mode in ("reflect", "wrap", "constant", "nearest"):
    for interp in ("bilinear", "nearest"):
        tag = f"{fill_mode}_{interp}"
        case(f"rotation_90_{tag}", "RandomRotation", "rgb", factor=(0.25, 0.25),
             fill_mode=fill_mode, interpolation=interp, fill_value=3.0)
        case(f"rotation_30_{tag}", "RandomRotation", "gray", factor=(-1 / 12, -1 / 12),
             fill_mode=fill_mode, interpolation=interp, fill_value=3.0)
        case(f"zoom_in_{tag}", "RandomZoom", "rgb", height_factor=(-0.5, -0.5),
             fill_mode=fill_mode, interpolation=interp)
        case(f"zoom_out_{tag}", "RandomZoom", "gray", height_factor=(0.3, 0.3),
             width_factor=(0.6, 0.6), fill_mode=fill_mode, interpolation=interp, fill_value=-1.0)
        case(f"translation_{tag}", "RandomTranslation", "rgb", height_factor=(0.3, 0.3),
             width_factor=(-0.2, -0.2), fill_mode=fill_mode, interpolation=interp)
case("rotation_channels_first", "RandomRotation", "rgb_cf", factor=(0.1, 0.1),
     data_format="channels_first", fill_mode="constant")
case("rotation_single_image", "RandomRotation", "single", factor=(0.21, 0.21))  # no pixel lands exactly on 255
case("zoom_channels_first", "RandomZoom", "rgb_cf", height_factor=(-0.3, -0.3),
     data_format="channels_first")
case("translation_half_pixel", "RandomTranslation", "gray", height_factor=(0.0625, 0.0625),
     width_factor=(0.1, 0.1), fill_mode="constant")
case("contrast_fixed", "RandomContrast", "rgb", factor=(-0.5, 0.5))  # Keras draws from [1 - lo, 1 + hi]: 1.5
case("contrast_clipped", "RandomContrast", "gray", factor=(-0.8, 0.8))
case("contrast_unit_range", "RandomContrast", "single", factor=(-0.3, 0.3), value_range=(0, 1))
case("brightness_up", "RandomBrightness", "rgb", factor=(0.21, 0.21))  # no pixel lands exactly on 255
case("brightness_down_unit", "RandomBrightness", "gray", factor=(-0.1137, -0.1137),
     value_range=(0, 300))
case("crop_smaller_resizes", "RandomCrop", "rgb", height=7, width=4)


def run_case(cls_name, kwargs, image):
    layer = getattr(keras.layers, cls_name)(**kwargs)
    x = IMAGES[image]
    out = np.asarray(layer(x, training=True))
    result = {"output": out}
    if x.dtype.kind == "f":
        weights = np.asarray(np.random.default_rng(len(out.ravel())).standard_normal(out.shape),
                             "float32")
        grad = jax.grad(lambda v: jnp.sum(layer(v, training=True) * weights))(jnp.asarray(x))
        result["weights"] = weights
        result["grad"] = np.asarray(grad)
    return result, layer.get_config()


MODEL_FILE = os.path.join(os.path.dirname(OUT), "image_layers_model.keras")


def save_augmented_model():
    """A Keras-trained model holding all nine image layers, saved as .keras: x and its predictions."""
    L = keras.layers
    keras.utils.set_random_seed(0)
    model = keras.Sequential([
        keras.Input((7, 9, 3)), L.Resizing(8, 8), L.RandomFlip(), L.RandomRotation(0.1),
        L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1), L.RandomContrast(0.2),
        L.RandomBrightness(0.1), L.RandomCrop(8, 8, seed=5), L.CenterCrop(6, 6), L.Flatten(),
        L.Dense(3)])
    model.compile(optimizer="adam", loss="mse")
    x = IMAGES["rgb"]
    model.fit(x, np.ones((2, 3), "float32"), epochs=2, verbose=0)
    model.save(MODEL_FILE)
    return {"model/x": x, "model/y_pred": np.asarray(model.predict(x, verbose=0))}


def main():
    arrays = {f"image/{k}": v for k, v in IMAGES.items()}
    arrays.update(save_augmented_model())
    specs = {}
    for name, (cls_name, kwargs, image) in CASES.items():
        result, config = run_case(cls_name, kwargs, image)
        for key, value in result.items():
            arrays[f"{name}/{key}"] = value
        specs[name] = {"class_name": cls_name, "kwargs": kwargs, "image": image,
                       "config": json.loads(json.dumps(config, default=list))}
    arrays["specs"] = np.array(json.dumps({"keras_version": keras.__version__, "cases": specs}))
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {len(specs)} cases to {os.path.normpath(OUT)}")


if __name__ == "__main__":
    main()
