"""Reading and writing `model.optimizer.learning_rate` for the learning-rate callbacks, with clear errors."""


def _optimizer_of(model, who):
    optimizer = getattr(model, "optimizer", None)
    if optimizer is None:
        raise ValueError(f"{who} needs the model's optimizer, but the model has none: call model.compile() first.")
    if not hasattr(optimizer, "learning_rate"):
        raise ValueError(f"{who} needs an optimizer with a `learning_rate` attribute, got {type(optimizer).__name__}.")
    return optimizer


def get_learning_rate(model, who):
    """Returns the optimizer's current learning rate as a Python float."""
    value = _optimizer_of(model, who).learning_rate
    try:
        return float(value)
    except TypeError:
        raise TypeError(f"{who} needs a learning rate that converts to a float, got {type(value).__name__}.") from None


def set_learning_rate(model, value, who):
    """Sets the optimizer's learning rate to the float `value`."""
    _optimizer_of(model, who).learning_rate = value
