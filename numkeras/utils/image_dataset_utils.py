"""`image_dataset_from_directory`: an image folder as a data set that `fit` reads batch by batch.

    main_directory/
        class_a/  a_image_1.jpg  a_image_2.png ...
        class_b/  b_image_1.jpg ...

Only the file list lives in memory: each batch is decoded from disk when `fit`,
`evaluate` or `predict` asks for it, so memory stays flat as the folder grows.
"""
import os

import numpy as np

from numkeras.backend import image_ops
from numkeras.utils import image_utils
from numkeras.utils.py_dataset import PyDataset

ALLOWED_FORMATS = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
LABEL_MODES = ("int", "categorical", "binary", None)
SUBSETS = ("training", "validation", "both")
CHANNELS = {"grayscale": 1, "rgb": 3, "rgba": 4}


def _index_directory(directory, labels, class_names, follow_links):
    """Sorted image paths, their labels and the class names."""
    if labels == "inferred":
        found = sorted(d for d in os.listdir(directory) if os.path.isdir(os.path.join(directory, d)))
        if class_names is not None:
            if sorted(class_names) != sorted(found) and not set(class_names) <= set(found):
                raise ValueError(f"image_dataset_from_directory(): `class_names` {list(class_names)} do not "
                                 f"match the sub-folders of {directory}: {found}.")
            found = list(class_names)
        class_names = found
        roots = [(os.path.join(directory, name), index) for index, name in enumerate(class_names)]
    else:
        roots = [(directory, None)]
    paths, label_list = [], []
    for root, label in roots:
        for folder, dirs, files in os.walk(root, followlinks=follow_links):
            dirs.sort()
            for name in sorted(files):
                if name.lower().endswith(ALLOWED_FORMATS):
                    paths.append(os.path.join(folder, name))
                    label_list.append(label)
    if labels not in ("inferred", None):
        if len(labels) != len(paths):
            raise ValueError(f"image_dataset_from_directory(): `labels` has {len(labels)} entries but "
                             f"{directory} holds {len(paths)} image files; give one label per file, in the "
                             f"alphanumeric order of their paths.")
        label_list = list(labels)
        class_names = class_names or [str(c) for c in sorted(set(label_list))]
    return paths, label_list, class_names


