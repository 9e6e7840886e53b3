"""Figures learners look at: training curves (`plot_history`) and model diagrams (`plot_model`).

Both draw with matplotlib alone (no Graphviz, no pydot), imported on first use so that
`import numkeras` never needs it. Install it with `pip install numkeras[plot]`.
"""
import functools
import os

import numpy as np

from numkeras.models.summary import format_shape  # one formatter for table and diagram

_INSTALL_HINT = "pip install numkeras[plot]  (or: pip install matplotlib)"
# Logged values that are not curves a learner compares (callbacks add them to the logs).
_NOT_METRICS = ("learning_rate", "lr")


def _matplotlib(caller):
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(f"{caller} draws with matplotlib, which is not installed. Install it "
                          f"with: {_INSTALL_HINT}") from error
    return matplotlib


# Where plot_history() saves a figure that no window can show (like plot_model's "model.png").
DEFAULT_HISTORY_FILE = "history.png"
# matplotlib's backends that draw only to files.
_FILE_ONLY_BACKENDS = ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template")


def _file_only_backend(matplotlib):
    """The name of matplotlib's backend when it cannot show a window (None when it can)."""
    backend = matplotlib.get_backend()
    return backend if backend.lower() in _FILE_ONLY_BACKENDS else None


def _new_figure(figsize, to_file):
    """A pyplot figure when the caller may want to show it, a detached one when only saving.

    A detached Figure needs no GUI backend and is freed with its last reference, so a script
    that saves many plots does not pile up open pyplot windows.
    """
    if to_file is not None:
        from matplotlib.figure import Figure

        return Figure(figsize=figsize)
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize)


# --------------------------------------------------------------------------- plot_history


def smooth_curve(points, factor=0.9):
    """Exponential moving average: each point is `previous * factor + point * (1 - factor)`.

    Example:
    >>> smooth_curve([1.0, 3.0, 3.0], factor=0.5)
    [1.0, 2.0, 2.5]
    """
    if not 0 <= factor < 1:
        raise ValueError(f"smooth must be a factor in [0, 1), got {factor!r}.")
    smoothed = []
    for point in points:
        smoothed.append(point if not smoothed else smoothed[-1] * factor + point * (1 - factor))
    return smoothed


def _history_dict(history):
    logs = getattr(history, "history", history)
    if not isinstance(logs, dict):
        raise TypeError(f"plot_history() expects a History (what fit() returns) or its "
                        f".history dict, got {type(history).__name__}.")
    if not logs:
        raise ValueError("plot_history(): the history is empty (was fit() run for 0 epochs?).")
    return logs


def _metric_names(logs, metrics):
    if metrics is None:
        names = [k for k in logs if not k.startswith("val_") and k not in _NOT_METRICS]
        names.sort(key=lambda k: k != "loss")  # the loss first, then the metrics as logged
        # A dict holding only validation curves (e.g. averaged K-fold val_mae) still plots.
        return names or [k[4:] for k in logs if k.startswith("val_")]
    names = [metrics] if isinstance(metrics, str) else list(metrics)
    for name in names:
        if name not in logs and f"val_{name}" not in logs:
            raise ValueError(f"plot_history(): no '{name}' in the history; it has "
                             f"{', '.join(sorted(logs))}.")
    return names


def _check_drawable(logs, names, validation, smooth):
    if smooth is not None and not 0 <= smooth < 1:
        raise ValueError(f"plot_history(): smooth must be None or a factor in [0, 1), got "
                         f"{smooth!r}.")
    for name in names:
        if name not in logs and not validation:
            raise ValueError(f"plot_history(): the history has only 'val_{name}' for "
                             f"'{name}', and validation=False leaves nothing to draw.")


def _axes_for(ax, count, to_file, title):
    """One Axes per metric: new ones side by side, the given sequence, or one shared Axes."""
    if ax is None:
        figure = _new_figure((4.8 * count + 0.4, 3.8), to_file)
        axes = list(np.atleast_1d(figure.subplots(1, count)))
    elif isinstance(ax, (list, tuple, np.ndarray)):
        axes = list(np.ravel(ax))
        if len(axes) != count:
            raise ValueError(f"plot_history(): got {len(axes)} Axes for {count} metrics; pass "
                             f"one Axes per metric, or a single Axes to draw them all on it.")
    else:
        axes = [ax] * count
    if title is not None:
        if len(set(map(id, axes))) == 1:
            axes[0].set_title(title)
        else:
            axes[0].figure.suptitle(title)
    return axes


