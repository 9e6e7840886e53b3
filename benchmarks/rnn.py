"""One training epoch of the IMDB-style recurrent model, numkeras vs PyTorch vs Keras 3 (JAX).

    python benchmarks/rnn.py                       # LSTM, GRU, BiLSTM on 2,560 sequences
    python benchmarks/rnn.py lstm --samples 25000  # one model, the full IMDB size
    NUMKERAS_BENCH_ROUNDS=3 ...                     # rounds per contender (default 1; medians)
    NUMKERAS_BENCH_KERAS=0 ...                      # skip Keras 3
    NUMKERAS_BENCH_SKIP="PyTorch,..." ...           # skip contenders by name

Model: Embedding(10000, 32) -> {LSTM(32) | GRU(32) | Bidirectional(LSTM(32))} -> Dense(1,
sigmoid), rmsprop, binary cross-entropy, batch 128, 500 timesteps, random token ids (speed does
not depend on the ids). Each contender runs in its own fresh interpreter (no thread pools or
caches shared), after one warm-up batch (JAX compiles there); the contenders alternate within a
round. numkeras runs twice: with its numba accelerator (when numba is installed) and NumPy only.
PyTorch is plain `nn.Embedding` + `nn.LSTM`/`nn.GRU` + `nn.Linear` with `torch.optim.RMSprop`,
as shipped and with `torch.set_flush_denormal(True)`.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
VOCAB, DIM, UNITS, STEPS, BATCH = 10000, 32, 32, 500, 128


def data(samples):
    rng = np.random.default_rng(0)
    x = rng.integers(1, VOCAB, (samples, STEPS)).astype("int32")
    y = rng.integers(0, 2, (samples, 1)).astype("float32")
    return x, y


def run_numkeras(kind, samples, accelerator):
    sys.path.insert(0, str(ROOT))
    import numkeras as keras
    from numkeras import layers

    keras.optimizers.set_accelerator(accelerator)
    keras.utils.set_random_seed(1)
    recurrent = {"lstm": lambda: layers.LSTM(UNITS), "gru": lambda: layers.GRU(UNITS),
                 "bilstm": lambda: layers.Bidirectional(layers.LSTM(UNITS))}[kind]()
    model = keras.Sequential([keras.Input((STEPS,), dtype="int32"), layers.Embedding(VOCAB, DIM),
                              recurrent, layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
    x, y = data(samples)
    model.fit(x[:BATCH], y[:BATCH], batch_size=BATCH, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    return time.perf_counter() - start


def run_keras(kind, samples):
    os.environ.setdefault("KERAS_BACKEND", "jax")
    import keras
    from keras import layers

    keras.utils.set_random_seed(1)
    recurrent = {"lstm": lambda: layers.LSTM(UNITS), "gru": lambda: layers.GRU(UNITS),
                 "bilstm": lambda: layers.Bidirectional(layers.LSTM(UNITS))}[kind]()
    model = keras.Sequential([keras.Input((STEPS,), dtype="int32"), layers.Embedding(VOCAB, DIM),
                              recurrent, layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer="rmsprop", loss="binary_crossentropy", metrics=["acc"])
    x, y = data(samples)
    model.fit(x[:BATCH], y[:BATCH], batch_size=BATCH, epochs=1, verbose=0)
    start = time.perf_counter()
    model.fit(x, y, batch_size=BATCH, epochs=1, verbose=0)
    return time.perf_counter() - start


def run_torch(kind, samples, flush_denormal=False):
    import torch
    from torch import nn

    torch.manual_seed(1)
    # PyTorch leaves the CPU's subnormal arithmetic on by default; 500 steps of backpropagation
    # reach subnormal gradients, which the CPU computes many times slower.
    torch.set_flush_denormal(flush_denormal)

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.embedding = nn.Embedding(VOCAB, DIM)
            cls = nn.GRU if kind == "gru" else nn.LSTM
            self.rnn = cls(DIM, UNITS, batch_first=True, bidirectional=kind == "bilstm")
            self.head = nn.Linear(UNITS * (2 if kind == "bilstm" else 1), 1)

        def forward(self, ids):
            _, state = self.rnn(self.embedding(ids))
            h = state[0] if isinstance(state, tuple) else state  # (directions, batch, units)
            return self.head(torch.cat(list(h), dim=-1))

    net = Net()
    optimizer = torch.optim.RMSprop(net.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = nn.BCEWithLogitsLoss()
    x, y = data(samples)
    xt, yt = torch.from_numpy(x.astype("int64")), torch.from_numpy(y)

    def epoch(n):
        for i in range(0, n, BATCH):
            optimizer.zero_grad()
            loss = loss_fn(net(xt[i:i + BATCH]), yt[i:i + BATCH])
            loss.backward()
            optimizer.step()

    epoch(BATCH)
    start = time.perf_counter()
    epoch(samples)
    return time.perf_counter() - start


CONTENDERS = {
    "numkeras+numba": lambda kind, n: run_numkeras(kind, n, "auto"),
    "numkeras (NumPy only)": lambda kind, n: run_numkeras(kind, n, None),
    "PyTorch": run_torch,
    "PyTorch (flush denormals)": lambda kind, n: run_torch(kind, n, flush_denormal=True),
    "Keras 3 (JAX)": run_keras,
}


def one(contender, kind, samples):
    """Runs one contender in a fresh interpreter; returns its seconds."""
    code = (f"import sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import rnn, json; "
            f"print(json.dumps(rnn.CONTENDERS[{contender!r}]({kind!r}, {samples})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=False)
    if out.returncode != 0:
        return f"failed: {out.stderr.strip().splitlines()[-1] if out.stderr.strip() else out.returncode}"
    return float(json.loads(out.stdout.strip().splitlines()[-1]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kinds", nargs="*", default=["lstm", "gru", "bilstm"])
    parser.add_argument("--samples", type=int, default=2560)
    args = parser.parse_args()
    rounds = int(os.environ.get("NUMKERAS_BENCH_ROUNDS", "1"))
    skip = set(filter(None, os.environ.get("NUMKERAS_BENCH_SKIP", "").split(",")))
    contenders = [c for c in CONTENDERS if c not in skip
                  and not (c.startswith("Keras") and os.environ.get("NUMKERAS_BENCH_KERAS") == "0")]
    for kind in args.kinds:
        times = {c: [] for c in contenders}
        for _ in range(rounds):
            for contender in contenders:
                times[contender].append(one(contender, kind, args.samples))
        print(f"\n{kind}: one epoch, {args.samples} sequences of {STEPS} steps, batch {BATCH}")
        for contender, got in times.items():
            numbers = [t for t in got if isinstance(t, float)]
            if not numbers:
                print(f"  {contender:24s} {got[0]}")
                continue
            spread = ", ".join(f"{t:.2f}" for t in numbers)
            print(f"  {contender:24s} {statistics.median(numbers):7.2f} s   (rounds: {spread})")


if __name__ == "__main__":
    main()
