"""Times numkeras on the lecture notes' workloads against peers measured in the same run.

    python benchmarks/seed_workloads.py            # all workloads
    python benchmarks/seed_workloads.py xor mnist  # a subset
    NUMKERAS_BENCH_KERAS=0 ...                     # skip Keras 3 (JAX backend)
    NUMKERAS_BENCH_ROUNDS=5 ...                    # MNIST rounds (default 3; medians reported)

Workloads:
- xor:     the seed XOR MLP (2-2-1 sigmoid, SGD lr=0.3, MSE), batch_size=1, 10,000 epochs
           (40,000 steps), vs a plain PyTorch loop (and Keras 3 on JAX, on fewer epochs, scaled).
- mnist:   the seed MNIST MLP (784-512-10, relu/sigmoid, rmsprop, MSE), batch 128, 5 epochs,
           numkeras (plain, and with numba-compiled updates when numba is installed) vs PyTorch,
           Keras 3 on JAX and the same MLP as a hand-written NumPy loop; plus the floor set by
           this machine's float32 matmul rate for the same matmuls (forward and backward). The
           contenders run in turn, several rounds; medians are reported.
- predict: latency of `model.predict` on one sample of the MNIST model.
- import:  `import numkeras` in a fresh interpreter.

Needs the MNIST file of ../shared/datasets (or NUMKERAS_HOME with datasets/mnist.npz).
PyTorch: `pip install torch==2.13.0` (CPU); Keras: `pip install keras jax`.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from numkeras.utils import to_categorical  # noqa: E402

XOR_X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype="float32")
XOR_Y = np.array([[0], [1], [1], [0]], dtype="float32")


def _mnist_path():
    candidates = [ROOT.parent / "shared" / "datasets" / "mnist.npz"]
    home = os.environ.get("NUMKERAS_HOME")
    if home:
        candidates.insert(0, Path(home) / "datasets" / "mnist.npz")
    for path in candidates:
        if path.exists():
            return path
    raise SystemExit(f"mnist.npz not found in {[str(c) for c in candidates]}")


def _mnist():
    with np.load(_mnist_path()) as f:
        x = f["x_train"].reshape(60000, 784).astype("float32") / 255.0
        xt = f["x_test"].reshape(10000, 784).astype("float32") / 255.0
        return x, f["y_train"], xt, f["y_test"]


# --- numkeras ---------------------------------------------------------------------------------------
def numkeras_xor(epochs=10000):
    import numkeras as keras

    keras.utils.set_random_seed(1)
    model = keras.Sequential()
    model.add(keras.layers.Dense(units=2, input_shape=(2,), activation="sigmoid"))
    model.add(keras.layers.Dense(units=1, activation="sigmoid"))
    model.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.3))
    start = time.perf_counter()
    model.fit(XOR_X, XOR_Y, batch_size=1, epochs=epochs, verbose=0)
    return time.perf_counter() - start, model.predict(XOR_X, verbose=0)


def numkeras_mnist(x, y, xt, yt, epochs=5, accelerator="auto"):
    import numkeras as keras

    keras.optimizers.set_accelerator(accelerator)
    if accelerator:  # load numba's kernels first (start-up, like Keras's jit, is timed apart)
        big = np.ones(1 << 16, "float32")
        keras.optimizers.RMSprop().apply([big], [keras.Variable(big.copy())])
    keras.utils.set_random_seed(1)
    model = keras.Sequential()
    model.add(keras.layers.Dense(512, activation="relu", input_shape=(784,)))
    model.add(keras.layers.Dense(10, activation="sigmoid"))
    model.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(x, to_categorical(y, 10), epochs=epochs, batch_size=128, verbose=0)
    elapsed = time.perf_counter() - start
    _, acc = model.evaluate(xt, to_categorical(yt, 10), verbose=0)
    keras.optimizers.set_accelerator("auto")
    return elapsed, acc, model


def numkeras_predict_latency(model, x, repeats=2000, rounds=5):
    """Median over `rounds` of the mean seconds per `model.predict` call on one sample."""
    sample = x[:1]
    model.predict(sample, verbose=0)
    means = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(repeats):
            model.predict(sample, verbose=0)
        means.append((time.perf_counter() - start) / repeats)
    return float(np.median(means))


# --- the same MLP as a hand-written NumPy loop: what NumPy alone does, with no library ----------------
def numpy_loop_mnist(x, y, epochs=5, batch=128):
    rng = np.random.default_rng(1)
    w1 = (rng.standard_normal((784, 512)) * 0.05).astype("float32")
    w2 = (rng.standard_normal((512, 10)) * 0.05).astype("float32")
    params = [w1, np.zeros(512, "float32"), w2, np.zeros(10, "float32")]
    velocities = [np.zeros_like(p) for p in params]
    scratch = [np.empty_like(p) for p in params]
    rho, one_minus_rho, eps, lr = (np.float32(v) for v in (0.9, 0.1, 1e-7, 1e-3))
    targets = to_categorical(y, 10)
    start = time.perf_counter()
    for _ in range(epochs):
        perm = rng.permutation(len(x))
        for i in range(0, len(x), batch):
            idx = perm[i:i + batch]
            xb, yb = x[idx], targets[idx]
            h = xb @ w1
            h += params[1]
            np.maximum(h, 0, out=h)
            out = h @ w2
            out += params[3]
            out = 1 / (1 + np.exp(-out))
            delta = (out - yb) * (2 / out.size) * out * (1 - out)
            dh = (delta @ w2.T) * (h > 0)
            grads = [xb.T @ dh, dh.sum(0), h.T @ delta, delta.sum(0)]
            for w, v, g, s in zip(params, velocities, grads, scratch):  # RMSprop, in place
                v *= rho
                np.multiply(g, g, out=s)
                s *= one_minus_rho
                v += s
                np.add(v, eps, out=s)
                np.sqrt(s, out=s)
                np.divide(g, s, out=s)
                s *= lr
                w -= s
    return time.perf_counter() - start


# --- PyTorch -------------------------------------------------------------------------------------------
def torch_xor(epochs=10000):
    import torch

    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 2), torch.nn.Sigmoid(), torch.nn.Linear(2, 1),
                                torch.nn.Sigmoid())
    opt = torch.optim.SGD(model.parameters(), lr=0.3)
    loss_fn = torch.nn.MSELoss()
    x, y = torch.from_numpy(XOR_X), torch.from_numpy(XOR_Y)
    start = time.perf_counter()
    for _ in range(epochs):
        for i in torch.randperm(4).tolist():
            opt.zero_grad()
            loss = loss_fn(model(x[i:i + 1]), y[i:i + 1])
            loss.backward()
            opt.step()
    return time.perf_counter() - start


def torch_mnist(x, y, epochs=5):
    import torch

    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(784, 512), torch.nn.ReLU(), torch.nn.Linear(512, 10),
                                torch.nn.Sigmoid())
    # Keras's RMSprop: rho=0.9, eps=1e-7 (PyTorch's alpha is Keras's rho)
    opt = torch.optim.RMSprop(model.parameters(), lr=0.001, alpha=0.9, eps=1e-7)
    loss_fn = torch.nn.MSELoss()
    xt, yt = torch.from_numpy(x), torch.from_numpy(to_categorical(y, 10))
    start = time.perf_counter()
    for _ in range(epochs):
        perm = torch.randperm(len(xt))
        for i in range(0, len(xt), 128):
            idx = perm[i:i + 128]
            opt.zero_grad()
            loss = loss_fn(model(xt[idx]), yt[idx])
            loss.backward()
            opt.step()
    return time.perf_counter() - start


# --- Keras 3 on JAX (in a subprocess, so its imports don't touch this process) ---------------------------
_KERAS_SCRIPT = r"""
import os, sys, time, numpy as np
os.environ["KERAS_BACKEND"] = "jax"
import keras
which = sys.argv[1]
keras.utils.set_random_seed(1)
if which == "xor":
    epochs = int(sys.argv[2])
    x = np.array([[0,0],[0,1],[1,0],[1,1]], "float32"); y = np.array([[0],[1],[1],[0]], "float32")
    m = keras.Sequential([keras.Input((2,)), keras.layers.Dense(2, activation="sigmoid"),
                          keras.layers.Dense(1, activation="sigmoid")])
    m.compile(loss="mean_squared_error", optimizer=keras.optimizers.SGD(learning_rate=0.3))
    m.fit(x, y, batch_size=1, epochs=1, verbose=0)
    t = time.perf_counter(); m.fit(x, y, batch_size=1, epochs=epochs, verbose=0)
    print(time.perf_counter() - t)
