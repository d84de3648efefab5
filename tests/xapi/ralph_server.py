"""ralph's LRS (`uvicorn ralph.api:app`, as `ralph runserver` starts it) with its
file-system backend appending each write to its one file: `python ralph_server.py PORT`,
configured by RALPH_* variables (test_real_lrs.py).

Appending is the one change: ralph 5.1.0's file-system LRS writes with its data backend's
default operation, "create", which refuses once the file exists, so it stored the
statements of one request only and answered 500 to every request after."""

import sys

import uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend

FSLRSBackend.default_operation_type = BaseOperationType.APPEND

if __name__ == "__main__":
    uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
