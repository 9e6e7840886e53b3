"""Model diagrams (`plot_model`, `model_to_figure`): boxes and arrows drawn with matplotlib alone.

No Graphviz, no pydot; matplotlib is imported on first use so that `import numkeras` never
needs it. Install it with `pip install numkeras[plot]`. The layout is in `model_layout.py`,
training curves in `history_plotting.py`.
"""
import os

from numkeras.utils.figures import require_matplotlib
from numkeras.utils.model_layout import (
    LOOP,
    MARGIN,
    cell_lines,
    cell_widths,
    layer_graph,
    layer_shapes,
    layout,
    text_width,
)


def _draw_box(ax, node, colors):
    from matplotlib.offsetbox import AnnotationBbox, HPacker, TextArea
    from matplotlib.patches import Rectangle

    left, top = node.x - node.width / 2, node.y + node.height / 2
    for (kind, cells), height in zip(node.rows, node.row_heights):
        size, widths = cell_widths(kind, cells)
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
            lines = cell_lines(cell)
            step = size * 1.35
            first = top - height / 2 + step * (len(lines) - 1) / 2
            for k, line in enumerate(lines):
                # Runs packed at draw time by the renderer itself, so the bold and normal
                # pieces meet exactly at any dpi (hinted glyph widths vary with the dpi).
                runs = [TextArea(text, textprops=dict(fontsize=size, color=ink,
                                                      fontweight="bold" if bold else "normal"))
                        for text, bold in line]
                packed = HPacker(children=runs, align="baseline", pad=0,
                                 sep=text_width(" ", size))
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
        reach = max(start[0], end[0]) + LOOP
        handles = [(reach, start[1]), (reach, end[1])]
    else:
        start = (src.x - (src.width / 4 if same else 0), src.y - src.height / 2)
        end = (dst.x + (dst.width / 4 if same else 0), dst.y - dst.height / 2)
        reach = min(start[1], end[1]) - LOOP
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
    require_matplotlib("plot_model()")
    from matplotlib.figure import Figure

    from numkeras.layers.layer import Layer

    if not isinstance(model, Layer):
        raise TypeError(f"plot_model() expects a numkeras Model, got {type(model).__name__}.")
    if rankdir not in ("TB", "LR"):
        raise ValueError(f"plot_model(): rankdir must be 'TB' (top to bottom) or 'LR' (left to "
                         f"right), got {rankdir!r}.")
    layers, edges = layer_graph(model)
    if not layers:
        raise ValueError(f"plot_model(): model '{model.name}' has no layers to draw yet.")
    options = dict(show_shapes=show_shapes, show_dtype=show_dtype, rankdir=rankdir,
                   show_layer_names=show_layer_names, shapes=layer_shapes(model),
                   show_layer_activations=show_layer_activations, show_trainable=show_trainable)
    nodes, chains = layout(layers, edges, options)
    figure = Figure()
    ax = figure.add_axes((0, 0, 1, 1))
    ax.set_axis_off()
    colors = {"header": "black", "body": "white", "cells": "white",
              "trainable": "forestgreen", "frozen": "firebrick"}
    boxes = [n for n in nodes.values() if n.layer is not None]
    for node in boxes:
        _draw_box(ax, node, colors)
    bulges = _draw_edges(ax, nodes, chains, rankdir == "TB")
    x0 = min(n.x - n.width / 2 for n in nodes.values()) - MARGIN
    x1 = max([n.x + n.width / 2 for n in nodes.values()]
             + (bulges if rankdir == "TB" else [])) + MARGIN
    y0 = min([n.y - n.height / 2 for n in boxes] + (bulges if rankdir == "LR" else [])) - MARGIN
    y1 = max(n.y + n.height / 2 for n in boxes) + MARGIN
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
