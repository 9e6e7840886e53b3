"""TensorBoard callback: event files read back with TensorBoard's own EventAccumulator."""
import numpy as np
import pytest
from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

import numkeras
from numkeras import layers
from numkeras.callbacks import TensorBoard


def read(folder):
    accumulator = EventAccumulator(str(folder), size_guidance={"scalars": 0, "histograms": 0,
                                                                "tensors": 0})
    accumulator.Reload()
    return accumulator


def train(tmp_path, **options):
    numkeras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    x = rng.normal(size=(40, 3)).astype(np.float32)
    y = (x[:, :1] > 0).astype(np.float32)
    model = numkeras.Sequential([numkeras.Input((3,)), layers.Dense(4, activation="relu", name="hidden"),
                                 layers.Dense(1, activation="sigmoid", name="out")])
    model.compile(optimizer="sgd", loss="binary_crossentropy", metrics=["accuracy"])
    history = model.fit(x, y, batch_size=10, epochs=3, validation_split=0.25, verbose=0,
                        callbacks=[TensorBoard(log_dir=tmp_path, **options)])
    return model, history


def test_epoch_scalars_match_the_history(tmp_path):
    model, history = train(tmp_path, histogram_freq=1)
    events = read(tmp_path / "train")
    assert {"epoch_loss", "epoch_accuracy", "epoch_learning_rate"} <= set(events.Tags()["scalars"])
    losses = events.Scalars("epoch_loss")
    assert [e.step for e in losses] == [0, 1, 2]
    np.testing.assert_allclose([e.value for e in losses], history.history["loss"], rtol=1e-6)
    val = read(tmp_path / "validation")
    np.testing.assert_allclose([e.value for e in val.Scalars("epoch_loss")],
                               history.history["val_loss"], rtol=1e-6)
    # after each validation, against the optimizer's step count (3 steps an epoch)
    assert [e.step for e in val.Scalars("evaluation_loss_vs_iterations")] == [3, 6, 9]


def test_weight_histograms_describe_the_final_weights(tmp_path):
    model, _ = train(tmp_path, histogram_freq=1)
    events = read(tmp_path / "train")
    assert "hidden/kernel/histogram" in events.Tags()["histograms"]
    kernels = events.Histograms("hidden/kernel/histogram")
    assert [h.step for h in kernels] == [0, 1, 2]
    last = kernels[-1].histogram_value
    kernel = model.get_layer("hidden").kernel.numpy()
    assert last.num == kernel.size and sum(last.bucket) == kernel.size
    assert last.min == pytest.approx(kernel.min()) and last.max == pytest.approx(kernel.max())
    assert last.sum == pytest.approx(kernel.sum(), abs=1e-5)


def test_histogram_freq_zero_writes_none(tmp_path):
    train(tmp_path, histogram_freq=0)
    assert read(tmp_path / "train").Tags()["histograms"] == []


@pytest.mark.parametrize("update_freq, steps", [("batch", [1, 2, 3, 4, 5, 6, 7, 8, 9]), (4, [4, 8])])
def test_batch_scalars_follow_update_freq(tmp_path, update_freq, steps):
    train(tmp_path, update_freq=update_freq)
    batch_loss = read(tmp_path / "train").Scalars("batch_loss")
    assert [e.step for e in batch_loss] == steps


def test_graph_is_written_as_the_keras_model_config(tmp_path):
    model, _ = train(tmp_path, write_graph=True)
    events = read(tmp_path / "train")
    assert "keras" in events.Tags()["tensors"]
    text = events.Tensors("keras")[0].tensor_proto.string_val[0].decode()
    assert text == model.to_json()


def test_bad_arguments(tmp_path):
    with pytest.raises(ValueError, match="update_freq"):
        TensorBoard(log_dir=tmp_path, update_freq="sometimes")
    with pytest.raises(ValueError, match="profile_batch"):
        TensorBoard(log_dir=tmp_path, profile_batch=(5, 2))
    with pytest.warns(UserWarning, match="profil"):
        assert TensorBoard(log_dir=tmp_path, profile_batch="2,4").profile_batch == (2, 4)
