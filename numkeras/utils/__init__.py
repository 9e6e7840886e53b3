"""`numkeras.utils`: data helpers, the progress bar, seeding and file downloads."""
from numkeras.utils.numerical_utils import normalize, to_categorical

# Heavier helpers load on first use so `import numkeras` stays fast; the data sets import
# `file_utils` from here without loading the engine.
LAZY_HOMES = {
    "set_random_seed": "numkeras.backend.random",
    "get_file": "numkeras.utils.file_utils",
    "Progbar": "numkeras.utils.progbar",
    "PyDataset": "numkeras.utils.py_dataset",
    "Sequence": "numkeras.utils.py_dataset",
    "pad_sequences": "numkeras.utils.sequence_utils",
    "text_dataset_from_directory": "numkeras.utils.dataset_utils",
    "timeseries_dataset_from_array": "numkeras.utils.dataset_utils",
    "plot_history": "numkeras.utils.history_plotting",
    "plot_model": "numkeras.utils.plotting",
    "plot_gradient_norms": "numkeras.utils.training_plots",
    "plot_activation_stats": "numkeras.utils.training_plots",
    "model_to_figure": "numkeras.utils.plotting",
    "load_img": "numkeras.utils.image_utils",
    "img_to_array": "numkeras.utils.image_utils",
    "array_to_img": "numkeras.utils.image_utils",
    "save_img": "numkeras.utils.image_utils",
    "image_dataset_from_directory": "numkeras.utils.image_dataset_utils",
    "unpack_x_y_sample_weight": "numkeras.models.data",
    "pack_x_y_sample_weight": "numkeras.models.data",
}


def __getattr__(name):
    import importlib

    if name in LAZY_HOMES:
        return getattr(importlib.import_module(LAZY_HOMES[name]), name)
    raise AttributeError(f"module 'numkeras.utils' has no attribute '{name}'")
