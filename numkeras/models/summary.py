"""`model.summary()`: Keras 3's box table of layers, output shapes and parameter counts."""
import re
import shutil

import numpy as np

_SEQUENTIAL_POSITIONS = [0.45, 0.80, 1.0]
_GRAPH_POSITIONS = [0.3, 0.56, 0.74, 1.0]


def _column_widths(line_length, positions):
    """Cell widths (padding included) as Keras's rich table lays them out."""
    widths, current = [], 0
    for pos in positions:
        width = int(pos * line_length) - current
        if width < 4:
            raise ValueError("Insufficient console width to print summary.")
        widths.append(width)
        current += width
    cells = [w + 2 for w in widths]  # one space of padding each side
    room = line_length - (len(cells) + 1)  # the vertical borders
    excess = sum(cells) - room
    if excess > 0:  # shrink every column alike, as rich's ratio_reduce does
        remaining, ratio_left = excess, len(cells)
        for i in range(len(cells)):
            cut = min(cells[i], round(remaining / ratio_left))
            cells[i] -= cut
            remaining -= cut
            ratio_left -= 1
    return cells


def format_shape(shape):
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(format_shape(s) for s in shape) + "]"
    return "(" + ", ".join(str(d) for d in shape) + ")"


def _readable_size(n_bytes):
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if n_bytes / 1024 < 1:
            return f"{n_bytes:.2f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.2f} PB"


def _count(weights):
    return int(sum(int(np.prod(w.shape)) for w in weights))


def _size(weights):
    unique = {id(w): w for w in weights}.values()
    return sum(int(np.prod(w.shape)) * np.dtype(w.dtype).itemsize for w in unique)


def _layer_shape(layer, index=None, shapes=None):
    """The output shape Keras shows: from the layer's last call in a graph, else from its build."""
    from numkeras.layers.input_layer import InputLayer

    if layer._inbound_nodes:
        outs = layer._inbound_nodes[-1].output_tensors
        return outs[0].shape if len(outs) == 1 else [t.shape for t in outs]
    if isinstance(layer, InputLayer):
        return layer.batch_shape
    if shapes is not None and index is not None and index < len(shapes):
        return shapes[index]
    if getattr(layer, "_output_shapes", None):  # a built Sequential used as a layer
        return layer._output_shapes[-1]
    if layer.built and layer._build_shapes is not None:
        try:
            return layer.compute_output_shape(layer._build_shapes)
        except Exception:  # a custom layer that cannot say: Keras shows "?" too
            return None
    return None


def _rows(model, layers, graph, model_nodes, expand_nested, show_trainable, level=0):
    shapes = getattr(model, "_output_shapes", None)
    rows = []
    for i, layer in enumerate(layers):
        shape = _layer_shape(layer, i, shapes)
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        prefix = "   " * level + "└ " if level else ""
        row = [f"{prefix}{layer.name} ({type(layer).__name__})", format_shape(shape), params]
        if graph:
            row.append(_connections(layer, model_nodes))
        if show_trainable:
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
        rows.append(row)
        sublayers = getattr(layer, "layers", None) if hasattr(type(layer), "layers") else None
        if expand_nested and sublayers:
            rows.extend(_rows(layer, sublayers, graph, model_nodes, expand_nested, show_trainable,
                              level + 1))
    return rows


def _connections(layer, model_nodes):
    """`source[node_index][tensor_index]` for every call of `layer` that belongs to the model."""
    parts = []
    for node in layer._inbound_nodes:
        if id(node) not in model_nodes:
            continue
        for t in node.input_tensors:
            source, source_node = t._keras_history
            index = 0 if source_node is None else source._inbound_nodes.index(source_node)
            position = 0 if source_node is None else source_node.output_tensors.index(t)
            parts.append(f"{source.name}[{index}][{position}]")
    return ", ".join(parts) or "-"


def _is_graph_like(model):
    """Keras's test for the 4-column layout: branches, several inputs or outputs, shared layers."""
    from numkeras.models.functional import Functional

    if not isinstance(model, Functional):
        return False
    if any(len(node.input_tensors) > 1 for node in model._nodes):
        return True
    if len(model.inputs) > 1:
        return True
    output_nodes = {id(t._keras_history[1]) for t in model.outputs}
    if len(output_nodes) > 1:
        return True
    layer_calls = {}
    for node in model._nodes:
        layer_calls[id(node.layer)] = layer_calls.get(id(node.layer), 0) + 1
    return any(count > 1 for count in layer_calls.values())


