"""`ImageDataGenerator` (tf.keras 2's augmentation API), for old notes: `flow` and `flow_from_directory`.

New code uses the augmentation layers (`layers.RandomRotation`, ...) and
`keras.utils.image_dataset_from_directory`; this class keeps old scripts running. Each batch
is transformed with one vectorised `affine_transform` call (one transform per image).
"""
import warnings

import numpy as np

from numkeras.backend import image_ops
from numkeras.utils import image_utils
from numkeras.utils.image_dataset_utils import ALLOWED_FORMATS, _index_directory
from numkeras.utils.py_dataset import PyDataset

CLASS_MODES = ("categorical", "binary", "sparse", "input", None)


def _pair(value, name):
    if np.isscalar(value):
        if value < 0:
            raise ValueError(f"ImageDataGenerator: `{name}` must be non-negative, got {value!r}.")
        return -float(value), float(value)
    if len(value) != 2:
        raise ValueError(f"ImageDataGenerator: `{name}` must be a number or a pair, got {value!r}.")
    return float(value[0]), float(value[1])


class ImageDataGenerator:
    """Random rotations, shifts, zooms, flips and brightness changes of image batches.

    Args:
        rotation_range: degrees, drawn from `[-r, r]`.
        width_shift_range, height_shift_range: fraction of the size (< 1) or pixels (>= 1).
        zoom_range: a number `z` draws from `[1 - z, 1 + z]`, or a pair `[lo, hi]`.
        horizontal_flip, vertical_flip: flip half of the images.
        brightness_range: a pair; pixel values are multiplied by a factor drawn from it.
        fill_mode: "nearest" (default), "constant", "reflect" or "wrap"; `cval` for "constant".
        rescale: multiply the pixel values by this after transforming (e.g. 1/255).
        preprocessing_function: applied to each image after transforming.
        validation_split: fraction of the data kept for `subset="validation"`.
        dtype: output dtype (default float32).
    """

    def __init__(self, rotation_range=0, width_shift_range=0.0, height_shift_range=0.0,
                 brightness_range=None, zoom_range=0.0, fill_mode="nearest", cval=0.0,
                 horizontal_flip=False, vertical_flip=False, rescale=None,
                 preprocessing_function=None, data_format=None, validation_split=0.0, dtype=None,
                 **unsupported):
        ignored = {k: v for k, v in unsupported.items() if v not in (None, False, 0, 0.0)}
        if ignored:
            raise ValueError(f"ImageDataGenerator: numkeras does not support {sorted(ignored)}; "
                             f"supported: rotation/shift/zoom ranges, flips, brightness_range, fill_mode, "
                             f"rescale, preprocessing_function, validation_split.")
        if fill_mode not in image_ops.FILL_MODES:
            raise ValueError(f"ImageDataGenerator: `fill_mode` must be one of {image_ops.FILL_MODES}, "
                             f"got {fill_mode!r}.")
        if data_format not in (None, "channels_last"):
            raise ValueError("ImageDataGenerator: only data_format='channels_last' is supported.")
        if not 0 <= validation_split < 1:
            raise ValueError(f"ImageDataGenerator: `validation_split` must be in [0, 1), got {validation_split!r}.")
        self.rotation_range = float(rotation_range)
        self.width_shift_range = float(width_shift_range)
        self.height_shift_range = float(height_shift_range)
        zoom = _pair(zoom_range, "zoom_range")
        self.zoom_range = (1 + zoom[0], 1 + zoom[1]) if np.isscalar(zoom_range) else zoom
        self.brightness_range = None if brightness_range is None else _pair(brightness_range, "brightness_range")
        self.fill_mode, self.cval = fill_mode, float(cval)
        self.horizontal_flip, self.vertical_flip = bool(horizontal_flip), bool(vertical_flip)
        self.rescale = rescale
        self.preprocessing_function = preprocessing_function
        self.validation_split = float(validation_split)
        self.dtype = dtype or "float32"

    def _transforms(self, rng, batch, height, width):
        """One output-to-input transform per image: rotation and zoom about the centre, then shift."""
        theta = np.radians(rng.uniform(-self.rotation_range, self.rotation_range, batch))
        zx, zy = (rng.uniform(*self.zoom_range, batch) for _ in range(2))
        shift = []
        for fraction, size in ((self.width_shift_range, width), (self.height_shift_range, height)):
            pixels = fraction * size if fraction < 1 else fraction
            shift.append(rng.uniform(-pixels, pixels, batch))
        cos, sin = np.cos(theta), np.sin(theta)
        a0, a1, b0, b1 = cos * zx, -sin * zy, sin * zx, cos * zy
        fx = np.where(self.horizontal_flip & (rng.random(batch) < 0.5), -1.0, 1.0)
        fy = np.where(self.vertical_flip & (rng.random(batch) < 0.5), -1.0, 1.0)
        a0, b0, a1, b1 = a0 * fx, b0 * fx, a1 * fy, b1 * fy
        cx, cy = (width - 1) / 2.0, (height - 1) / 2.0
        a2 = cx - a0 * cx - a1 * cy - shift[0]
        b2 = cy - b0 * cx - b1 * cy - shift[1]
        zero = np.zeros(batch)
        return np.stack([a0, a1, a2, b0, b1, b2, zero, zero], axis=1).astype(np.float32)

    def augment(self, x, rng):
        """The random transform of a batch `(n, h, w, c)`, then brightness, rescale, preprocessing."""
        x = np.asarray(x, dtype=self.dtype)
        n, height, width, _ = x.shape
        x = image_ops.affine_transform(x, self._transforms(rng, n, height, width), "bilinear",
                                       self.fill_mode, self.cval).numpy()
        if self.brightness_range is not None:
            x = x * rng.uniform(*self.brightness_range, (n, 1, 1, 1)).astype(x.dtype)
        return self.standardize(x)

    def standardize(self, x):
        if self.rescale:
            x = x * np.asarray(self.rescale, x.dtype)
        if self.preprocessing_function is not None:
            x = np.stack([self.preprocessing_function(image) for image in x])
        return x.astype(self.dtype, copy=False)

    def random_transform(self, x, seed=None):
        """One image `(h, w, c)` randomly transformed."""
        return self.augment(np.asarray(x)[None], np.random.default_rng(seed))[0]

    def _split(self, count, subset):
        if subset is None:
            return np.arange(count)
        if subset not in ("training", "validation") or not self.validation_split:
            raise ValueError(f"ImageDataGenerator: subset={subset!r} needs validation_split > 0 and "
                             f"'training' or 'validation'.")
        cut = int(count * self.validation_split)
        return np.arange(cut) if subset == "validation" else np.arange(cut, count)

    def flow(self, x, y=None, batch_size=32, shuffle=True, seed=None, subset=None, sample_weight=None):
        """Batches of augmented `x` (with `y`), for fit/predict."""
        x = np.asarray(x)
        if x.ndim != 4:
            raise ValueError(f"ImageDataGenerator.flow(): x must be a (n, height, width, channels) array, "
                             f"got shape {x.shape}.")
        keep = self._split(len(x), subset)
        load = lambda indices: x[keep[indices]]  # noqa: E731
        targets = None if y is None else np.asarray(y)[keep]
        return _AugmentedBatches(self, load, len(keep), targets, batch_size, shuffle, seed)

    def flow_from_directory(self, directory, target_size=(256, 256), color_mode="rgb", classes=None,
                            class_mode="categorical", batch_size=32, shuffle=True, seed=None,
                            interpolation="nearest", subset=None, follow_links=False):
        """Augmented batches of the images in `directory/<class>/...`, read from disk per batch."""
        if class_mode not in CLASS_MODES:
            raise ValueError(f"flow_from_directory(): `class_mode` must be one of {CLASS_MODES}, "
                             f"got {class_mode!r}.")
        paths, labels, class_names = _index_directory(directory, "inferred", classes, follow_links)
        if not paths:
            raise ValueError(f"flow_from_directory(): no images found in directory {directory}. "
                             f"Allowed formats: {ALLOWED_FORMATS}.")
        keep = self._split(len(paths), subset)
        print(f"Found {len(keep)} images belonging to {len(class_names)} classes.")
        paths = [paths[i] for i in keep]
        labels = np.asarray(labels)[keep]

        def load(indices):
            return np.stack([image_utils.img_to_array(image_utils.load_img(
                paths[i], color_mode=color_mode, target_size=target_size, interpolation=interpolation))
                for i in indices])

        if class_mode == "categorical":
            targets = np.eye(len(class_names), dtype=self.dtype)[labels]
        elif class_mode == "binary":
            targets = labels.astype(self.dtype)
        elif class_mode == "sparse":
            targets = labels.astype(self.dtype)
        else:
            targets = None
        batches = _AugmentedBatches(self, load, len(paths), targets, batch_size, shuffle, seed,
                                    targets_are_inputs=class_mode == "input")
        batches.class_indices = {name: i for i, name in enumerate(class_names)}
        batches.classes, batches.filenames, batches.samples = labels, paths, len(paths)
        batches.num_classes = len(class_names)
        return batches


