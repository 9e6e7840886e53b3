"""numkeras: the Keras 3 API on NumPy."""
__version__ = "0.1.0"
