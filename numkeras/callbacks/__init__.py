"""Callbacks: hooks into fit/evaluate/predict (early stopping, checkpoints, logging, schedules)."""
from numkeras.callbacks.activation_stats import ActivationStatsRecorder
from numkeras.callbacks.backup_and_restore import BackupAndRestore
from numkeras.callbacks.callback import Callback
from numkeras.callbacks.callback_list import CallbackList
from numkeras.callbacks.csv_logger import CSVLogger
from numkeras.callbacks.early_stopping import EarlyStopping
from numkeras.callbacks.gradient_norms import GradientNormRecorder
from numkeras.callbacks.history import History
from numkeras.callbacks.lambda_callback import LambdaCallback
from numkeras.callbacks.learning_rate_scheduler import LearningRateScheduler
from numkeras.callbacks.model_checkpoint import ModelCheckpoint
from numkeras.callbacks.monitor_callback import MonitorCallback
from numkeras.callbacks.progbar_logger import ProgbarLogger
from numkeras.callbacks.reduce_lr_on_plateau import ReduceLROnPlateau
from numkeras.callbacks.tensorboard import TensorBoard
from numkeras.callbacks.terminate_on_nan import TerminateOnNaN

__all__ = [
    "ActivationStatsRecorder", "BackupAndRestore", "Callback", "CallbackList", "CSVLogger", "EarlyStopping",
    "GradientNormRecorder", "History",
    "LambdaCallback", "LearningRateScheduler", "ModelCheckpoint", "MonitorCallback", "ProgbarLogger",
    "ReduceLROnPlateau", "TensorBoard", "TerminateOnNaN",
]
