import os

import pytest

from numkeras.callbacks import CallbackList, ModelCheckpoint


def names(model):
    return [(kind, os.path.basename(path)) for kind, path in model.saved]


def test_saves_every_epoch_with_a_filepath_template(model, fit_like, tmp_path):
    template = str(tmp_path / "model-{epoch:02d}-{val_loss:.2f}.keras")
    fit_like(ModelCheckpoint(template), model, [{"val_loss": 0.41234}, {"val_loss": 0.39871}])
    assert names(model) == [("model", "model-01-0.41.keras"), ("model", "model-02-0.40.keras")]
    assert (tmp_path / "model-02-0.40.keras").read_text() == "model"


def test_save_best_only_with_keras_messages(model, fit_like, tmp_path, capsys):
    path = str(tmp_path / "best.keras")
    checkpoint = ModelCheckpoint(path, save_best_only=True, verbose=1)
    fit_like(checkpoint, model, [{"val_loss": 0.4123}, {"val_loss": 0.39871}, {"val_loss": 0.5}])
    assert names(model) == [("model", "best.keras"), ("model", "best.keras")]
    assert checkpoint.best == 0.39871
    assert capsys.readouterr().out == (
        f"Epoch 1: val_loss improved from inf to 0.41230, saving model to {path}\n"
        f"Epoch 1: finished saving model to {path}\n"
        f"Epoch 2: val_loss improved from 0.41230 to 0.39871, saving model to {path}\n"
        f"Epoch 2: finished saving model to {path}\n"
        "Epoch 3: val_loss did not improve from 0.39871\n"
    )


def test_save_best_only_maximizes_accuracy(model, fit_like, tmp_path):
    template = str(tmp_path / "e{epoch}.keras")
    fit_like(ModelCheckpoint(template, monitor="val_accuracy", save_best_only=True), model,
             [{"val_accuracy": 0.5}, {"val_accuracy": 0.4}, {"val_accuracy": 0.7}])
    assert names(model) == [("model", "e1.keras"), ("model", "e3.keras")]


def test_initial_value_threshold_must_be_beaten_first(model, fit_like, tmp_path):
    template = str(tmp_path / "e{epoch}.keras")
    fit_like(ModelCheckpoint(template, save_best_only=True, initial_value_threshold=0.3), model,
             [{"val_loss": 0.5}, {"val_loss": 0.2}])
    assert names(model) == [("model", "e2.keras")]


def test_save_weights_only_and_verbose_message(model, fit_like, tmp_path, capsys):
    path = str(tmp_path / "sub" / "dir" / "w.weights.h5")  # folders are created
    fit_like(ModelCheckpoint(path, save_weights_only=True, verbose=1), model, [{"loss": 1.0}])
    assert model.saved == [("weights", path)]
    assert capsys.readouterr().out == f"Epoch 1: saving model to {path}\nEpoch 1: finished saving model to {path}\n"


def test_integer_save_freq_counts_batches_across_epochs(model, fit_like, tmp_path):
    template = str(tmp_path / "e{epoch}-b{batch}.keras")
    checkpoint = ModelCheckpoint(template, save_freq=2)
    fit_like(checkpoint, model, [{"loss": 1.0}, {"loss": 1.0}], steps=5, batch_logs={"loss": 0.5})
    assert names(model) == [("model", n) for n in ["e1-b2.keras", "e1-b4.keras", "e2-b1.keras", "e2-b3.keras", "e2-b5.keras"]]


def test_batch_hooks_are_requested_only_for_integer_save_freq(tmp_path):
    per_epoch = CallbackList([ModelCheckpoint(str(tmp_path / "m.keras"))], verbose=0)
    assert not per_epoch.needs_train_batch_hooks
    per_batch = CallbackList([ModelCheckpoint(str(tmp_path / "m.keras"), save_freq=10)], verbose=0)
    assert per_batch.needs_train_batch_hooks and per_batch.batch_logs_wanted(0)
    assert not per_batch.needs_test_batch_hooks


def test_missing_monitor_warns_and_saves(model, fit_like, tmp_path):
    with pytest.warns(UserWarning, match="Can save best model only with val_loss available"):
        fit_like(ModelCheckpoint(str(tmp_path / "m.keras"), save_best_only=True), model, [{"loss": 1.0}])
    assert len(model.saved) == 1


def test_unknown_template_field(model, fit_like, tmp_path):
    with pytest.raises(KeyError, match="Failed to format this callback filepath.*val_acc"):
        fit_like(ModelCheckpoint(str(tmp_path / "{val_acc}.keras")), model, [{"loss": 1.0}])


def test_existing_directory_as_filepath(model, fit_like, tmp_path):
    (tmp_path / "m.keras").mkdir()
    with pytest.raises(IsADirectoryError, match="non-directory filepath"):
        fit_like(ModelCheckpoint(str(tmp_path / "m.keras")), model, [{"loss": 1.0}])


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"filepath": "m.h5", "save_weights_only": True}, "must end in `.weights.h5`"),
        ({"filepath": "m.ckpt"}, "must end in `.keras`"),
        ({"filepath": "m.keras", "save_freq": "batch"}, "Unrecognized save_freq"),
        ({"filepath": "m.keras", "save_freq": 0}, "Unrecognized save_freq"),
        ({"filepath": "m.keras", "mode": "maximum"}, "mode"),
    ],
)
def test_invalid_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ModelCheckpoint(**kwargs)
