"""BackupAndRestore: resume an interrupted `fit()` where it stopped, as if it never stopped.

At the end of every epoch (or every `save_freq` batches) the callback writes
`backup_dir/latest.weights.h5`: the weights, the optimizer's state and the
training state that makes a resumed run equal an uninterrupted one (the epoch
reached, the state of fit's shuffling generator, of every layer's
SeedGenerator and of the global generator). The file is replaced in one
`os.replace`, so a crash mid-save leaves the previous backup whole.

When `fit()` starts and a backup exists, everything is restored and training
continues at the epoch after the last one saved.
"""
import json
import os
import shutil
import warnings

from numkeras.callbacks.callback import Callback, batch_save_due

STATE_ATTRIBUTE = "numkeras_training_state"


class BackupAndRestore(Callback):
    """Backs up the training state so an interrupted `fit()` resumes where it stopped.

    Args:
        backup_dir: folder for the backup (created when needed; must not be shared
            between concurrent runs).
        save_freq: `"epoch"` (default), or an integer N to back up every N batches.
            A run resumed from a mid-epoch backup starts that epoch again with the
            weights saved mid-epoch (Keras's behaviour); only epoch backups make the
            resumed run identical to an uninterrupted one.
        double_checkpoint: also keep the previous backup (`*.bkp`), used when the
            latest one cannot be read.
        delete_checkpoint: delete `backup_dir` when `fit()` ends normally.

    Example:
    ```python
    model.fit(x, y, epochs=10, callbacks=[BackupAndRestore("backup")])
    # killed in epoch 6? run the same line again: it resumes at epoch 6.
    ```
    """

    def __init__(self, backup_dir, save_freq="epoch", double_checkpoint=False, delete_checkpoint=True):
        super().__init__()
        if not backup_dir:
            raise ValueError("Empty `backup_dir` argument passed")
        if save_freq != "epoch" and (isinstance(save_freq, bool) or not isinstance(save_freq, int)
                                     or save_freq < 1):
            raise ValueError(f"Invalid value for argument `save_freq`. Received: save_freq={save_freq}. "
                             "Expected either 'epoch' or an integer value >= 1.")
        self.backup_dir = os.fspath(backup_dir)
        self.save_freq = save_freq
        self.double_checkpoint = double_checkpoint
        self.delete_checkpoint = delete_checkpoint
        self._weights_path = os.path.join(self.backup_dir, "latest.weights.h5")
        self._training_metadata_path = os.path.join(self.backup_dir, "training_metadata.json")
        self._prev_weights_path = self._weights_path + ".bkp"
        self._current_epoch = 0
        self._last_batch_seen = 0
        self._batches_since_save = 0
        self._epoch_start_rng = None

    def _listens_to(self, hook_name):
        if hook_name == "on_train_batch_end":
            return self.save_freq != "epoch"
        return super()._listens_to(hook_name)

    def _wants_batch_logs(self, mode):
        # Its batch hook only counts batches: fit() need not compute the metrics for it
        # (a subclass that overrides the hook may read them).
        if type(self).on_train_batch_end is BackupAndRestore.on_train_batch_end:
            return False
        return super()._wants_batch_logs(mode)

    # --- restoring -------------------------------------------------------------------------
    def on_train_begin(self, logs=None):
        if not os.path.exists(self._weights_path):
            return
        try:
            self._restore(self._weights_path)
        except (OSError, ValueError) as error:
            if not os.path.exists(self._prev_weights_path):
                raise
            warnings.warn(f"BackupAndRestore: the latest backup could not be read ({error}); "
                          f"restoring the previous one.", stacklevel=2)
            self._restore(self._prev_weights_path)

    def _restore(self, path):
        from numkeras.saving import saving_lib

        if not self.model.built:
            raise ValueError("To use the BackupAndRestore callback, your model must be built before "
                             f"you call `fit()`. Model '{self.model.name}' is unbuilt. You can build "
                             "it beforehand by calling it on a batch of data.")
        saving_lib.load_weights_only(self.model, path)
        training_state = _read_training_state(path) or self._read_keras_metadata()
        if not training_state:
            return
        self.model._initial_epoch = int(training_state["epoch"])
        self._current_epoch = int(training_state["epoch"])
        _set_random_state(self.model, training_state)

    def _read_keras_metadata(self):
        if not os.path.exists(self._training_metadata_path):
            return None
        with open(self._training_metadata_path) as f:
            return json.load(f)

    # --- saving ------------------------------------------------------------------------------
    def on_epoch_begin(self, epoch, logs=None):
        self._epoch_start_rng = _rng_state(self.model)

    def on_epoch_end(self, epoch, logs=None):
        self._current_epoch = epoch + 1
        self._last_batch_seen = 0
        if self.save_freq == "epoch":
            self._save(shuffle_state=_rng_state(self.model))

    def on_train_batch_end(self, batch, logs=None):
        if self.save_freq == "epoch":
            return
        if batch_save_due(self, batch):
            # A resumed run starts this epoch again, so it needs the shuffle order it began with.
            self._save(shuffle_state=self._epoch_start_rng)

    def _save(self, shuffle_state):
        from numkeras.saving import archive, saving_lib

        os.makedirs(self.backup_dir, exist_ok=True)
        if self.double_checkpoint and os.path.exists(self._weights_path):
            shutil.copyfile(self._weights_path, self._prev_weights_path)
        training_state = {"epoch": self._current_epoch, "batch": self._last_batch_seen,
                          **_random_state(self.model, shuffle_state)}
        saving_lib.save_weights_only(self.model, self._weights_path,
                                     attrs={STATE_ATTRIBUTE: json.dumps(training_state)})
        # Keras's own file, for tools that read it; the state in the weights file is the one used.
        with archive.atomic_write(self._training_metadata_path) as tmp, open(tmp, "w") as f:
            json.dump({"epoch": self._current_epoch, "batch": self._last_batch_seen}, f)

    def on_train_end(self, logs=None):
        if self.delete_checkpoint and os.path.exists(self.backup_dir):
            shutil.rmtree(self.backup_dir)


