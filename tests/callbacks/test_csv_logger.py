import numpy as np

from numkeras.callbacks import CallbackList, CSVLogger, LearningRateScheduler


def test_header_sorted_keys_and_0_based_epochs(model, fit_like, tmp_path):
    path = tmp_path / "log.csv"
    fit_like(CSVLogger(path), model, [{"loss": 0.5, "accuracy": 0.25}, {"loss": 0.125, "accuracy": 0.75}])
    assert path.read_text() == "epoch,accuracy,loss\n0,0.25,0.5\n1,0.75,0.125\n"


def test_append_continues_without_a_second_header(model, fit_like, tmp_path):
    path = tmp_path / "log.csv"
    fit_like(CSVLogger(path), model, [{"loss": 0.5}])
    fit_like(CSVLogger(path, append=True), model, [{"loss": 0.25}])
    assert path.read_text() == "epoch,loss\n0,0.5\n0,0.25\n"
    fit_like(CSVLogger(path), model, [{"loss": 1.5}])  # append=False overwrites
    assert path.read_text() == "epoch,loss\n0,1.5\n"


def test_append_to_an_empty_file_writes_the_header(model, fit_like, tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")
    fit_like(CSVLogger(path, append=True), model, [{"loss": 0.5}])
    assert path.read_text() == "epoch,loss\n0,0.5\n"


def test_missing_values_are_na_and_separator(model, fit_like, tmp_path):
    path = tmp_path / "log.tsv"
    fit_like(CSVLogger(path, separator="\t"), model, [{"loss": 0.5, "mae": 0.25}, {"loss": 0.5}])
    assert path.read_text() == "epoch\tloss\tmae\n0\t0.5\t0.25\n1\t0.5\tNA\n"


def test_val_columns_are_added_up_front_only_when_validation_will_run(model, tmp_path):
    for do_validation, header in [(True, "epoch,accuracy,loss,val_accuracy,val_loss"), (False, "epoch,accuracy,loss")]:
        path = tmp_path / f"log_{do_validation}.csv"
        cbs = CallbackList([CSVLogger(path)], model=model, verbose=0, epochs=2, steps=1, do_validation=do_validation)
        cbs.on_train_begin()
        cbs.on_epoch_end(0, {"loss": 0.5, "accuracy": 0.25})
        cbs.on_epoch_end(1, {"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75, "val_accuracy": 0.5})
        cbs.on_train_end()
        lines = path.read_text().splitlines()
        assert lines[0] == header
        if do_validation:
            assert lines[1:] == ["0,0.25,0.5,NA,NA", "1,0.25,0.5,0.5,0.75"]


def test_rows_hold_the_same_numbers_as_history(model, tmp_path):
    path = tmp_path / "log.csv"
    scheduler = LearningRateScheduler(lambda epoch, lr: lr / 2)
    cbs = CallbackList([scheduler, CSVLogger(path)], add_history=True, model=model, verbose=0, epochs=1, steps=1)
    cbs.on_train_begin()
    cbs.on_epoch_begin(0)
    cbs.on_epoch_end(0, {"loss": np.float32(0.1)})
    cbs.on_train_end()
    assert path.read_text() == f"epoch,learning_rate,loss\n0,0.005,{float(np.float32(0.1))}\n"
    assert model.history.history == {"loss": [float(np.float32(0.1))], "learning_rate": [0.005]}


def test_file_is_flushed_every_epoch(model, tmp_path):
    path = tmp_path / "log.csv"
    logger = CSVLogger(path)
    logger.set_model(model)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 0.5})
    assert path.read_text() == "epoch,loss\n0,0.5\n"  # readable before training ends
    logger.on_train_end()
    assert logger.csv_file is None
