"""Operational logs: one structured line per event, never personal data.

Every line is an event name (``sweep.finished``, ``task.failed``, ``service.refused`` …) and a few
fields. The fields are counts, durations, primary keys, codenames and class names — never a name,
date of birth, NHS number, address or free text about a person, and never an exception's message
(it can quote what someone typed). Production writes JSON (python-json-logger); development writes
the same fields as ``key=value`` so a person can read them.

Use :func:`log_event`; do not pass personal data in ``fields``. ``tests/portal/test_logs.py`` checks
the lines the portal writes for the demo people's details.
"""

import logging
from typing import Any

# The attributes every LogRecord has; anything else on a record came from `extra=` and is a field.
_RECORD_ATTRIBUTES = frozenset(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime"}


def log_event(logger: logging.Logger, event: str, *, level: int = logging.INFO, **fields: Any) -> None:
    """Write one structured line: the event name as the message and ``fields`` as its fields."""
    logger.log(level, event, extra={"event": event, **fields})


def record_fields(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields a record carries (what was passed as ``extra``)."""
    return {key: value for key, value in vars(record).items() if key not in _RECORD_ATTRIBUTES}


class KeyValueFormatter(logging.Formatter):
    """Readable in a terminal: ``12:00:01 INFO portal.sweeps sweep.finished sweep=… raised=2``."""

    def __init__(self) -> None:
        super().__init__(fmt="%(asctime)s %(levelname)s %(name)s %(message)s", datefmt="%H:%M:%S")

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        fields = record_fields(record)
        fields.pop("event", None)
        if fields:
            line += " " + " ".join(f"{key}={_flat(value)}" for key, value in fields.items())
        return line


def _flat(value: Any) -> str:
    if isinstance(value, dict):
        return ",".join(f"{key}:{item}" for key, item in value.items()) or "-"
    return str(value)