def _label(name):
    return name.replace("_", " ")


def plot_history(history, metrics=None, validation=True, smooth=None, ax=None, title=None,
                 to_file=None):
    """Plots training curves: each metric's training and `val_` values against the epoch.

    Args:
        history: the `History` that `model.fit()` returns, or its `.history` dict.
        metrics: a metric name or list of names (e.g. `"loss"`, `["loss", "accuracy"]`);
            None plots every logged metric (not `learning_rate`).
        validation: also draw the `val_<metric>` curve when the history has it.
        smooth: None, or a factor in [0, 1): the curves are exponentially smoothed
            (`smooth_curve`) and the raw values drawn faintly behind them.
        ax: a matplotlib Axes to draw every metric on, or a sequence of Axes (one per
            metric); None makes a new figure with one panel per metric.
        title: title of the panel (single Axes) or of the figure.
        to_file: path to save the figure to (format from the extension: .png, .pdf, .svg).
            When it is None, no `ax` is given and matplotlib's backend cannot show a window
            (Agg on a machine without a display), the figure is saved to `history.png` in
            the current folder and one line says where.

    Returns:
        The matplotlib Figure.

    Raises:
        ImportError: matplotlib is not installed (`pip install numkeras[plot]`).
        ValueError: a requested metric is not in the history, or `smooth` is out of range.

    Example:
    >>> history = model.fit(x, y, validation_split=0.2, epochs=20)  # doctest: +SKIP
    >>> plot_history(history, metrics="loss", to_file="loss.png")  # doctest: +SKIP
    """
    matplotlib = _matplotlib("plot_history()")
    from matplotlib.ticker import MaxNLocator

    logs = _history_dict(history)
    names = _metric_names(logs, metrics)
    _check_drawable(logs, names, validation, smooth)  # before any figure is made
    # made before the no-display default is chosen: a pyplot figure, so plt.savefig() or
    # plt.show() after this call still work
    axes = _axes_for(ax, len(names), to_file, title)
    no_display = to_file is None and ax is None and _file_only_backend(matplotlib)
    if no_display:
        to_file = DEFAULT_HISTORY_FILE
    shared = len(names) > 1 and len(set(map(id, axes))) == 1  # several metrics on one Axes
    for axis, name in zip(axes, names):
        curves = [(name, "training")] if name in logs else []
        if validation and f"val_{name}" in logs:
            curves.append((f"val_{name}", "validation"))
        for key, kind in curves:
            values = np.asarray(logs[key], dtype=float)
            epochs = np.arange(1, len(values) + 1)
            style = "o-" if kind == "training" and len(values) <= 30 else "-"
            alone = len(curves) == 1 and kind == "training" and not shared
            label = _label(name) if alone else f"{kind} {_label(name)}"
            if smooth is None:
                axis.plot(epochs, values, style, markersize=3.5, label=label)
            else:
                line, = axis.plot(epochs, smooth_curve(values.tolist(), smooth), "-",
                                  label=f"{label} (smoothed)")
                axis.plot(epochs, values, "-", color=line.get_color(), alpha=0.25, linewidth=1)
        axis.set_xlabel("Epoch")
        axis.set_ylabel("value" if shared else _label(name))
        axis.xaxis.set_major_locator(MaxNLocator(integer=True))
        longest = max(len(logs[key]) for key, _ in curves)
        pad = 0.5 if longest <= 30 else 0.02 * longest  # no tick at a meaningless epoch 0
        axis.set_xlim(1 - pad, longest + pad)
        axis.grid(True, alpha=0.3)
        axis.legend()
        if not shared and (title is None or len(names) > 1):
            axis.set_title(_label(name).capitalize())
    figure = axes[0].figure
    if ax is None:
        figure.tight_layout()
    if to_file is not None:
        figure.savefig(os.fspath(to_file), dpi=100)
    if no_display:
        print(f"plot_history(): matplotlib's {no_display!r} backend shows no window; saved the "
              f"figure to {os.path.abspath(to_file)} (to_file= picks another file)")
    return figure


