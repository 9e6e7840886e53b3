"""`numkeras.models`: Sequential, functional and subclassed models."""
from numkeras.models.functional import Functional
from numkeras.models.model import Model
from numkeras.models.sequential import Sequential
from numkeras.saving.cloning import clone_model
from numkeras.saving.saving_api import load_model, model_from_config, model_from_json, save_model
