"""`model.summary()`: Keras 3's box table of layers, output shapes and parameter counts."""
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


def _format_shape(shape):
    if shape is None:
        return "?"
    if isinstance(shape, list):
        return "[" + ", ".join(_format_shape(s) for s in shape) + "]"
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


def _rows(model, graph):
    from numkeras.layers.input_layer import InputLayer

    layers = model.layers
    shapes = getattr(model, "_output_shapes", None)
    rows = []
    for i, layer in enumerate(layers):
        if layer._inbound_nodes:
            outs = layer._inbound_nodes[0].output_tensors
            shape = outs[0].shape if len(outs) == 1 else [t.shape for t in outs]
        elif isinstance(layer, InputLayer):
            shape = layer.batch_shape
        elif shapes is not None and i < len(shapes):
            shape = shapes[i]
        elif layer.built and layer._build_shapes is not None:
            try:
                shape = layer.compute_output_shape(layer._build_shapes)
            except Exception:  # a custom layer that cannot say: Keras shows "?" too
                shape = None
        else:
            shape = None
        params = f"{layer.count_params():,}" if layer.built else "0 (unbuilt)"
        row = [f"{layer.name} ({type(layer).__name__})", _format_shape(shape), params]
        if graph:
            row.append(_connections(layer))
        rows.append(row)
    return rows


def _connections(layer):
    parts = []
    for node in layer._inbound_nodes[:1]:
        for t in node.input_tensors:
            source, source_node = t._keras_history
            index = 0 if source_node is None else source._inbound_nodes.index(source_node)
            position = 0 if source_node is None else source_node.output_tensors.index(t)
            parts.append(f"{source.name}[{index}][{position}]")
    return ", ".join(parts) or "-"


def _wrap(text, width):
    lines = []
    while len(text) > width:
        cut = text.rfind(" ", 0, width + 1)
        cut = width if cut <= 0 else cut
        lines.append(text[:cut].rstrip())
        text = text[cut:].lstrip()
    lines.append(text)
    return lines


def print_summary(model, line_length=None, positions=None, print_fn=None, expand_nested=False,
                  show_trainable=False, layer_range=None):
    from numkeras.models.functional import Functional

    graph = isinstance(model, Functional) and any(
        len(node.input_tensors) > 1 for node in model._nodes)
    headers = ["Layer (type)", "Output Shape", "Param #"] + (["Connected to"] if graph else [])
    align = ["left", "left", "right"] + (["left"] if graph else [])
    default = 108 if graph else 88
    positions = positions or (_GRAPH_POSITIONS if graph else _SEQUENTIAL_POSITIONS)
    rows = _rows(model, graph)
    if show_trainable:
        default += 12
        positions = [p * 0.9 for p in positions] + [1.0]
        headers.append("Trainable")
        align.append("center")
        for row, layer in zip(rows, model.layers):
            row.append(("Y" if layer.trainable else "N") if layer.weights else "-")
    if layer_range is not None:
        names = [l.name for l in model.layers]
        start, stop = names.index(layer_range[0]), names.index(layer_range[1]) + 1
        rows = rows[start:stop]
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
                text = w[k] if k < len(w) else ""
                text = text.rjust(c - 2) if a == "right" else text.center(c - 2) if a == "center" \
                    else text.ljust(c - 2)
                parts.append(f" {text} ")
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
        print_fn(text)
