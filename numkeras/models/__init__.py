"""`numkeras.models`: Sequential, functional and subclassed models."""
from numkeras.models.functional import Functional
from numkeras.models.model import Model
from numkeras.models.sequential import Sequential
