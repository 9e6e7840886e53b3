"""One epoch of Keras's simple MNIST convnet: numkeras (NumPy, and with numba) vs PyTorch vs Keras 3 on JAX.

    python benchmarks/convnet.py [--images 6000] [--rounds 3] [--threads N]
                                 [--contenders numkeras,numkeras-numba,torch,keras-jax]

The model: Conv2D(32, 3, relu) -> MaxPooling2D -> Conv2D(64, 3, relu) -> MaxPooling2D ->
Flatten -> Dropout(0.5) -> Dense(10, softmax); Adam, categorical cross-entropy, batch 128.
Each contender runs in its own subprocess per round (so its peak RSS is its own): it trains
one warm-up epoch on 512 images (JAX compiles then), then times one epoch on `--images`
MNIST images and `predict` on 10,000 images. Rounds alternate the contenders; the table
shows medians (and the spread). All contenders use the machine's default thread settings, or
`--threads N` for every one of them (BLAS/OpenMP threads, torch.set_num_threads, XLA's Eigen
pool): on a machine shared with other work, one thread each avoids threads spinning on
each other and gives steadier figures.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CONTENDERS = ("numkeras", "numkeras-numba", "torch", "keras-jax")


def load_mnist(count):
    import numpy as np

    sys.path.insert(0, str(REPO))
    from numkeras.datasets import mnist

    (x, y), (x_test, _) = mnist.load_data()
    x = (x[:count].astype("float32") / 255)[..., None]
    onehot = np.eye(10, dtype="float32")[y[:count]]
    predict_x = (x_test[:10000].astype("float32") / 255)[..., None]
    return x, onehot, predict_x


def run_numkeras(x, y, predict_x):
    import numkeras as keras
    from numkeras import layers

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x[:512], y[:512], batch_size=128, epochs=1, verbose=0)
    started = time.perf_counter()
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    epoch = time.perf_counter() - started
    started = time.perf_counter()
    model.predict(predict_x, batch_size=128, verbose=0)
    return epoch, time.perf_counter() - started


def run_keras_jax(x, y, predict_x):
    os.environ["KERAS_BACKEND"] = "jax"
    import keras
    from keras import layers

    model = keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Conv2D(64, 3, activation="relu"), layers.MaxPooling2D(),
        layers.Flatten(), layers.Dropout(0.5), layers.Dense(10, activation="softmax"),
    ])
    model.compile(loss="categorical_crossentropy", optimizer="adam", metrics=["accuracy"])
    model.fit(x[:512], y[:512], batch_size=128, epochs=1, verbose=0)
    model.predict(predict_x[:256], batch_size=128, verbose=0)
    started = time.perf_counter()
    model.fit(x, y, batch_size=128, epochs=1, verbose=0)
    epoch = time.perf_counter() - started
    started = time.perf_counter()
    model.predict(predict_x, batch_size=128, verbose=0)
    return epoch, time.perf_counter() - started


def run_torch(x, y, predict_x):
    import numpy as np
    import torch
    from torch import nn

    model = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Dropout(0.5), nn.Linear(1600, 10),
    )
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    loss_fn = nn.CrossEntropyLoss()
    images = torch.from_numpy(np.ascontiguousarray(x.transpose(0, 3, 1, 2)))
    labels = torch.from_numpy(y.argmax(1))

    def epoch_over(count):
        model.train()
        order = torch.randperm(count)
        for start in range(0, count, 128):
            batch = order[start:start + 128]
            optimizer.zero_grad()
            logits = model(images[batch])
            loss = loss_fn(logits, labels[batch])
            loss.backward()
            optimizer.step()
            (logits.argmax(1) == labels[batch]).float().mean().item()  # the accuracy metric

    epoch_over(512)
    started = time.perf_counter()
    epoch_over(len(images))
    epoch = time.perf_counter() - started
    test = torch.from_numpy(np.ascontiguousarray(predict_x.transpose(0, 3, 1, 2)))
    started = time.perf_counter()
    model.eval()
    with torch.no_grad():
        for start in range(0, len(test), 128):
            torch.softmax(model(test[start:start + 128]), 1).numpy()
    return epoch, time.perf_counter() - started


def limit_threads(threads):
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[variable] = str(threads)
    os.environ["XLA_FLAGS"] = (f"--xla_cpu_multi_thread_eigen={'true' if threads > 1 else 'false'} "
                               f"intra_op_parallelism_threads={threads}")


def child(name, images, threads):
    import resource

    if threads:
        limit_threads(threads)
        if name == "torch":
            import torch

            torch.set_num_threads(threads)

    if name.startswith("numkeras"):
        os.environ["NUMKERAS_ACCELERATOR"] = "numba" if name.endswith("numba") else "numpy"
    x, y, predict_x = load_mnist(images)
    runner = {"numkeras": run_numkeras, "numkeras-numba": run_numkeras, "torch": run_torch,
              "keras-jax": run_keras_jax}[name]
    epoch, predict = runner(x, y, predict_x)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"epoch_s": epoch, "predict_s": predict, "peak_rss_mib": peak_kib / 1024}))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--images", type=int, default=6000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=0, help="threads per contender (0: defaults)")
    parser.add_argument("--contenders", default=",".join(CONTENDERS))
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.images, args.threads)
        return
    names = args.contenders.split(",")
    results = {name: [] for name in names}
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    for round_index in range(args.rounds):
        for name in names if round_index % 2 == 0 else reversed(names):
            done = subprocess.run([sys.executable, __file__, "--child", name, "--images", str(args.images),
                                   "--threads", str(args.threads)],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                print(f"{name} failed:\n{done.stderr[-2000:]}", file=sys.stderr)
                continue
            results[name].append(json.loads(done.stdout.strip().splitlines()[-1]))
            print(f"round {round_index + 1} {name}: {results[name][-1]}", flush=True)
    threads = args.threads or "default"
    print(f"\nOne epoch of the simple MNIST convnet on {args.images:,} images (batch 128), "
          f"median of {args.rounds} rounds [min-max]; predict on 10,000 images; peak RSS; "
          f"threads: {threads}")
    print(f"{'contender':<16} {'epoch (s)':>22} {'predict (img/s)':>16} {'peak RSS (MiB)':>15}")
    for name, runs in results.items():
        if not runs:
            continue
        epochs = [r["epoch_s"] for r in runs]
        rate = statistics.median(10000 / r["predict_s"] for r in runs)
        rss = statistics.median(r["peak_rss_mib"] for r in runs)
        spread = f"{statistics.median(epochs):.2f} [{min(epochs):.2f}-{max(epochs):.2f}]"
        print(f"{name:<16} {spread:>22} {rate:>16,.0f} {rss:>15,.0f}")


if __name__ == "__main__":
    main()
