"""What `multiprocessing.Pipe()` gives, typed for every platform: a socket pair's
`Connection` here, a named pipe's `PipeConnection` on Windows (the type checkers know)."""

import sys
from multiprocessing.connection import Connection
from typing import TYPE_CHECKING

if TYPE_CHECKING and sys.platform == "win32":
    from multiprocessing.connection import PipeConnection

    Channel = PipeConnection
else:
    Channel = Connection

__all__ = ["Channel"]
