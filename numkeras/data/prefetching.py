"""`prefetch`: a background thread prepares the next elements while the model trains.

NumPy releases the GIL inside its kernels and file reads release it too, so the
input pipeline's work (map functions, gathers, decoding) overlaps with the step.
"""
import queue
import threading

from numkeras.data.dataset import Dataset

_DONE = object()


class _Raised:
    def __init__(self, error):
        self.error = error


class Prefetch(Dataset):
    def __init__(self, upstream, buffer_size):
        self.upstream = upstream
        self.buffer_size = buffer_size

    def _cardinality(self):
        return self.upstream._cardinality()

    @property
    def element_spec(self):
        return self.upstream.element_spec

    def _elements(self):
        ready = queue.Queue(maxsize=self.buffer_size)
        stop = threading.Event()
        worker = threading.Thread(target=_produce, args=(self.upstream, ready, stop), daemon=True,
                                  name="numkeras-prefetch")
        worker.start()
        try:
            while True:
                item = ready.get()
                if item is _DONE:
                    return
                if isinstance(item, _Raised):
                    raise item.error
                yield item
        finally:  # the consumer stopped early (take, break, an error): end the worker too
            stop.set()
            while worker.is_alive():
                try:
                    ready.get_nowait()
                except queue.Empty:
                    worker.join(0.01)


def _produce(upstream, ready, stop):
    iterator = upstream._elements()
    try:
        for element in iterator:
            if not _put(ready, element, stop):
                return
        _put(ready, _DONE, stop)
    except BaseException as error:  # handed to the consumer, raised there
        _put(ready, _Raised(error), stop)
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()


def _put(ready, item, stop):
    while not stop.is_set():
        try:
            ready.put(item, timeout=0.05)
            return True
        except queue.Full:
            continue
    return False
