"""Argument checks shared by the loaders: fail before any download with a clear message."""
import numbers


def check_int(loader, name, value, min_value=None, allow_none=False):
    """Returns `value` as an int, or raises naming the loader, the argument and what was wrong.

    Example:
    >>> check_int("imdb.load_data", "num_words", 10000, min_value=0, allow_none=True)
    10000
    """
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        expected = "an int or None" if allow_none else "an int"
        raise TypeError(f"{loader}() expected {name} to be {expected}, got {value!r}.")
    value = int(value)
    if min_value is not None and value < min_value:
        raise ValueError(f"{loader}() expected {name} >= {min_value}, got {value}.")
    return value


def check_test_split(loader, test_split):
    """Returns `test_split` as a float in [0, 1), or raises.

    Example:
    >>> check_test_split("boston_housing.load_data", 0.2)
    0.2
    """
    if isinstance(test_split, bool) or not isinstance(test_split, numbers.Real):
        raise TypeError(
            f"{loader}() expected test_split to be a float in [0, 1), got {test_split!r}."
        )
    if not 0 <= test_split < 1:
        raise ValueError(
            f"{loader}() expected test_split in [0, 1) (the fraction of samples kept for "
            f"testing), got {test_split}."
        )
    return float(test_split)


def check_choice(loader, name, value, choices):
    """Returns `value` if it is one of `choices`, else raises listing them.

    Example:
    >>> check_choice("cifar100.load_data", "label_mode", "fine", ("fine", "coarse"))
    'fine'
    """
    if value not in choices:
        listed = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{loader}() expected {name} to be one of {listed}, got {value!r}.")
    return value
