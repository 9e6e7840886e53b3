"""A playground configuration: the page's controls checked one by one, and the numkeras script they make.

`check_config(values)` returns the cleaned configuration or raises `ConfigError` whose
`errors` maps each bad control to a message shown beside it. `script(config)` is the
code the page shows; the session builds its model by running that code's set-up part,
so the two cannot drift apart.
"""
import math

from numkeras.playground.datasets import DATASETS, MNIST_SUBSET

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "elu", "selu", "gelu", "silu", "linear")
INITIALIZERS = {  # the page's choice -> the Keras argument written in the code
    "zeros": '"zeros"',
    "constant": "keras.initializers.Constant(0.2)",
    "small_normal": "keras.initializers.RandomNormal(stddev=0.01)",
    "large_normal": "keras.initializers.RandomNormal(stddev=1.0)",
    "glorot_uniform": '"glorot_uniform"',
    "glorot_normal": '"glorot_normal"',
    "he_normal": '"he_normal"',
    "he_uniform": '"he_uniform"',
}
OPTIMIZERS = {"sgd": "SGD", "rmsprop": "RMSprop", "adam": "Adam", "adagrad": "Adagrad",
              "adamax": "Adamax", "nadam": "Nadam"}
MAX_HIDDEN_LAYERS, MAX_UNITS = 6, 256

DEFAULTS = {
    "dataset": "xor", "samples": 400, "noise": 0.1, "test_fraction": 0.5, "seed": 1,
    "hidden": [8, 8], "activation": "tanh", "initializer": "glorot_uniform",
    "l1": 0.0, "l2": 0.0, "dropout": 0.0,
    "optimizer": "sgd", "learning_rate": 0.03, "momentum": 0.9, "batch_size": "10",
    "early_stopping": False, "patience": 10,
}
# Controls that act at the next training step; any other change rebuilds the model.
LIVE_FIELDS = ("learning_rate", "batch_size", "early_stopping", "patience")


class ConfigError(ValueError):
    """Bad values from the page: `errors` maps each control's name to its message."""

    def __init__(self, errors):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _number(value, name, low, high, integer=False, low_open=False, high_open=False):
    kind = "a whole number" if integer else "a number"
    try:
        if isinstance(value, bool):
            raise ValueError
        number = float(str(value).strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be {kind}, got {value!r}.") from None
    if not math.isfinite(number) or (integer and number != int(number)):
        raise ValueError(f"{name} must be {kind}, got {value!r}.")
    too_low = number <= low if low_open else number < low
    too_high = number >= high if high_open else number > high
    if too_low or too_high:
        lo, hi = ("(" if low_open else "["), (")" if high_open else "]")
        raise ValueError(f"{name} must be in {lo}{low:g}, {high:g}{hi}, got {value!r}.")
    return int(number) if integer else number


def _choice(value, name, choices):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}.")
    return value


def _hidden(value):
    if not isinstance(value, (list, tuple)):
        raise ValueError(f"hidden layers must be a list of unit counts, got {value!r}.")
    if len(value) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(value)}.")
    return [_number(v, f"units of hidden layer {i + 1}", 1, MAX_UNITS, integer=True)
            for i, v in enumerate(value)]


def train_size(config):
    """Training samples of the configuration's data set."""
    if config["dataset"] == "mnist":
        return MNIST_SUBSET[0]
    return config["samples"] - int(round(config["samples"] * config["test_fraction"]))


def _batch_size(value, n_train):
    if str(value).strip().lower() == "all":
        return "all"
    size = _number(value, "batch size", 1, math.inf, integer=True)
    if size > n_train:
        raise ValueError(f"batch size must be at most the {n_train} training samples (or 'all'), "
                         f"got {size}.")
    return str(size)