# --- the random state of a run ---------------------------------------------------------------------
def _seed_generators(model):
    """Every SeedGenerator held by the model's layers, in a fixed order (depth first)."""
    from numkeras.backend.random import SeedGenerator

    found, seen = [], set()

    def walk(layer):
        if id(layer) in seen:
            return
        seen.add(id(layer))
        for name in sorted(vars(layer)):
            value = vars(layer)[name]
            if isinstance(value, SeedGenerator) and id(value) not in seen:
                seen.add(id(value))
                found.append(value)
        for sub in getattr(layer, "_layers", []):
            walk(sub)

    walk(model)
    return found


def _rng_state(model):
    rng = getattr(model, "_shuffle_rng", None)
    return None if rng is None else rng.bit_generator.state


def _random_state(model, shuffle_state):
    from numkeras.backend import random as nk_random

    return {"shuffle_rng": shuffle_state,
            "seed_generators": [[int(g.seed), int(g.counter)] for g in _seed_generators(model)],
            "global_seed_generator": [int(v) for v in nk_random.global_seed_generator().state]}


def _set_random_state(model, training_state):
    from numkeras.backend import random as nk_random

    shuffle_state = training_state.get("shuffle_rng")
    rng = getattr(model, "_shuffle_rng", None)
    if shuffle_state is not None and rng is not None:
        rng.bit_generator.state = shuffle_state
    saved = training_state.get("seed_generators")
    generators = _seed_generators(model)
    if saved is not None:
        if len(saved) != len(generators):
            warnings.warn(f"BackupAndRestore: the backup holds {len(saved)} layer random generators "
                          f"but the model has {len(generators)}; their states are not restored.",
                          stacklevel=3)
        else:
            for generator, generator_state in zip(generators, saved):
                generator.set_state(generator_state)
    if training_state.get("global_seed_generator") is not None:
        nk_random.global_seed_generator().set_state(training_state["global_seed_generator"])


def _read_training_state(path):
    from numkeras.saving.h5_store import require_h5py

    h5py = require_h5py()
    with h5py.File(path, "r") as f:
        text = f.attrs.get(STATE_ATTRIBUTE)
    if text is None:
        return None
    return json.loads(text.decode("utf-8") if isinstance(text, bytes) else text)
