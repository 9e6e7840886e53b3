"""Image preprocessing and augmentation layers."""
from numkeras.layers.preprocessing.image.random_affine import (
           RandomRotation,
           RandomTranslation,
           RandomZoom,
)
from numkeras.layers.preprocessing.image.random_color import (
           RandomBrightness,
           RandomContrast,
)
from numkeras.layers.preprocessing.image.random_flip_crop import RandomCrop, RandomFlip
from numkeras.layers.preprocessing.image.resizing import CenterCrop, Resizing

__all__ = ["CenterCrop", "RandomBrightness", "RandomContrast", "RandomCrop", "RandomFlip",
           "RandomRotation", "RandomTranslation", "RandomZoom", "Resizing"]
