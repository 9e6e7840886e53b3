"""Checks that fit/evaluate/predict accept a real torch.utils.data.DataLoader (torch is not in
the test extras; the suite tests a DataLoader-shaped stand-in instead).

    python tools/torch_dataloader_check.py
"""
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

import numkeras
from numkeras import layers


def main():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(256, 3)).astype(np.float32)
    y = (x @ np.array([[1.0], [-2.0], [0.5]], np.float32)).astype(np.float32)
    loader = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=32, shuffle=True)
    numkeras.utils.set_random_seed(0)
    model = numkeras.Sequential([numkeras.Input((3,)), layers.Dense(1)])
    model.compile(optimizer=numkeras.optimizers.SGD(0.1), loss="mse")
    history = model.fit(loader, epochs=5, verbose=0)
    ordered = DataLoader(TensorDataset(torch.from_numpy(x), torch.from_numpy(y)), batch_size=64)
    loss = model.evaluate(ordered, verbose=0)
    predictions = model.predict(ordered, verbose=0)
    print(f"fit losses: {[round(v, 4) for v in history.history['loss']]}")
    print(f"evaluate on the loader: {loss:.5f}; on the arrays: {model.evaluate(x, y, verbose=0):.5f}")
    print(f"predict shape {predictions.shape}, equal to array predict: "
          f"{np.allclose(predictions, model.predict(x, verbose=0), atol=1e-6)}")
    assert history.history["loss"][-1] < 0.01 * history.history["loss"][0]
    assert abs(loss - model.evaluate(x, y, verbose=0)) < 1e-5 and predictions.shape == (256, 1)
    print("OK: a torch DataLoader trains, evaluates and predicts.")


if __name__ == "__main__":
    main()