else:
    with np.load(sys.argv[2]) as f:
        x = f["x_train"].reshape(60000, 784).astype("float32") / 255.0; yl = f["y_train"]
    y = np.zeros((60000, 10), "float32"); y[np.arange(60000), yl] = 1
    m = keras.Sequential([keras.Input((784,)), keras.layers.Dense(512, activation="relu"),
                          keras.layers.Dense(10, activation="sigmoid")])
    m.compile(optimizer="rmsprop", loss="mse", metrics=["accuracy"])
    m.fit(x[:256], y[:256], epochs=1, batch_size=128, verbose=0)  # jit-compile outside the timing
    t = time.perf_counter(); m.fit(x, y, epochs=5, batch_size=128, verbose=0)
    print(time.perf_counter() - t)
"""


def keras_jax(which, arg):
    if os.environ.get("NUMKERAS_BENCH_KERAS", "1") == "0":
        return None
    try:
        out = subprocess.run([sys.executable, "-c", _KERAS_SCRIPT, which, str(arg)], capture_output=True,
                             text=True, timeout=1800, check=True)
        return float(out.stdout.strip().splitlines()[-1])
    except (subprocess.CalledProcessError, ValueError, IndexError, subprocess.TimeoutExpired):
        return None


# --- the matmul floor -----------------------------------------------------------------------------------
def matmul_floor(x, epochs=5, batch=128):
    """Seconds for just the MLP's matmuls (forward, dW1, dW2, dH) over the same steps."""
    w1 = np.random.rand(784, 512).astype("float32")
    w2 = np.random.rand(512, 10).astype("float32")
    g2 = np.random.rand(batch, 10).astype("float32")
    steps = int(np.ceil(len(x) / batch)) * epochs
    xb = x[:batch]
    h = xb @ w1
    start = time.perf_counter()
    for _ in range(steps):
        h = xb @ w1          # forward, layer 1
        h @ w2               # forward, layer 2
        h.T @ g2             # dW2
        gh = g2 @ w2.T       # dH
        xb.T @ gh            # dW1 (dX is never needed for the first layer)
    return time.perf_counter() - start


