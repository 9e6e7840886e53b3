"""Computes golden values for tests/optimizers with real Keras 3 (run once, by hand).

Runs every case below for 3 steps with `keras.optimizers` on fixed float32
variables and gradients, evaluates every learning-rate schedule at fixed
steps, and prints a Python module with the results:

    KERAS_BACKEND=jax python tools/optimizer_goldens.py > tests/optimizers/keras_optimizer_goldens.py

CI does not install Keras; the printed file is checked in.
"""
import os
import pprint

os.environ.setdefault("KERAS_BACKEND", "jax")

import keras  # noqa: E402
import numpy as np  # noqa: E402

KERNEL = [[0.5, -1.0], [1.5, 2.0]]
BIAS = [0.1, -0.2]
KERNEL_GRADS = [[[0.1, -0.2], [0.3, 0.4]], [[-0.5, 0.25], [0.05, -0.1]], [[0.2, 0.2], [-0.3, 0.6]]]
BIAS_GRADS = [[0.3, -0.1], [0.2, 0.05], [-0.4, 0.1]]

# name -> (class name, constructor arguments); a learning rate given as
# {"schedule": class name, "config": {...}} is built as that schedule.
CASES = {
    "sgd": ("SGD", {"learning_rate": 0.1}),
    "sgd_momentum": ("SGD", {"learning_rate": 0.1, "momentum": 0.9}),
    "sgd_nesterov": ("SGD", {"learning_rate": 0.1, "momentum": 0.9, "nesterov": True}),
    "sgd_weight_decay": ("SGD", {"learning_rate": 0.1, "weight_decay": 0.05}),
    "sgd_clipnorm": ("SGD", {"learning_rate": 0.1, "clipnorm": 0.3}),
    "sgd_clipvalue": ("SGD", {"learning_rate": 0.1, "clipvalue": 0.25}),
    "sgd_global_clipnorm": ("SGD", {"learning_rate": 0.1, "global_clipnorm": 0.5}),
    "sgd_loss_scale": ("SGD", {"learning_rate": 0.1, "loss_scale_factor": 4.0}),
    "sgd_ema": ("SGD", {"learning_rate": 0.1, "use_ema": True, "ema_momentum": 0.5,
                        "ema_overwrite_frequency": 2}),
    "sgd_accumulation": ("SGD", {"learning_rate": 0.1, "momentum": 0.5,
                                 "gradient_accumulation_steps": 2}),
    "sgd_schedule": ("SGD", {"learning_rate": {"schedule": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 1, "decay_rate": 0.5}}}),
    "sgd_nonneg_constraint": ("SGD", {"learning_rate": 0.5}),
    "rmsprop": ("RMSprop", {"learning_rate": 0.01}),
    "rmsprop_momentum": ("RMSprop", {"learning_rate": 0.01, "rho": 0.8, "momentum": 0.5}),
    "rmsprop_centered_momentum": ("RMSprop", {"learning_rate": 0.01, "momentum": 0.9,
                                              "centered": True}),
    "adam": ("Adam", {"learning_rate": 0.01}),
    "adam_amsgrad": ("Adam", {"learning_rate": 0.01, "amsgrad": True}),
    "adam_accumulation": ("Adam", {"learning_rate": 0.01, "gradient_accumulation_steps": 2}),
    "adam_cosine_warmup": ("Adam", {"learning_rate": {"schedule": "CosineDecay", "config": {
        "initial_learning_rate": 0.0, "decay_steps": 4, "warmup_target": 0.02, "warmup_steps": 2}}}),
    "adamw": ("AdamW", {"learning_rate": 0.01, "weight_decay": 0.1}),
    "adagrad": ("Adagrad", {"learning_rate": 0.1}),
    "adadelta": ("Adadelta", {"learning_rate": 1.0}),
    "adamax": ("Adamax", {"learning_rate": 0.01}),
    "nadam": ("Nadam", {"learning_rate": 0.01}),
    "lion": ("Lion", {"learning_rate": 0.01}),
    "ftrl": ("Ftrl", {"learning_rate": 0.1, "l1_regularization_strength": 0.01,
                      "l2_regularization_strength": 0.02,
                      "l2_shrinkage_regularization_strength": 0.03, "beta": 0.5}),
}
CONSTRAINED = {"sgd_nonneg_constraint"}