class _AugmentedBatches(PyDataset):
    def __init__(self, generator, load, count, targets, batch_size, shuffle, seed, targets_are_inputs=False):
        super().__init__()
        self.generator, self.load, self.count, self.targets = generator, load, count, targets
        self.batch_size, self.shuffle = int(batch_size), shuffle
        self.targets_are_inputs = targets_are_inputs
        self.rng = np.random.default_rng(seed)
        self.order = self.rng.permutation(count) if shuffle else np.arange(count)

    def __len__(self):
        return -(-self.count // self.batch_size)

    def __getitem__(self, index):
        indices = self.order[index * self.batch_size:(index + 1) * self.batch_size]
        x = self.generator.augment(self.load(indices), self.rng)
        if self.targets_are_inputs:
            return x, x
        return x if self.targets is None else (x, self.targets[indices])

    def on_epoch_end(self):
        if self.shuffle:
            self.order = self.rng.permutation(self.count)

    def __iter__(self):
        while True:  # Keras 2's iterators loop for ever
            for i in range(len(self)):
                yield self[i]
            self.on_epoch_end()

    def __next__(self):
        if not hasattr(self, "_stream"):
            self._stream = iter(self)
        return next(self._stream)


def _warn():
    warnings.warn("`keras.preprocessing.image.ImageDataGenerator` is deprecated (tf.keras 2); use the "
                  "augmentation layers (keras.layers.RandomRotation, ...) and "
                  "keras.utils.image_dataset_from_directory.", DeprecationWarning, stacklevel=3)