# --------------------------------------------------------------------------- plot_model
# The diagram is laid out in points (1 data unit = 1/72 inch), so text sizes and box sizes
# agree whatever the dpi. Ranks (depth from the inputs) run down the page for rankdir="TB"
# and across it for "LR"; edges that skip ranks pass through invisible "dummy" slots so they
# go around the boxes in between (the usual layered-graph layout, as Graphviz's dot does).

_HEAD_SIZE, _BODY_SIZE, _PAD = 10.5, 9.0, 6.0
_RANK_GAP, _NODE_GAP, _DUMMY_WIDTH, _MARGIN, _LOOP = 34.0, 22.0, 8.0, 10.0, 40.0


class _Node:
    """One box (a layer) or one dummy slot of a long edge."""

    def __init__(self, key, rank, layer=None, rows=None, width=_DUMMY_WIDTH, height=0.0):
        self.key, self.rank, self.layer, self.rows = key, rank, layer, rows
        self.width, self.height = width, height
        self.x = self.y = 0.0  # centre


@functools.lru_cache(maxsize=4096)  # boxes repeat the same labels; measuring text is slow
def _text_width(text, size, bold=False):
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import text_to_path

    prop = FontProperties(size=size, weight="bold" if bold else "normal")
    return text_to_path.get_text_width_height_descent(text, prop, ismath=False)[0]


def _one(shapes):
    return None if not shapes else shapes[0] if len(shapes) == 1 else list(shapes)


def _layer_shapes(model):
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
    gaps = (len(line) - 1) * _text_width(" ", size)
    return sum(_text_width(text, size, bold) for text, bold in line) + gaps


def _cell_lines(cell):
    return cell[1] if isinstance(cell, tuple) else cell


def _cell_widths(kind, cells):
    """The font size of a row and the natural width (points) of each of its cells."""
    size = _HEAD_SIZE if kind == "header" else _BODY_SIZE
    return size, [max(_line_width(l, size) for l in _cell_lines(c)) + 2 * _PAD for c in cells]


def _measure(rows):
    """Width and height (points) of a box, and each row's height."""
    widths, heights = [], []
    for kind, cells in rows:
        size, cell_widths = _cell_widths(kind, cells)
        widths.append(sum(cell_widths))
        lines = max(len(_cell_lines(c)) for c in cells)
        heights.append(lines * size * 1.35 + 2 * _PAD - 0.35 * size)
    return max(widths), sum(heights), heights


def _graph(model):
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


def _layout(layers, edges, options):
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


def _draw_box(ax, node, colors):
    from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea
    from matplotlib.patches import Rectangle

    left, top = node.x - node.width / 2, node.y + node.height / 2
    for (kind, cells), height in zip(node.rows, node.row_heights):
        size, widths = _cell_widths(kind, cells)
        scale = node.width / sum(widths)  # cells share the box's full width
        x = left
        for cell, width in zip(cells, widths):
            width *= scale
            fill = colors[cell[0]] if isinstance(cell, tuple) else colors[kind]
            ink = "white" if kind == "header" or isinstance(cell, tuple) else "black"
            box = Rectangle((x, top - height), width, height, facecolor=fill, edgecolor="black",
                            linewidth=0.8, zorder=2)
            if kind == "header":
                box.set_gid(f"layer:{node.layer.name}")  # one per layer: tests count these
            ax.add_artist(box)  # not add_patch: the limits are set once at the end
            lines = _cell_lines(cell)
            step = size * 1.35
            first = top - height / 2 + step * (len(lines) - 1) / 2
            for k, line in enumerate(lines):
                # Runs packed at draw time by the renderer itself, so the bold and normal
                # pieces meet exactly at any dpi (hinted glyph widths vary with the dpi).
                runs = [TextArea(text, textprops=dict(fontsize=size, color=ink,
                                                      fontweight="bold" if bold else "normal"))
                        for text, bold in line]
                packed = HPacker(children=runs, align="baseline", pad=0,
                                 sep=_text_width(" ", size))
                ax.add_artist(AnnotationBbox(packed, (x + width / 2, first - k * step),
                                             frameon=False, pad=0, box_alignment=(0.5, 0.5),
                                             zorder=3))
            x += width
        top -= height


