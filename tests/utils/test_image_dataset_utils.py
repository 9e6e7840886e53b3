"""image_dataset_from_directory: labels from folders, modes, splits, streaming, errors."""
import os
import tracemalloc

import numpy as np
import pytest
from PIL import Image

import numkeras
from numkeras import layers, utils


def _folder(root, counts=(3, 5), size=(6, 4), mode="RGB"):
    rng = np.random.default_rng(0)
    for c, count in enumerate(counts):
        os.makedirs(os.path.join(root, f"class_{c}"), exist_ok=True)
        for i in range(count):
            shape = (size[0], size[1], 3) if mode == "RGB" else size
            pixels = np.full(shape, 40 * c + i, "uint8") if mode == "RGB" else rng.integers(0, 255, shape).astype("uint8")
            Image.fromarray(pixels, mode).save(os.path.join(root, f"class_{c}", f"img_{i}.png"))
    return str(root)


def test_labels_follow_the_subfolders(tmp_path):
    root = _folder(tmp_path)
    ds = utils.image_dataset_from_directory(root, image_size=(6, 4), batch_size=4, shuffle=False, verbose=False)
    assert ds.class_names == ["class_0", "class_1"] and len(ds) == 2
    x, y = ds[0]
    assert x.shape == (4, 6, 4, 3) and x.dtype == np.float32 and y.dtype == np.int32
    xs, ys = zip(*(ds[i] for i in range(len(ds))))
    x, y = np.concatenate(xs), np.concatenate(ys)
    assert y.tolist() == [0, 0, 0, 1, 1, 1, 1, 1]
    np.testing.assert_array_equal(x[:, 0, 0, 0], [0, 1, 2, 40, 41, 42, 43, 44])  # pixel = 40*class + index


@pytest.mark.parametrize("label_mode, shape, dtype", [("categorical", (8, 2), np.float32),
                                                      ("binary", (8, 1), np.float32)])
def test_label_modes(tmp_path, label_mode, shape, dtype):
    ds = utils.image_dataset_from_directory(_folder(tmp_path), label_mode=label_mode, batch_size=8,
                                            image_size=(3, 3), shuffle=False, verbose=False)
    _, y = ds[0]
    assert y.shape == shape and y.dtype == dtype
    assert y.sum() == (8 if label_mode == "categorical" else 5)


def test_no_labels_grayscale_unbatched_resized(tmp_path):
    ds = utils.image_dataset_from_directory(_folder(tmp_path), labels=None, color_mode="grayscale",
                                            batch_size=None, image_size=(3, 2), shuffle=False, verbose=False)
    assert len(ds) == 8 and ds[0].shape == (3, 2, 1)


def test_validation_split_is_disjoint_and_seeded(tmp_path, capsys):
    root = _folder(tmp_path, counts=(10, 10))
    train, val = utils.image_dataset_from_directory(root, validation_split=0.25, subset="both", seed=3,
                                                    image_size=(6, 4), batch_size=5)
    assert "Found 20 files belonging to 2 classes." in capsys.readouterr().out
    assert len(train.file_paths) == 15 and len(val.file_paths) == 5
    assert not set(train.file_paths) & set(val.file_paths)
    again = utils.image_dataset_from_directory(root, validation_split=0.25, subset="validation", seed=3,
                                               image_size=(6, 4), verbose=False)
    assert again.file_paths == val.file_paths


def test_training_from_the_folder_with_augmentation(tmp_path):
    root = _folder(tmp_path, counts=(6, 6))
    ds = utils.image_dataset_from_directory(root, image_size=(6, 4), batch_size=4, seed=1, verbose=False)
    model = numkeras.Sequential([numkeras.Input((6, 4, 3)), layers.Rescaling(1 / 255), layers.RandomFlip(seed=1),
                                 layers.Flatten(), layers.Dense(2, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = model.fit(ds, epochs=2, verbose=0)
    assert len(history.history["loss"]) == 2
    assert model.predict(ds, verbose=0).shape == (12, 2)
    assert len(model.evaluate(ds, verbose=0)) == 2


def test_memory_stays_flat_as_the_folder_grows(tmp_path):
    def peak(count):
        root = _folder(tmp_path / str(count), counts=(count,), size=(64, 64))
        ds = utils.image_dataset_from_directory(root, image_size=(64, 64), batch_size=8, verbose=False)
        tracemalloc.start()
        for i in range(len(ds)):
            ds[i]
        ds.on_epoch_end()
        result = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return result
    small, large = peak(16), peak(128)
    assert large < 1.5 * small + 200_000  # 8x the files, about the same peak (one batch)


def test_errors_name_the_problem(tmp_path):
    empty = tmp_path / "empty"
    (empty / "class_a").mkdir(parents=True)
    with pytest.raises(ValueError, match="no images found in directory"):
        utils.image_dataset_from_directory(str(empty), verbose=False)
    root = _folder(tmp_path / "bad")
    (tmp_path / "bad" / "class_0" / "broken.png").write_bytes(b"not an image")
    ds = utils.image_dataset_from_directory(root, image_size=(6, 4), batch_size=16, shuffle=False, verbose=False)
    with pytest.raises(ValueError, match=r"cannot read image file .*broken\.png"):
        ds[0]
    with pytest.raises(ValueError, match="exactly 2 classes"):
        utils.image_dataset_from_directory(_folder(tmp_path / "three", counts=(1, 1, 1)), label_mode="binary",
                                           verbose=False)
    with pytest.raises(ValueError, match="validation_split` and `subset` together"):
        utils.image_dataset_from_directory(root, validation_split=0.2, verbose=False)
    with pytest.raises(ValueError, match="give a `seed`"):
        utils.image_dataset_from_directory(root, validation_split=0.2, subset="training", verbose=False)