class ImageFolderDataset(PyDataset):
    """Batches `(images, labels)` (or images alone) decoded from files on each request.

    Attributes:
        class_names: the class names, in label order.
        file_paths: the image files, in the order served.
    """

    def __init__(self, paths, labels, class_names, label_mode, color_mode, batch_size, image_size,
                 interpolation, crop_to_aspect_ratio, pad_to_aspect_ratio, shuffle, seed):
        super().__init__()
        self.file_paths = list(paths)
        self._labels = None if label_mode is None else np.asarray(labels)
        self.class_names = class_names
        self.label_mode = label_mode
        self.color_mode = color_mode
        self.batch_size = batch_size
        self.image_size = tuple(image_size)
        self.interpolation = interpolation
        self.crop_to_aspect_ratio = crop_to_aspect_ratio
        self.pad_to_aspect_ratio = pad_to_aspect_ratio
        self._shuffle = shuffle
        self._rng = np.random.default_rng(seed)
        self._order = np.arange(len(self.file_paths))

    def __len__(self):
        if self.batch_size is None:
            return len(self.file_paths)
        return -(-len(self.file_paths) // self.batch_size)

    def _load(self, path):
        try:
            img = image_utils.load_img(path, color_mode=self.color_mode)
        except ImportError:
            raise
        except Exception as error:
            raise ValueError(f"image_dataset_from_directory(): cannot read image file {path}: {error}") from error
        x = image_utils.img_to_array(img, dtype="float32")
        if x.shape[-1] != CHANNELS[self.color_mode]:  # e.g. a 16-bit grayscale PNG
            x = x[..., :1]
        return self._resize(x)

    def _resize(self, x):
        height, width = self.image_size
        batch = x[None]
        if x.shape[:2] == (height, width):
            return x
        from numkeras.layers.preprocessing.image.resizing import resize_nhwc

        out = resize_nhwc(batch, height, width, self.interpolation, False, self.crop_to_aspect_ratio,
                          self.pad_to_aspect_ratio)
        return np.asarray(out.numpy()[0], dtype="float32")

    def _targets(self, indices):
        labels = self._labels[indices]
        if self.label_mode == "int":
            return labels.astype("int32")
        if self.label_mode == "binary":
            return labels.astype("float32").reshape(-1, 1)
        return np.eye(len(self.class_names), dtype="float32")[labels.astype(int)]

    def __getitem__(self, index):
        if not -len(self) <= index < len(self):
            raise IndexError(f"batch index {index} out of range for a data set of {len(self)} batches.")
        index %= len(self)
        if self.batch_size is None:
            indices = self._order[index:index + 1]
        else:
            indices = self._order[index * self.batch_size:(index + 1) * self.batch_size]
        images = np.stack([self._load(self.file_paths[i]) for i in indices])
        if self.batch_size is None:
            images = images[0]
        if self.label_mode is None:
            return images
        targets = self._targets(indices)
        return images, (targets[0] if self.batch_size is None else targets)

    def on_epoch_end(self):
        if self._shuffle:
            self._rng.shuffle(self._order)

    def __iter__(self):
        for i in range(len(self)):
            yield self[i]

    def __repr__(self):
        return (f"<ImageFolderDataset: {len(self.file_paths)} files, {len(self.class_names or [])} classes, "
                f"batch_size={self.batch_size}, image_size={self.image_size}>")


def image_dataset_from_directory(directory, labels="inferred", label_mode="int", class_names=None,
                                 color_mode="rgb", batch_size=32, image_size=(256, 256), shuffle=True,
                                 seed=None, validation_split=None, subset=None, interpolation="bilinear",
                                 follow_links=False, crop_to_aspect_ratio=False, pad_to_aspect_ratio=False,
                                 data_format=None, verbose=True):
    """A data set of image batches from a folder with one sub-folder per class (Keras's function).

    Args:
        directory: the folder. With `labels="inferred"`, each sub-folder is a class and
            its images (.bmp, .gif, .jpeg, .jpg, .png, searched recursively) are its samples.
        labels: "inferred", None (no labels), or a list of labels, one per image file in
            the alphanumeric order of their paths.
        label_mode: "int" (int32 labels), "categorical" (one-hot float32), "binary"
            (float32 0/1, shape (batch, 1), two classes only) or None (images only).
        class_names: explicit order of the sub-folders (with `labels="inferred"`).
        color_mode: "rgb" (3 channels, default), "grayscale" (1) or "rgba" (4).
        batch_size: images per batch (default 32); None serves single images.
        image_size: `(height, width)` every image is resized to (default (256, 256)).
        shuffle: shuffle the files (with `seed`) and reshuffle the batches every epoch.
        seed: int seed for the shuffling and the validation split.
        validation_split: fraction in (0, 1) kept for validation (the last files after shuffling).
        subset: "training", "validation" or "both" (returns the pair), with `validation_split`.
        interpolation: "bilinear" (default), "nearest", "bicubic", "lanczos3" or "lanczos5".
        crop_to_aspect_ratio / pad_to_aspect_ratio: keep the aspect ratio when resizing.
        data_format: only "channels_last" (batches are `(batch, height, width, channels)`).
        verbose: print how many files and classes were found.

    Returns:
        An `ImageFolderDataset` (a `PyDataset` that fit/evaluate/predict accept, with
        `.class_names`), or a `(training, validation)` pair for `subset="both"`.
    """
    if not os.path.isdir(directory):
        raise ValueError(f"image_dataset_from_directory(): {directory!r} is not a directory.")
    if labels not in ("inferred", None) and not isinstance(labels, (list, tuple, np.ndarray)):
        raise ValueError(f"image_dataset_from_directory(): `labels` must be 'inferred', None or a list of "
                         f"labels, got {labels!r}.")
    if labels is None:
        label_mode = None
    if label_mode not in LABEL_MODES:
        raise ValueError(f"image_dataset_from_directory(): `label_mode` must be one of {LABEL_MODES}, "
                         f"got {label_mode!r}.")
    if color_mode not in CHANNELS:
        raise ValueError(f"image_dataset_from_directory(): `color_mode` must be one of {tuple(CHANNELS)}, "
                         f"got {color_mode!r}.")
    if interpolation not in image_ops.RESIZE_METHODS:
        raise ValueError(f"image_dataset_from_directory(): `interpolation` must be one of "
                         f"{image_ops.RESIZE_METHODS}, got {interpolation!r}.")
    if batch_size is not None and (isinstance(batch_size, bool) or int(batch_size) != batch_size or batch_size < 1):
        raise ValueError(f"image_dataset_from_directory(): `batch_size` must be a positive int or None, "
                         f"got {batch_size!r}.")
    if len(tuple(image_size)) != 2 or min(image_size) < 1:
        raise ValueError(f"image_dataset_from_directory(): `image_size` must be (height, width) of positive "
                         f"ints, got {image_size!r}.")
    if crop_to_aspect_ratio and pad_to_aspect_ratio:
        raise ValueError("image_dataset_from_directory(): only one of `crop_to_aspect_ratio` and "
                         "`pad_to_aspect_ratio` can be True.")
    if data_format not in (None, "channels_last"):
        raise ValueError(f"image_dataset_from_directory(): only data_format='channels_last' is supported, "
                         f"got {data_format!r}.")
    _check_split(validation_split, subset, shuffle, seed)
    paths, label_list, class_names = _index_directory(directory, labels, class_names, follow_links)
    if not paths:
        raise ValueError(f"image_dataset_from_directory(): no images found in directory {directory}. "
                         f"Allowed formats: {ALLOWED_FORMATS}.")
    if label_mode == "binary" and len(class_names) != 2:
        raise ValueError(f"image_dataset_from_directory(): label_mode='binary' needs exactly 2 classes, "
                         f"found {len(class_names)}: {class_names}. Use label_mode='int' or 'categorical'.")
    if verbose:
        classes = f" belonging to {len(class_names)} classes" if labels is not None else ""
        print(f"Found {len(paths)} files{classes}.")
    if shuffle:
        seed = int(np.random.randint(1_000_000)) if seed is None else seed
        order = np.random.default_rng(seed).permutation(len(paths))
        paths = [paths[i] for i in order]
        label_list = [label_list[i] for i in order]

    def make(selection, reshuffle):
        return ImageFolderDataset([paths[i] for i in selection], [label_list[i] for i in selection],
                                  class_names, label_mode, color_mode, batch_size, image_size, interpolation,
                                  crop_to_aspect_ratio, pad_to_aspect_ratio, reshuffle, seed)

    everything = range(len(paths))
    if not validation_split:
        return make(everything, shuffle)
    num_val = int(validation_split * len(paths))
    train, val = range(len(paths) - num_val), range(len(paths) - num_val, len(paths))
    if verbose:
        if subset in ("training", "both"):
            print(f"Using {len(train)} files for training.")
        if subset in ("validation", "both"):
            print(f"Using {len(val)} files for validation.")
    if subset == "training":
        return make(train, shuffle)
    if subset == "validation":
        return make(val, False)
    return make(train, shuffle), make(val, False)


def _check_split(validation_split, subset, shuffle, seed):
    if validation_split is not None and not 0 < validation_split < 1:
        raise ValueError(f"image_dataset_from_directory(): `validation_split` must be in (0, 1), "
                         f"got {validation_split!r}.")
    if subset is not None and subset not in SUBSETS:
        raise ValueError(f"image_dataset_from_directory(): `subset` must be one of {SUBSETS}, got {subset!r}.")
    if (subset is None) != (not validation_split):
        raise ValueError("image_dataset_from_directory(): give `validation_split` and `subset` together "
                         f"(got validation_split={validation_split!r}, subset={subset!r}).")
    if validation_split and shuffle and seed is None:
        raise ValueError("image_dataset_from_directory(): with `validation_split` and shuffle=True, give a "
                         "`seed` so the training and validation subsets do not overlap.")