def check_config(values, base=None):
    """`base` (default: DEFAULTS) updated with `values` and checked; raises ConfigError."""
    config = dict(DEFAULTS if base is None else base)
    unknown = sorted(set(values) - set(DEFAULTS))
    errors = {name: f"unknown control {name!r}" for name in unknown}
    config.update({k: v for k, v in values.items() if k in DEFAULTS})
    checks = [
        ("dataset", lambda v: _choice(v, "data set", DATASETS)),
        ("samples", lambda v: _number(v, "samples", 20, 5000, integer=True)),
        ("noise", lambda v: _number(v, "noise", 0, 1)),
        ("test_fraction", lambda v: _number(v, "test fraction", 0.05, 0.95)),
        ("seed", lambda v: _number(v, "seed", 0, 2**31 - 1, integer=True)),
        ("hidden", _hidden),
        ("activation", lambda v: _choice(v, "activation", ACTIVATIONS)),
        ("initializer", lambda v: _choice(v, "initializer", tuple(INITIALIZERS))),
        ("l1", lambda v: _number(v, "L1", 0, 1)),
        ("l2", lambda v: _number(v, "L2", 0, 1)),
        ("dropout", lambda v: _number(v, "dropout rate", 0, 1, high_open=True)),
        ("optimizer", lambda v: _choice(v, "optimizer", tuple(OPTIMIZERS))),
        ("learning_rate", lambda v: _number(v, "learning rate", 0, 10, low_open=True)),
        ("momentum", lambda v: _number(v, "momentum", 0, 1, high_open=True)),
        ("early_stopping", lambda v: v if isinstance(v, bool) else _choice(v, "early stopping", (True, False))),
        ("patience", lambda v: _number(v, "patience", 1, 10000, integer=True)),
    ]
    for name, check in checks:
        try:
            config[name] = check(config[name])
        except ValueError as error:
            errors[name] = str(error)
    if "samples" not in errors and "test_fraction" not in errors and "dataset" not in errors:
        n_train = train_size(config)
        if n_train < 1 or (config["dataset"] != "mnist" and n_train == config["samples"]):
            errors["test_fraction"] = "test fraction leaves no training or no test samples."
        else:
            try:
                config["batch_size"] = _batch_size(config["batch_size"], n_train)
            except ValueError as error:
                errors["batch_size"] = str(error)
    if errors:
        raise ConfigError(errors)
    return config


# --- the code --------------------------------------------------------------------------------------
def _layer_lines(config):
    init = INITIALIZERS[config["initializer"]]
    l1, l2 = config["l1"], config["l2"]
    regularizer = ""
    if l1 and l2:
        regularizer = f", kernel_regularizer=keras.regularizers.L1L2(l1={l1!r}, l2={l2!r})"
    elif l1 or l2:
        regularizer = f", kernel_regularizer=keras.regularizers.{'L1' if l1 else 'L2'}({l1 or l2!r})"
    inputs = 784 if config["dataset"] == "mnist" else 2
    lines = [f"    keras.Input(shape=({inputs},)),"]
    for units in config["hidden"]:
        lines.append(f'    keras.layers.Dense({units}, activation="{config["activation"]}", '
                     f"kernel_initializer={init}{regularizer}),")
        if config["dropout"]:
            lines.append(f"    keras.layers.Dropout({config['dropout']!r}),")
    if config["dataset"] == "mnist":
        lines.append(f'    keras.layers.Dense(10, activation="softmax", kernel_initializer={init}),')
    else:
        lines.append(f'    keras.layers.Dense(1, activation="sigmoid", kernel_initializer={init}),')
    return lines


def _optimizer(config):
    name = OPTIMIZERS[config["optimizer"]]
    momentum = f", momentum={config['momentum']!r}" if config["optimizer"] == "sgd" else ""
    return f"keras.optimizers.{name}(learning_rate={config['learning_rate']!r}{momentum})"


def setup_code(config):
    """The part of the script that makes the data and the compiled model."""
    if config["dataset"] == "mnist":
        data = f'make_dataset("mnist", seed={config["seed"]})'
        loss = '"sparse_categorical_crossentropy"'
    else:
        data = (f'make_dataset("{config["dataset"]}", samples={config["samples"]}, '
                f'noise={config["noise"]!r}, test_fraction={config["test_fraction"]!r}, seed={config["seed"]})')
        loss = '"binary_crossentropy"'
    lines = [
        "import numkeras as keras",
        "from numkeras.playground import make_dataset",
        "",
        f"keras.utils.set_random_seed({config['seed']})",
        f"x_train, y_train, x_test, y_test = {data}",
        "",
        "model = keras.Sequential([",
        *_layer_lines(config),
        "])",
        f"model.compile(optimizer={_optimizer(config)},",
        f'              loss={loss}, metrics=["accuracy"])',
    ]
    return "\n".join(lines) + "\n"


def fit_code(config):
    """The fit() arguments after x_train, y_train, as code."""
    batch = "len(x_train)" if config["batch_size"] == "all" else config["batch_size"]
    callbacks = ""
    if config["early_stopping"]:
        callbacks = (f',\n                    callbacks=[keras.callbacks.EarlyStopping(monitor="val_loss", '
                     f'patience={config["patience"]})]')
    return f"batch_size={batch}, validation_data=(x_test, y_test){callbacks}"


def script(config, epochs=100):
    """The whole script: run it and it prints the page's loss curve for the same seed."""
    head = f"# numkeras playground: {config['dataset']}, hidden layers {config['hidden'] or 'none'}\n"
    return (head + setup_code(config) + "\n"
            f"EPOCHS = {epochs}\n"
            f"history = model.fit(x_train, y_train, epochs=EPOCHS, {fit_code(config)}, verbose=0)\n"
            'for epoch, (loss, test_loss) in enumerate(zip(history.history["loss"],\n'
            '                                              history.history["val_loss"]), start=1):\n'
            '    print(f"epoch {epoch}: loss {loss:.6f} - test loss {test_loss:.6f}")\n')