def _port(node, vertical, outgoing, index, count):
    """Where an edge leaves (bottom/right) or enters (top/left) a box; several spread out."""
    if node.layer is None:
        return node.x, node.y
    spread = (index - (count - 1) / 2) * min(18.0, (node.width if vertical else node.height)
                                              / (count + 1))
    if vertical:
        return node.x + spread, node.y + (-node.height / 2 if outgoing else node.height / 2)
    return node.x + (node.width / 2 if outgoing else -node.width / 2), node.y - spread


def _draw_edges(ax, nodes, chains, vertical):
    from matplotlib.patches import FancyArrowPatch
    from matplotlib.path import Path

    def ends(key, outgoing):
        mine = [c for c in chains if (c[0] if outgoing else c[-1]) == key]
        other = (lambda c: nodes[c[1] if outgoing else c[-2]])
        return sorted(mine, key=lambda c: other(c).x if vertical else -other(c).y)

    bulges = []
    for chain in chains:
        src, dst = nodes[chain[0]], nodes[chain[-1]]
        if src.rank >= dst.rank:  # a shared layer fed back by a later one: loop round the side
            path, bulge = _back_edge(src, dst, vertical)
            bulges.append(bulge)
            ax.add_artist(FancyArrowPatch(path=path, arrowstyle="-|>", mutation_scale=11,
                                         linewidth=1.0, color="black", shrinkA=0, shrinkB=0,
                                         zorder=1))
            continue
        starts, stops = ends(chain[0], True), ends(chain[-1], False)
        points = [_port(nodes[chain[0]], vertical, True, starts.index(chain), len(starts))]
        for key in chain[1:-1]:  # a dummy: straight through its rank's band
            node, half = nodes[key], nodes[key].band / 2
            points += [(node.x, node.y + half), (node.x, node.y - half)] if vertical \
                else [(node.x - half, node.y), (node.x + half, node.y)]
        points.append(_port(nodes[chain[-1]], vertical, False, stops.index(chain), len(stops)))
        vertices, codes = [points[0]], [Path.MOVETO]
        for k, ((x0, y0), (x1, y1)) in enumerate(zip(points, points[1:])):
            if k % 2 == 1:  # inside a dummy's band
                vertices.append((x1, y1))
                codes.append(Path.LINETO)
                continue
            # A cubic whose handles leave and arrive along the rank direction, as dot's splines.
            if vertical:
                mid = (y0 + y1) / 2
                vertices += [(x0, mid), (x1, mid), (x1, y1)]
            else:
                mid = (x0 + x1) / 2
                vertices += [(mid, y0), (mid, y1), (x1, y1)]
            codes += [Path.CURVE4] * 3
        ax.add_artist(FancyArrowPatch(path=Path(vertices, codes), arrowstyle="-|>",
                                     mutation_scale=11, linewidth=1.0, color="black",
                                     shrinkA=0, shrinkB=0, zorder=1))
    return bulges


def _back_edge(src, dst, vertical):
    """An edge against the rank order (or a self-loop) as a curve beside the boxes.

    Returns the path and how far it reaches (x to the right for "TB", y below for "LR").
    """
    from matplotlib.path import Path

    same = src is dst
    if vertical:
        start = (src.x + src.width / 2, src.y + (src.height / 4 if same else 0))
        end = (dst.x + dst.width / 2, dst.y - (dst.height / 4 if same else 0))
        reach = max(start[0], end[0]) + _LOOP
        handles = [(reach, start[1]), (reach, end[1])]
    else:
        start = (src.x - (src.width / 4 if same else 0), src.y - src.height / 2)
        end = (dst.x + (dst.width / 4 if same else 0), dst.y - dst.height / 2)
        reach = min(start[1], end[1]) - _LOOP
        handles = [(start[0], reach), (end[0], reach)]
    codes = [Path.MOVETO] + [Path.CURVE4] * 3
    return Path([start] + handles + [end], codes), reach * 0.75 + 0.25 * (
        start[0] if vertical else start[1])  # a cubic reaches 3/4 of the way to its handles


