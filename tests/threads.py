"""A call made on a real thread of its own, for tests of what is built or read beside the app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def on_a_thread(call: Callable[[], T]) -> T:
    """What `call` returns, called on a real thread of its own."""
    answer: list[T] = []
    thread = threading.Thread(target=lambda: answer.append(call()))
    thread.start()
    thread.join()
    return answer[0]