def mnist_rounds(x, y, xt, yt, rounds):
    """Times every MNIST contender once per round, in turn, and reports each one's median.

    This machine's speed drifts (other tenants); interleaving the contenders gives each the
    same drift, and the median of several rounds steadies the ratios.
    """
    accuracy = {}

    def numkeras_with(accelerator):
        def run():
            seconds, accuracy[accelerator], _ = numkeras_mnist(x, y, xt, yt, accelerator=accelerator)
            return seconds
        return run

    contenders = [("numkeras, NumPy updates", numkeras_with(None))]
    try:
        import numba  # noqa: F401
        contenders.append(("numkeras, numba updates", numkeras_with("numba")))
    except ImportError:
        pass
    contenders += [("hand-written NumPy loop", lambda: numpy_loop_mnist(x, y)),
                   ("matmul floor (same matmuls)", lambda: matmul_floor(x))]
    try:
        import torch  # noqa: F401
        contenders.append(("PyTorch", lambda: torch_mnist(x, y)))
    except ImportError:
        pass
    mnist_path = _mnist_path()
    if keras_jax("mnist", mnist_path) is not None:  # a first run, untimed: it also warms the caches
        contenders.append(("Keras 3 JAX", lambda: keras_jax("mnist", mnist_path)))
    times = {name: [] for name, _ in contenders}
    for _ in range(rounds):
        for name, run in contenders:
            times[name].append(run())
    print("MNIST MLP, 5 epochs, seconds per round: " + "; ".join(
        f"{name} {' '.join(f'{t:.2f}' for t in ts)}" for name, ts in times.items()))
    median = {name: float(np.median(ts)) for name, ts in times.items()}
    floor, plain = median["matmul floor (same matmuls)"], median["numkeras, NumPy updates"]
    fastest = min(v for k, v in median.items() if k.startswith("numkeras"))
    rows = []
    for name, seconds in median.items():
        if name.startswith("numkeras"):
            acc = accuracy["numba" if "numba" in name else None]
            note = f"test acc {acc:.4f}; {seconds / floor:.2f}x floor"
        elif name.startswith("matmul"):
            note = ""
        else:
            note = f"numkeras {seconds / plain:.2f}x faster, with numba {seconds / fastest:.2f}x"
        rows.append((f"MNIST MLP: {name}", seconds, note + f" (median of {rounds})"))
    return rows


def import_time():
    code = "import time; t=time.perf_counter(); import numkeras; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 cwd=ROOT, check=True).stdout) for _ in range(5)]
    return min(runs)


def main(argv):
    which = set(argv) or {"xor", "mnist", "predict", "import"}
    rows = []
    if "xor" in which:
        runs = [numkeras_xor() for _ in range(3)]
        t_nk, pred = float(np.median([t for t, _ in runs])), runs[0][1]
        rows.append(("XOR, batch 1, 10,000 epochs: numkeras", t_nk,
                     f"median of 3: {' '.join(f'{t:.2f}' for t, _ in runs)}"))
        print(f"numkeras XOR predictions: {pred.ravel().round(3).tolist()}")
        try:
            t_torch = torch_xor()
            rows.append(("XOR: PyTorch loop", t_torch, f"numkeras {t_torch / t_nk:.1f}x faster"))
        except ImportError:
            pass
        t_keras = keras_jax("xor", 500)
        if t_keras is not None:
            t_keras *= 10000 / 500
            rows.append(("XOR: Keras 3 JAX (500 epochs, x20)", t_keras, f"numkeras {t_keras / t_nk:.1f}x faster"))
    if "mnist" in which or "predict" in which:
        x, y, xt, yt = _mnist()
    if "mnist" in which:
        rows += mnist_rounds(x, y, xt, yt, int(os.environ.get("NUMKERAS_BENCH_ROUNDS", "3")))
    if "predict" in which:
        _, _, model = numkeras_mnist(x[:1024], y[:1024], xt[:100], yt[:100], epochs=1)
        latency = numkeras_predict_latency(model, xt)
        rows.append(("predict(1 sample), MNIST MLP", latency, f"{latency * 1e6:.1f} us"))
    if "import" in which:
        rows.append(("import numkeras", import_time(), ""))
    width = max(len(r[0]) for r in rows)
    print(f"\n{'workload'.ljust(width)}  seconds   note")
    for name, seconds, note in rows:
        print(f"{name.ljust(width)}  {seconds:8.4f}  {note}")


if __name__ == "__main__":
    main(sys.argv[1:])