def model_to_figure(model, show_shapes=False, show_dtype=False, show_layer_names=True,
                    rankdir="TB", show_layer_activations=False, show_trainable=False):
    """Draws a model's diagram on a new (detached) matplotlib Figure and returns it.

    `plot_model` saves this figure; the arguments have the same meaning. Each layer is one
    box, whose header patch has the gid `"layer:<name>"`.
    """
    _matplotlib("plot_model()")
    from matplotlib.figure import Figure

    from numkeras.layers.layer import Layer

    if not isinstance(model, Layer):
        raise TypeError(f"plot_model() expects a numkeras Model, got {type(model).__name__}.")
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"plot_model(): rankdir must be 'TB' (top to bottom) or 'LR' (left to "
                         f"right), got {rankdir!r}.")
    layers, edges = _graph(model)
    if not layers:
        raise ValueError(f"plot_model(): model '{model.name}' has no layers to draw yet.")
    options = dict(show_shapes=show_shapes, show_dtype=show_dtype, rankdir=rankdir,
                   show_layer_names=show_layer_names, shapes=_layer_shapes(model),
                   show_layer_activations=show_layer_activations, show_trainable=show_trainable)
    nodes, chains = _layout(layers, edges, options)
    figure = Figure()
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    colors = {"header": "black", "body": "white", "cells": "white",
              "trainable": "forestgreen", "frozen": "firebrick"}
    boxes = [n for n in nodes.values() if n.layer is not None]
    for node in boxes:
        _draw_box(ax, node, colors)
    bulges = _draw_edges(ax, nodes, chains, rankdir == "TB")
    x0 = min(n.x - n.width / 2 for n in nodes.values()) - _MARGIN
    x1 = max([n.x + n.width / 2 for n in nodes.values()]
             + (bulges if rankdir == "TB" else [])) + _MARGIN
    y0 = min([n.y - n.height / 2 for n in boxes] + (bulges if rankdir == "LR" else [])) - _MARGIN
    y1 = max(n.y + n.height / 2 for n in boxes) + _MARGIN
    # One data unit is one point: the figure is as large as the diagram.
    figure.set_size_inches((x1 - x0) / 72, (y1 - y0) / 72)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    return figure


def plot_model(model, to_file="model.png", show_shapes=False, show_dtype=False,
               show_layer_names=True, rankdir="TB", dpi=200, show_layer_activations=False,
               show_trainable=False):
    """Saves a Keras-style diagram of a model: one box per layer, arrows along the data flow.

    Drawn with matplotlib only (Keras needs Graphviz and pydot). Functional models with
    branches are laid out by depth from their inputs; a Sequential shows its layers in a
    column, without a box for its input (as Keras does).

    Args:
        model: a `Sequential`, functional `Model`, or subclassed model (one box).
        to_file: the image file; the format follows the extension (.png, .pdf, .svg, .jpg).
        show_shapes: show each layer's input and output shapes.
        show_dtype: show each layer's dtype.
        show_layer_names: show "name (Type)" in the header; False shows the type only.
        rankdir: "TB" (top to bottom) or "LR" (left to right).
        dpi: resolution of raster formats.
        show_layer_activations: show the activation of layers that have one.
        show_trainable: mark layers with weights as Trainable (green) or Non-trainable (red).

    Returns:
        In IPython/Jupyter, an `IPython.display.Image` of the file (for raster formats), so the
        diagram shows in the notebook; otherwise None.

    Example:
    >>> plot_model(model, "model.png", show_shapes=True)  # doctest: +SKIP
    """
    figure = model_to_figure(model, show_shapes=show_shapes, show_dtype=show_dtype,
                             show_layer_names=show_layer_names, rankdir=rankdir,
                             show_layer_activations=show_layer_activations,
                             show_trainable=show_trainable)
    to_file = os.fspath(to_file)
    folder = os.path.dirname(to_file)
    if folder:
        os.makedirs(folder, exist_ok=True)
    figure.savefig(to_file, dpi=dpi, facecolor="white")
    if not to_file.lower().endswith((".pdf", ".svg")):
        try:
            from IPython import get_ipython
            from IPython.display import Image
        except ImportError:
            return None
        if get_ipython() is not None:
            return Image(filename=to_file)
    return None
