"""The layout of a model diagram: each layer's box and text, ranks, order and coordinates."""
import functools

import numpy as np

from numkeras.models.summary import format_shape

_HEAD_SIZE, _BODY_SIZE, _PAD = 10.5, 9.0, 6.0


_RANK_GAP, _NODE_GAP, _DUMMY_WIDTH, MARGIN, LOOP = 34.0, 22.0, 8.0, 10.0, 40.0


class _Node:
    """One box (a layer) or one dummy slot of a long edge."""

    def __init__(self, key, rank, layer=None, rows=None, width=_DUMMY_WIDTH, height=0.0):
        self.key, self.rank, self.layer, self.rows = key, rank, layer, rows
        self.width, self.height = width, height
        self.x = self.y = 0.0  # centre


@functools.lru_cache(maxsize=4096)  # boxes repeat the same labels; measuring text is slow
def text_width(text, size, bold=False):
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _one(shapes):
    return None if not shapes else shapes[0] if len(shapes) == 1 else list(shapes)


def layer_shapes(model):
    """{id(layer): (input shape, output shape)} for every layer of the model."""
    from numkeras.layers.input_layer import InputLayer
    from numkeras.models.functional import Functional
    from numkeras.models.sequential import Sequential

    shapes = {}
    if isinstance(model, Sequential):
        outputs = model._output_shapes if model.built else None
        previous = model.input_shape
        for i, layer in enumerate(model.layers):
            out = outputs[i] if outputs is not None and i < len(outputs) else None
            shapes[id(layer)] = (previous, out)
            previous = out
    elif isinstance(model, Functional):
        for layer in model.layers:
            if isinstance(layer, InputLayer):
                shapes[id(layer)] = (layer.batch_shape, layer.batch_shape)
        for node in model._nodes:
            shapes.setdefault(id(node.layer), (_one([t.shape for t in node.input_tensors]),
                                                _one([t.shape for t in node.output_tensors])))
    else:
        shapes[id(model)] = (getattr(model, "_build_shapes", None), None)
    return shapes


def _layer_rows(layer, shapes, options):
    """The box's text as rows of cells; a cell is a list of lines, a line a list of (text, bold)."""
    kind = type(layer).__name__
    header = [(layer.name, True), (f"({kind})", False)] if options["show_layer_names"] \
        else [(kind, True)]
    rows = [("header", [[header]])]
    activation = getattr(layer, "activation", None)
    if options["show_layer_activations"] and activation is not None:
        name = getattr(activation, "name", None) or getattr(activation, "__name__", str(activation))
        rows.append(("body", [[[("Activation:", False), (name, True)]]]))
    cells = []
    if options["show_shapes"]:
        in_shape, out_shape = shapes.get(id(layer), (None, None))
        cells.append([[("Input shape:", False), (format_shape(in_shape), True)],
                      [("Output shape:", False), (format_shape(out_shape), True)]])
    if options["show_dtype"]:
        cells.append([[("Output dtype:", False), (str(getattr(layer, "dtype", "?")), True)]])
    if options["show_trainable"] and getattr(layer, "weights", None):
        cells.append(("trainable" if layer.trainable else "frozen",
                      [[("Trainable" if layer.trainable else "Non-trainable", True)]]))
    if cells:
        rows.append(("cells", cells))
    return rows


def _line_width(line, size):
    """Width of a line of runs, which are drawn one space apart."""
    gaps = (len(line) - 1) * text_width(" ", size)
    return sum(text_width(text, size, bold) for text, bold in line) + gaps


def cell_lines(cell):
    return cell[1] if isinstance(cell, tuple) else cell


def cell_widths(kind, cells):
    """The font size of a row and the natural width (points) of each of its cells."""
    size = _HEAD_SIZE if kind == "header" else _BODY_SIZE
    return size, [max(_line_width(l, size) for l in cell_lines(c)) + 2 * _PAD for c in cells]


def _measure(rows):
    """Width and height (points) of a box, and each row's height."""
    widths, heights = [], []
    for kind, cells in rows:
        size, row_widths = cell_widths(kind, cells)
        widths.append(sum(row_widths))
        lines = max(len(cell_lines(c)) for c in cells)
        heights.append(lines * size * 1.35 + 2 * _PAD - 0.35 * size)
    return max(widths), sum(heights), heights


def layer_graph(model):
    """The layers to draw (in Keras's order) and the edges between them, as layer pairs."""
    from numkeras.models.functional import Functional
    from numkeras.models.sequential import Sequential

    if isinstance(model, Sequential):
        layers = model.layers  # Keras draws no box for a Sequential's input
        return layers, list(zip(layers[:-1], layers[1:]))
    if isinstance(model, Functional):
        edges = []
        for node in model._nodes:
            for tensor in node.input_tensors:
                edges.append((tensor._keras_history[0], node.layer))
        return model.layers, edges
    return [model], []  # a subclassed model is one box, as in Keras


