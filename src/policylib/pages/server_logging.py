"""gunicorn's logger for `policylib serve`: everything to the data folder's log, and warnings and
errors to the terminal too, so a worker timeout or crash is still seen where the server runs.

Imported by gunicorn's master process, before Django: gunicorn and the standard library only.
"""

import logging
import sys

from gunicorn import glogging


class Logger(glogging.Logger):
    def setup(self, cfg) -> None:
        super().setup(cfg)
        if cfg.errorlog in ("-", None):
            return  # already on the terminal
        terminal = logging.StreamHandler(sys.stderr)
        terminal.setLevel(logging.WARNING)
        terminal.setFormatter(logging.Formatter(self.error_fmt, self.datefmt))
        terminal._gunicorn = True  # gunicorn drops its own handlers when it reloads
        self.error_log.addHandler(terminal)
