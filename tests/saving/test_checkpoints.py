"""ModelCheckpoint saves loadable models; BackupAndRestore resumes a fit killed with SIGKILL exactly."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
from saving_helpers import max_diff

import numkeras as keras
from numkeras.callbacks import BackupAndRestore, ModelCheckpoint

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _data():
    rng = np.random.default_rng(0)
    return rng.random((40, 4), dtype="float32"), rng.random((40, 1), dtype="float32")


def _model():
    keras.random.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(0.3), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    return model


def test_checkpoint_template_best_only_and_loadable(tmp_path):
    x, y = _data()
    model = _model()
    template = str(tmp_path / "model-{epoch:02d}-{val_loss:.2f}.keras")
    best = ModelCheckpoint(str(tmp_path / "best.keras"), monitor="val_loss", mode="min",
                           save_best_only=True)
    model.fit(x, y, epochs=3, batch_size=8, validation_split=0.25, verbose=0,
              callbacks=[ModelCheckpoint(template), best])
    history = model.history.history["val_loss"]
    names = sorted(p for p in os.listdir(tmp_path) if p.startswith("model-"))
    assert names == [f"model-{e + 1:02d}-{v:.2f}.keras" for e, v in enumerate(history)]
    last = keras.saving.load_model(tmp_path / names[-1])
    assert max_diff(last.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0
    assert best.best == min(history)
    restored = keras.saving.load_model(tmp_path / "best.keras")
    assert restored.optimizer.iterations.value.item() == 4 * (1 + int(np.argmin(history)))


def test_checkpoint_weights_only_every_n_batches(tmp_path):
    x, y = _data()
    model = _model()
    path = str(tmp_path / "w-{epoch}-{batch}.weights.h5")
    model.fit(x, y, epochs=2, batch_size=8, verbose=0, shuffle=False,
              callbacks=[ModelCheckpoint(path, save_weights_only=True, save_freq=3)])
    assert sorted(os.listdir(tmp_path)) == ["w-1-3.weights.h5", "w-2-1.weights.h5", "w-2-4.weights.h5"]
    twin = _model()
    twin.load_weights(tmp_path / "w-2-4.weights.h5")
    assert twin.optimizer.iterations.value.item() == 9


def test_checkpoint_legacy_h5_path(tmp_path):
    x, y = _data()
    model = _model()
    with pytest.warns(UserWarning, match="HDF5 file"):
        model.fit(x, y, epochs=1, verbose=0, callbacks=[ModelCheckpoint(str(tmp_path / "m.h5"))])
    loaded = keras.saving.load_model(tmp_path / "m.h5")
    assert max_diff(loaded.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0


def test_backup_and_restore_resumes_after_an_exception(tmp_path):
    x, y = _data()
    reference = _model()
    reference.fit(x, y, epochs=4, batch_size=8, verbose=0)

    class Crash(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == 2 and batch == 1:
                raise RuntimeError("crash")

    backup = tmp_path / "backup"
    with pytest.raises(RuntimeError):
        _model().fit(x, y, epochs=4, batch_size=8, verbose=0, callbacks=[BackupAndRestore(backup), Crash()])
    resumed = _model()
    history = resumed.fit(x, y, epochs=4, batch_size=8, verbose=0, callbacks=[BackupAndRestore(backup)])
    assert history.epoch == [2, 3]  # epochs 0 and 1 were done before the crash
    assert max_diff(resumed.get_weights(), reference.get_weights()) == 0.0
    assert not backup.exists()  # delete_checkpoint=True


CHILD = textwrap.dedent("""
    import sys, time
    import numpy as np
    import numkeras as keras
    from numkeras.callbacks import BackupAndRestore, Callback

    backup, signal_file, out, kill_epoch = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    rng = np.random.default_rng(0)
    x, y = rng.random((64, 4), dtype="float32"), rng.random((64, 1), dtype="float32")
    keras.random.set_random_seed(1)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu"),
                              keras.layers.Dropout(0.3), keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")

    class WaitForKill(Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.epoch = epoch

        def on_train_batch_end(self, batch, logs=None):
            if self.epoch == kill_epoch and batch == 3:
                open(signal_file, "w").write("mid-epoch")
                time.sleep(60)  # the parent kills us here, in the middle of the epoch

    callbacks = [BackupAndRestore(backup)] if backup != "-" else []
    model.fit(x, y, epochs=5, batch_size=8, verbose=0, callbacks=callbacks + [WaitForKill()])
    np.savez(out, *model.get_weights())
""")


def _run_child(tmp_path, backup, out, kill_epoch):
    script = tmp_path / "child.py"
    script.write_text(CHILD)
    signal_file = tmp_path / f"signal-{out}"
    env = dict(os.environ, PYTHONPATH=REPO + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, str(script), str(backup), str(signal_file),
                                str(tmp_path / out), str(kill_epoch)], env=env)
    return process, signal_file


def test_backup_and_restore_after_sigkill_matches_an_uninterrupted_run(tmp_path):
    backup = tmp_path / "backup"
    # 1. Killed with SIGKILL in the middle of epoch 2 (after epochs 0 and 1 were backed up).
    process, signal_file = _run_child(tmp_path, backup, "killed.npz", kill_epoch=2)
    deadline = time.time() + 120
    while not signal_file.exists():
        assert process.poll() is None, "the child ended before reaching the kill point"
        assert time.time() < deadline, "the child never reached the kill point"
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    assert process.wait(timeout=30) == -signal.SIGKILL
    assert (backup / "latest.weights.h5").exists()
    assert not (tmp_path / "killed.npz").exists()
    # 2. The same script again resumes from the backup and finishes.
    process, _ = _run_child(tmp_path, backup, "resumed.npz", kill_epoch=-1)
    assert process.wait(timeout=120) == 0
    # 3. An uninterrupted run with the same seed, without the callback.
    process, _ = _run_child(tmp_path, "-", "reference.npz", kill_epoch=-1)
    assert process.wait(timeout=120) == 0
    resumed, reference = np.load(tmp_path / "resumed.npz"), np.load(tmp_path / "reference.npz")
    assert len(resumed.files) == 4
    for key in reference.files:
        np.testing.assert_array_equal(resumed[key], reference[key])
    assert not backup.exists()


def test_backup_and_restore_arguments():
    with pytest.raises(ValueError, match="Empty `backup_dir`"):
        BackupAndRestore("")
    with pytest.raises(ValueError, match="save_freq"):
        BackupAndRestore("b", save_freq="batch")
