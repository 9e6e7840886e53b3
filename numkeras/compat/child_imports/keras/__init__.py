"""Found only through the `numkeras run` PYTHONPATH entry; see `numkeras.compat.child_imports`."""
from numkeras.compat.child_session import serve

serve(__name__)
