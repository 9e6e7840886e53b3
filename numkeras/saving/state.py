"""Which variables go where in a weights file: Keras's walk over a model's objects.

Keras saves each "saveable" (a layer, a model, an optimizer) at a path made of
the attribute names that lead to it from the model:
- Sequential and functional models list `layers` first;
- then every other attribute, in sorted order with private (`_x`) ones last;
- an object met again is not saved twice;
- inside a list (or dict) an object is named by the snake-case of its class,
  made unique with `_1`, `_2`, ... (`layers/dense`, `layers/dense_1`), never by
  its `name`, which changes from one run to the next.
Attributes that every Layer (or model) has are skipped, as Keras skips its
own. Following the same walk, numkeras writes the paths Keras writes and reads
the files Keras wrote.
"""
import inspect

from numkeras.backend.object_table import to_snake_case


def is_saveable(obj):
    from numkeras.layers import Layer
    from numkeras.optimizers import Optimizer

    return isinstance(obj, (Layer, Optimizer))


_SKIPSETS = {}


def _skipset(obj):
    """Attribute names that are the library's own (not a user's sublayers) for `obj`'s kind."""
    from numkeras.layers import Layer
    from numkeras.models import Functional, Sequential
    from numkeras.models.trainer import Trainer

    kind = "sequential" if isinstance(obj, Sequential) else "functional" if isinstance(obj, Functional) \
        else "model" if isinstance(obj, Trainer) else "layer" if isinstance(obj, Layer) else "optimizer"
    if kind in _SKIPSETS:
        return _SKIPSETS[kind]
    skip = set(dir(Layer(name="reference_layer"))) | {"_self_unconditional_dependency_names"}
    if kind != "layer":
        skip |= set(dir(Trainer)) | set(vars(_bare_trainer()))
    if kind == "sequential":
        skip |= set(dir(Sequential(name="reference_sequential")))
    if kind == "functional":
        skip |= set(dir(Functional)) | {"inputs", "outputs", "_inputs_struct", "_outputs_struct",
                                        "_nodes", "_input_layers", "_all_layers"}
    skip.discard("optimizer")  # the model's optimizer is saved, as in Keras
    if kind == "model":
        skip.discard("layers")  # a subclassed model's `layers` list is walked, as in Keras
    _SKIPSETS[kind] = skip
    return skip


def _bare_trainer():
    from numkeras.models.trainer import Trainer

    bare = object.__new__(Trainer)
    Trainer.__init__(bare)
    return bare


def _name_key(name):
    return f"~{name}" if name.startswith("_") else name  # private attributes last


def children(obj):
    """`(attribute, value)` pairs to visit below `obj`, in Keras's order."""
    from numkeras.models import Functional, Sequential

    if not hasattr(obj, "_layers"):  # optimizers have no saveable children
        return
    if isinstance(obj, (Sequential, Functional)):
        yield "layers", obj.layers
    skip = _skipset(obj)
    for attr in sorted(dir(obj), key=_name_key):
        if attr.startswith("__") or attr in skip:
            continue
        try:
            value = getattr(obj, attr)
        except Exception:  # a property that cannot be computed holds nothing to save
            continue
        if inspect.ismethod(value) or inspect.isroutine(value):
            continue
        yield attr, value


def own_variables(obj):
    """A layer's own variables in Keras's order: trainable ones, then the others."""
    variables = list(obj._variables)
    if getattr(obj, "trainable", True):
        return [v for v in variables if v.trainable] + [v for v in variables if not v.trainable]
    return variables


def join(path, name):
    return f"{path}/{name}" if path else name


# --- saving --------------------------------------------------------------------------------------
def save_state(obj, store, path="", visited=None):
    """Writes `obj`'s variables and its children's into `store` (an H5Store opened for writing)."""
    visited = set() if visited is None else visited
    if id(obj) in visited:
        return
    visited.add(id(obj))
    name = getattr(obj, "name", None)
    entry = store.make(path, name=name if isinstance(name, str) else None)
    if hasattr(obj, "save_own_variables"):
        obj.save_own_variables(entry)
    else:
        for i, variable in enumerate(own_variables(obj)):
            entry[str(i)] = variable.numpy()
    for child, child_path in _saveable_children(obj, path):
        save_state(child, store, child_path, visited)


def _saveable_children(obj, path):
    """`(saveable, path)` for each saveable below `obj`, directly or inside (nested) containers."""
    for attr, value in children(obj):
        yield from _saveables_in(value, join(path, attr), set())


def _saveables_in(value, path, seen_containers):
    if is_saveable(value):
        yield value, path
    elif isinstance(value, (list, tuple, dict)):
        if id(value) in seen_containers:
            return
        seen_containers.add(id(value))
        used = {}
        for item in (value.values() if isinstance(value, dict) else value):
            if is_saveable(item):
                yield item, join(path, _unique(to_snake_case(type(item).__name__), used))
            elif isinstance(item, (list, tuple, dict)):
                yield from _saveables_in(item, join(path, _unique("container", used)), seen_containers)


def _unique(name, used):
    if name in used:
        used[name] += 1
        return f"{name}_{used[name]}"
    used[name] = 0
    return name


# --- loading -------------------------------------------------------------------------------------
def load_state(obj, store, path="", visited=None, errors=None):
    """Reads `obj`'s variables and its children's from `store`; problems are added to `errors`.

    `errors` is a list of `(object, message)`; the caller decides whether they
    are fatal (load_model, load_weights) or warnings (`skip_mismatch=True`).
    """
    visited = set() if visited is None else visited
    errors = [] if errors is None else errors
    if id(obj) in visited:
        return errors
    visited.add(id(obj))
    entry = store.get(path)
    try:
        if hasattr(obj, "load_own_variables"):
            obj.load_own_variables(entry)
        else:
            load_own_variables(obj, entry)
    except (ValueError, KeyError) as error:
        errors.append((obj, str(error)))
    for child, child_path in _saveable_children(obj, path):
        load_state(child, store, child_path, visited, errors)
    return errors


def load_own_variables(layer, entry):
    """Assigns a layer's own variables from `entry`, checking count and shapes first."""
    variables = own_variables(layer)
    keys = entry.keys()
    if len(keys) != len(variables):
        raise ValueError(
            f"Layer '{layer.name}' expected {len(variables)} variables, but received {len(keys)} "
            f"variables during loading (path '{entry.path or '/'}'). Expected: "
            f"{[v.name for v in variables]}. Is the file from a different model?")
    for i, variable in enumerate(variables):
        shape = entry.shape(str(i))
        if shape != tuple(variable.shape):
            raise ValueError(
                f"Layer '{layer.name}' weight '{variable.name}' has shape {tuple(variable.shape)}, "
                f"but the file holds shape {shape} (path '{entry.path}/vars/{i}').")
    for i, variable in enumerate(variables):
        variable.assign(entry[str(i)])