def _wrap(text, width):
    """Rich's word wrap for a table cell: break at spaces; a word too long for the cell is cut
    with an ellipsis (its `overflow="ellipsis"`)."""
    lines, line, position = [], "", 0
    for word in re.findall(r"\s*\S+\s*", text) or [""]:
        length = len(word.rstrip())
        if position + length > width and position > 0:
            lines.append(line)
            line, position = word, len(word)
        else:
            line += word
            position += len(word)
    lines.append(line)
    out = []
    for line in lines:
        line = line.rstrip()
        out.append(line[:width - 1] + "…" if len(line) > width else line)
    return out


def _align(text, width, how):
    if how == "right":
        return text.rjust(width)
    if how == "center":  # rich puts the odd space on the right
        left = (width - len(text)) // 2
        return " " * left + text + " " * (width - len(text) - left)
    return text.ljust(width)


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    from numkeras.models.functional import Functional

    graph = _is_graph_like(model)
    model_nodes = {id(node) for node in model._nodes} if isinstance(model, Functional) else set()
    headers = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if graph else [])
    align = ["left", "left", "right"] + (["left"] if graph else [])
    default = 108 if graph else 88
    positions = positions or (_GRAPH_POSITIONS if graph else _SEQUENTIAL_POSITIONS)
    if show_trainable:
        default += 12
        positions = [p * 0.9 for p in positions] + [1.0]
        headers.append("Trainable")
        align.append("center")
    layers = model.layers
    if layer_range is not None:
        layers = layers[slice(*_layer_range_bounds(layers, layer_range))]
    rows = _rows(model, layers, graph, model_nodes, expand_nested, show_trainable)
    line_length = line_length or min(default, shutil.get_terminal_size((80, 24)).columns - 4)
    cells = _column_widths(line_length, positions)

    def render(values, left, mid, right, bar=None):
        if bar is not None:
            return left + mid.join(bar * c for c in cells) + right
        wrapped = [_wrap(str(v), c - 2) for v, c in zip(values, cells)]
        height = max(len(w) for w in wrapped)
        out = []
        for k in range(height):
            parts = []
            for w, c, a in zip(wrapped, cells, align):
                parts.append(f" {_align(w[k] if k < len(w) else '', c - 2, a)} ")
            out.append(left + mid.join(parts) + right)
        return "\n".join(out)

    lines = [f'Model: "{model.name}"', render(None, "┏", "┳", "┓", "━"),
             render(headers, "┃", "┃", "┃"), render(None, "┡", "╇", "┩", "━")]
    for i, row in enumerate(rows):
        if i:
            lines.append(render(None, "├", "┼", "┤", "─"))
        lines.append(render(row, "│", "│", "│"))
    lines.append(render(None, "└", "┴", "┘", "─"))
    trainable, frozen = model.trainable_weights, model.non_trainable_weights
    optimizer = getattr(model, "optimizer", None)
    opt_vars = list(optimizer.variables) if optimizer is not None and getattr(optimizer, "built", False) else []
    total_count = _count(trainable) + _count(frozen) + _count(opt_vars)
    total_size = _size(trainable) + _size(frozen) + _size(opt_vars)
    lines.append(f" Total params: {total_count:,} ({_readable_size(total_size)})")
    lines.append(f" Trainable params: {_count(trainable):,} ({_readable_size(_size(trainable))})")
    lines.append(f" Non-trainable params: {_count(frozen):,} ({_readable_size(_size(frozen))})")
    if opt_vars:
        lines.append(f" Optimizer params: {_count(opt_vars):,} ({_readable_size(_size(opt_vars))})")
    text = "\n".join(lines)
    if print_fn is None:
        print(text)
    else:
        print_fn(text + "\n")  # Keras hands print_fn the whole captured text, newline-terminated


def _layer_range_bounds(layers, layer_range):
    """Keras's `layer_range`: [first layer matching the start pattern, last matching the end]."""
    if len(layer_range) != 2:
        raise ValueError(f"layer_range must be a list or tuple of two layer names, got {layer_range!r}.")
    names = [layer.name for layer in layers]
    starts = [i for i, n in enumerate(names) if re.match(layer_range[0], n)]
    ends = [i for i, n in enumerate(names) if re.match(layer_range[1], n)]
    if not starts or not ends:
        missing = layer_range[0] if not starts else layer_range[1]
        raise ValueError(f"layer_range: no layer matches {missing!r}; the layers are {names}.")
    if starts[0] > ends[-1]:  # given in reverse order, as Keras tolerates
        return ends[0], starts[-1] + 1
    return starts[0], ends[-1] + 1