SCHEDULES = {
    "exponential": ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                         "decay_rate": 0.5}),
    "exponential_staircase": ("ExponentialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                                   "decay_rate": 0.5, "staircase": True}),
    "piecewise": ("PiecewiseConstantDecay", {"boundaries": [5, 15], "values": [1.0, 0.5, 0.1]}),
    "polynomial": ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                       "end_learning_rate": 0.01, "power": 2.0}),
    "polynomial_cycle": ("PolynomialDecay", {"initial_learning_rate": 0.1, "decay_steps": 10,
                                             "end_learning_rate": 0.01, "cycle": True}),
    "inverse_time": ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5,
                                          "decay_rate": 0.5}),
    "inverse_time_staircase": ("InverseTimeDecay", {"initial_learning_rate": 0.1, "decay_steps": 5,
                                                    "decay_rate": 0.5, "staircase": True}),
    "cosine": ("CosineDecay", {"initial_learning_rate": 0.1, "decay_steps": 20, "alpha": 0.1}),
    "cosine_warmup": ("CosineDecay", {"initial_learning_rate": 0.0, "decay_steps": 20,
                                      "warmup_target": 0.1, "warmup_steps": 5}),
    "cosine_restarts": ("CosineDecayRestarts", {"initial_learning_rate": 0.1, "first_decay_steps": 5}),
    "cosine_restarts_constant_period": ("CosineDecayRestarts", {
        "initial_learning_rate": 0.1, "first_decay_steps": 5, "t_mul": 1.0, "m_mul": 0.5,
        "alpha": 0.1}),
}
SCHEDULE_STEPS = [0, 1, 2, 4, 5, 6, 10, 14, 15, 16, 24, 30, 100]


def build_argument(value):
    if isinstance(value, dict) and "schedule" in value:
        return getattr(keras.optimizers.schedules, value["schedule"])(**value["config"])
    return value


def run_case(name, class_name, kwargs):
    constraint = keras.constraints.NonNeg() if name in CONSTRAINED else None
    kernel = keras.Variable(np.array(KERNEL, "float32"), name="kernel")
    bias = keras.Variable(np.array(BIAS, "float32"), name="bias")
    # Set afterwards: keras.Variable(..., constraint=...) drops the argument (Keras 3.15, JAX).
    kernel.constraint = bias.constraint = constraint
    optimizer = getattr(keras.optimizers, class_name)(
        **{k: build_argument(v) for k, v in kwargs.items()})
    steps = []
    for kernel_grad, bias_grad in zip(KERNEL_GRADS, BIAS_GRADS):
        optimizer.apply_gradients([(np.array(kernel_grad, "float32"), kernel),
                                   (np.array(bias_grad, "float32"), bias)])
        steps.append({"kernel": kernel.numpy().tolist(), "bias": bias.numpy().tolist()})
    slots = [[v.name, np.asarray(v.numpy()).tolist()] for v in optimizer.variables]
    return {"class_name": class_name, "kwargs": kwargs, "steps": steps, "variables": slots}


def main():
    cases = {name: run_case(name, *spec) for name, spec in CASES.items()}
    schedule_values = {}
    for name, (class_name, config) in SCHEDULES.items():
        schedule = getattr(keras.optimizers.schedules, class_name)(**config)
        values = [float(schedule(np.int32(step))) for step in SCHEDULE_STEPS]
        schedule_values[name] = {"class_name": class_name, "config": config, "values": values}
    print('"""Golden values computed with real Keras %s (%s backend), float32.' % (
        keras.__version__, keras.backend.backend()))
    print()
    print("Each case: keras.optimizers.<class_name>(**kwargs).apply_gradients on keras.Variable's")
    print("KERNEL and BIAS with KERNEL_GRADS[i] / BIAS_GRADS[i] for 3 steps; `steps` holds the")
    print("weights after each step, `variables` optimizer.variables (name, value) after the last.")
    print("SCHEDULES: float(schedule(step)) for step in SCHEDULE_STEPS.")
    print("Regenerate: KERAS_BACKEND=jax python tools/optimizer_goldens.py > <this file>")
    print('"""')
    for constant in ("KERNEL", "BIAS", "KERNEL_GRADS", "BIAS_GRADS", "SCHEDULE_STEPS"):
        print(f"{constant} = {globals()[constant]!r}")
    print(f"CONSTRAINED = {sorted(CONSTRAINED)!r}")
    print()
    print("CASES = " + pprint.pformat(cases, width=100, sort_dicts=False))
    print()
    print("SCHEDULES = " + pprint.pformat(schedule_values, width=100, sort_dicts=False))


if __name__ == "__main__":
    main()
