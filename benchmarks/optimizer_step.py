"""Micro-benchmark of one optimizer step: numkeras (NumPy, numba) vs plain NumPy vs PyTorch.

Two workloads, the same tensors and gradients for every contestant:
  tiny   the lecture's XOR model, 4 variables (2x2, 2, 2x1, 1): µs per step
  kernel one 784x512 float32 kernel (the MNIST MLP's first layer): ms per step

Each figure is the best of several repeats (the minimum is the least disturbed
by other processes). PyTorch and numba are optional; missing ones are
reported, not benchmarked.

    python benchmarks/optimizer_step.py [--repeats 25]
"""
import argparse
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from numkeras import optimizers  # noqa: E402
from numkeras.backend import Variable  # noqa: E402
from numkeras.optimizers import accelerator  # noqa: E402

TINY_SHAPES = [(2, 2), (2,), (2, 1), (1,)]
KERNEL_SHAPES = [(784, 512)]
RHO, EPSILON = 0.9, 1e-7


def best_time(step, calls, repeats):
    """Best per-call seconds of `step()` over `repeats` runs of `calls` calls."""
    step()
    best = float("inf")
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            step()
        best = min(best, (time.perf_counter() - start) / calls)
    return best


def make_arrays(shapes, seed=0):
    rng = np.random.default_rng(seed)
    weights = [rng.standard_normal(s).astype("float32") for s in shapes]
    grads = [(rng.standard_normal(s) * 1e-2).astype("float32") for s in shapes]
    return weights, grads


# --- reference NumPy RMSprop implementations (the Keras formula, no optimizer object) ----
def numpy_rmsprop_allocating(weights, grads, lr=1e-3):
    slots = [np.zeros_like(w) for w in weights]

    def step():
        for w, g, v in zip(weights, grads, slots):
            v[...] = RHO * v + (1 - RHO) * np.square(g)
            w -= lr * g / np.sqrt(v + EPSILON)
    return step


def numpy_rmsprop_in_place(weights, grads, lr=1e-3):
    """The straightforward in-place version: same formula, `out=` everywhere, one scratch."""
    slots = [np.zeros_like(w) for w in weights]
    scratch = [np.empty_like(w) for w in weights]

    def step():
        for w, g, v, s in zip(weights, grads, slots, scratch):
            np.square(g, out=s)
            np.multiply(s, 1 - RHO, out=s)
            np.multiply(v, RHO, out=v)
            np.add(v, s, out=v)
            np.add(v, EPSILON, out=s)
            np.sqrt(s, out=s)
            np.divide(g, s, out=s)
            np.multiply(s, lr, out=s)
            np.subtract(w, s, out=w)
    return step


# --- contestants ---------------------------------------------------------------------------
NUMKERAS = {
    "SGD": lambda: optimizers.SGD(learning_rate=0.01),
    "SGD momentum": lambda: optimizers.SGD(learning_rate=0.01, momentum=0.9),
    "RMSprop": lambda: optimizers.RMSprop(),
    "Adam": lambda: optimizers.Adam(),
}


def torch_factories(torch):
    return {
        "SGD": lambda p, **o: torch.optim.SGD(p, lr=0.01, **o),
        "SGD momentum": lambda p, **o: torch.optim.SGD(p, lr=0.01, momentum=0.9, **o),
        "RMSprop": lambda p, **o: torch.optim.RMSprop(p, lr=1e-3, alpha=RHO, eps=EPSILON, **o),
        "Adam": lambda p, **o: torch.optim.Adam(p, lr=1e-3, eps=EPSILON, **o),
    }


def numkeras_step(factory, shapes):
    weights, grads = make_arrays(shapes)
    variables = [Variable(w) for w in weights]
    optimizer = factory()
    optimizer.apply(grads, variables)  # builds
    return lambda: optimizer.apply(grads, variables)


def torch_step(torch, factory, shapes, **options):
    weights, grads = make_arrays(shapes)
    params = [torch.nn.Parameter(torch.from_numpy(w)) for w in weights]
    for p, g in zip(params, grads):
        p.grad = torch.from_numpy(g)
    optimizer = factory(params, **options)
    return optimizer.step


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=25)
    args = parser.parse_args()
    try:
        import torch
        torch_info = f"torch {torch.__version__}, {torch.get_num_threads()} threads"
    except ImportError:
        torch, torch_info = None, "torch not installed"
    has_numba = accelerator.numba_available()
    if has_numba:
        import numba
        numba_info = f"numba {numba.__version__}"
    else:
        numba_info = "numba not installed"
    print(f"numpy {np.__version__}; {numba_info}; {torch_info}; {os.cpu_count()} CPUs")

    workloads = [("tiny (XOR: 2x2, 2, 2x1, 1)", TINY_SHAPES, 2000, 1e6, "us"),
                 ("kernel 784x512 float32", KERNEL_SHAPES, 20, 1e3, "ms")]
    for title, shapes, calls, scale, unit in workloads:
        print(f"\n{title}: {unit} per step (best of {args.repeats})")
        rows = []
        if shapes is KERNEL_SHAPES:
            rows.append(("RMSprop", "plain NumPy, allocating",
                         numpy_rmsprop_allocating(*make_arrays(shapes))))
            rows.append(("RMSprop", "plain NumPy, in place", numpy_rmsprop_in_place(*make_arrays(shapes))))
        accelerator.set_accelerator(None)
        for name, factory in NUMKERAS.items():
            rows.append((name, "numkeras NumPy", numkeras_step(factory, shapes)))
        if has_numba:
            for name, factory in NUMKERAS.items():
                rows.append((name, "numkeras numba", ("numba", factory)))
        if torch is not None:
            threads = torch.get_num_threads()
            for name, factory in torch_factories(torch).items():
                rows.append((name, f"torch for-loop, {threads} thr", torch_step(torch, factory, shapes,
                                                                                foreach=False)))
                rows.append((name, f"torch foreach, {threads} thr", torch_step(torch, factory, shapes,
                                                                               foreach=True)))
                rows.append((name, "torch foreach, 1 thr", ("torch1", torch_step(torch, factory, shapes,
                                                                                  foreach=True))))
        for name, who, step in rows:
            seconds = measure(step, shapes, calls, args.repeats, torch)
            print(f"  {name:13s} {who:26s} {seconds * scale:9.3f} {unit}")


def measure(step, shapes, calls, repeats, torch):
    """Best seconds per call; ("numba", factory) and ("torch1", step) switch their setting around it."""
    if not isinstance(step, tuple):
        return best_time(step, calls, repeats)
    kind, payload = step
    if kind == "numba":
        accelerator.set_accelerator("numba")
        try:
            return best_time(numkeras_step(payload, shapes), calls, repeats)
        finally:
            accelerator.set_accelerator(None)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        return best_time(payload, calls, repeats)
    finally:
        torch.set_num_threads(threads)


if __name__ == "__main__":
    main()