def _ranks(layers, edges):
    """Depth of each layer: the longest path from a layer with no inputs.

    A layer shared along one path (its output feeding, through others, its own input) makes
    a cycle; the edges closing a cycle are left out here and drawn as loops beside the boxes.
    """
    children = {id(layer): [] for layer in layers}
    for src, dst in edges:
        if src is not dst:
            children[id(src)].append(id(dst))
    order, seen = [], set()  # depth-first post-order, with a stack: models can be deep
    for layer in layers:
        if id(layer) in seen:
            continue
        seen.add(id(layer))
        stack = [(id(layer), iter(children[id(layer)]))]
        while stack:
            key, pending = stack[-1]
            child = next((c for c in pending if c not in seen), None)
            if child is None:
                stack.pop()
                order.append(key)
            else:
                seen.add(child)
                stack.append((child, iter(children[child])))
    position = {key: i for i, key in enumerate(reversed(order))}  # a topological order
    rank = {key: 0 for key in children}
    for key in sorted(children, key=position.get):
        for child in children[key]:
            if position[child] > position[key]:  # not an edge that closes a cycle
                rank[child] = max(rank[child], rank[key] + 1)
    return rank


def _isotonic(targets, gaps):
    """Positions closest (least squares) to `targets`, keeping neighbours `gaps` apart."""
    offsets = np.concatenate([[0.0], np.cumsum(gaps)])
    blocks = []  # pool-adjacent-violators on targets - offsets: [mean, count]
    for value in np.asarray(targets) - offsets:
        blocks.append([value, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            (m2, n2), (m1, n1) = blocks.pop(), blocks.pop()
            blocks.append([(m1 * n1 + m2 * n2) / (n1 + n2), n1 + n2])
    return np.repeat([m for m, _ in blocks], [n for _, n in blocks]) + offsets


def layout(layers, edges, options):
    """Boxes with centres (points) and edges as lists of node keys (dummies included)."""
    shapes, vertical = options["shapes"], options["rankdir"] == "TB"
    rank = _ranks(layers, edges)
    nodes = {}
    for layer in layers:
        rows = _layer_rows(layer, shapes, options)
        width, height, row_heights = _measure(rows)
        node = _Node(id(layer), rank[id(layer)], layer, rows, width, height)
        node.row_heights = row_heights
        nodes[id(layer)] = node
    chains = []
    for i, (src, dst) in enumerate(edges):
        chain = [id(src)]
        for r in range(rank[id(src)] + 1, rank[id(dst)]):
            dummy = _Node(("dummy", i, r), r)
            nodes[dummy.key] = dummy
            chain.append(dummy.key)
        chains.append(chain + [id(dst)])
    parents = {key: [] for key in nodes}
    children = {key: [] for key in nodes}
    for chain in chains:
        for a, b in zip(chain, chain[1:]):
            if nodes[a].rank < nodes[b].rank:
                parents[b].append(a)
                children[a].append(b)
    by_rank = {}
    for node in nodes.values():  # insertion order = Keras's layer order, then dummies
        by_rank.setdefault(node.rank, []).append(node)

    def cross(node):  # the box's extent across the rank direction
        return node.width if vertical else node.height

    def place(rank_nodes, targets):
        gaps = [(cross(a) + cross(b)) / 2 + _NODE_GAP for a, b in zip(rank_nodes, rank_nodes[1:])]
        for node, pos in zip(rank_nodes, _isotonic(targets, gaps)):
            node.x = pos

    for r in sorted(by_rank):  # start: each rank centred on 0
        place(by_rank[r], [0.0] * len(by_rank[r]))
    order = sorted(by_rank)
    best = (_crossings(by_rank, order, parents), {r: list(by_rank[r]) for r in order})
    for sweep in range(8):  # barycentre sweeps, downwards then upwards; keep the best order
        links, ranks = (parents, order) if sweep % 2 == 0 else (children, order[::-1])
        for r in ranks:
            targets = [np.mean([nodes[k].x for k in links[n.key]]) if links[n.key] else n.x
                       for n in by_rank[r]]
            paired = sorted(zip(targets, range(len(targets))), key=lambda t: t[0])
            by_rank[r] = [by_rank[r][i] for _, i in paired]
            place(by_rank[r], [t for t, _ in paired])
        count = _crossings(by_rank, order, parents)
        if count < best[0]:
            best = (count, {r: list(by_rank[r]) for r in order})
    by_rank = best[1]
    for sweep in range(6):  # with the order fixed, move boxes towards their neighbours
        links, ranks = (parents, order) if sweep % 2 == 0 else (children, order[::-1])
        for r in ranks:
            place(by_rank[r], [np.mean([nodes[k].x for k in links[n.key]]) if links[n.key]
                               else n.x for n in by_rank[r]])
    # Rank positions along the rank direction: each rank as deep as its largest box.
    depth, position = 0.0, {}
    for r in order:
        extent = max((n.height if vertical else n.width) for n in by_rank[r])
        position[r] = depth + extent / 2
        depth += extent + _RANK_GAP
        for node in by_rank[r]:
            node.band = extent  # a dummy spans its rank's band, so its edge clears the boxes
    for node in nodes.values():
        along, across = position[node.rank], node.x
        node.x, node.y = (across, -along) if vertical else (along, -across)
    return nodes, chains


def _crossings(by_rank, order, parents):
    """Edge crossings between adjacent ranks for the current order within each rank."""
    total = 0
    for r in order[1:]:
        index = {n.key: i for i, n in enumerate(by_rank.get(r - 1, []))}
        pairs = [(index[p], i) for i, n in enumerate(by_rank[r]) for p in parents[n.key]
                 if p in index]
        total += sum(1 for a, (p1, c1) in enumerate(pairs) for p2, c2 in pairs[a + 1:]
                     if (p1 - p2) * (c1 - c2) < 0)
    return total
