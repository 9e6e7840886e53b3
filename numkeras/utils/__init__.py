"""`numkeras.utils`: data helpers, the progress bar, seeding and file downloads."""
from numkeras.backend.random import set_random_seed
from numkeras.utils.numerical_utils import normalize, to_categorical


def __getattr__(name):
    # Heavier helpers load on first use so `import numkeras` stays fast.
    import importlib

    homes = {
        "get_file": "numkeras.utils.file_utils",
        "Progbar": "numkeras.utils.progbar",
        "PyDataset": "numkeras.utils.py_dataset",
        "Sequence": "numkeras.utils.py_dataset",
        "pad_sequences": "numkeras.utils.sequence_utils",
        "text_dataset_from_directory": "numkeras.utils.dataset_utils",
        "timeseries_dataset_from_array": "numkeras.utils.dataset_utils",
        "plot_history": "numkeras.utils.plotting",
        "plot_model": "numkeras.utils.plotting",
        "model_to_figure": "numkeras.utils.plotting",
    }
    if name in homes:
        return getattr(importlib.import_module(homes[name]), name)
    raise AttributeError(f"module 'numkeras.utils' has no attribute '{name}'")
