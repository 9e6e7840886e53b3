"""matplotlib on first use, and new figures: detached when they are only saved as image files."""


INSTALL_HINT = "pip install numkeras[plot]  (or: pip install matplotlib)"


def require_matplotlib(caller):
    try:
        import matplotlib
    except ImportError as error:
        raise ImportError(f"{caller} draws with matplotlib, which is not installed. Install it "
                          f"with: {INSTALL_HINT}") from error
    return matplotlib


def new_figure(figsize, to_file):
    """A pyplot figure when the caller may want to show it, a detached one when only saving.

    A detached Figure needs no GUI backend and is freed with its last reference, so a script
    that saves many plots does not pile up open pyplot windows.
    """
    if to_file is not None:
        from matplotlib.figure import Figure

        return Figure(figsize=figsize)
    import matplotlib.pyplot as plt

    return plt.figure(figsize=figsize)
