"""What the mailer tests' stand-in servers share: say "ready", then run until SIGTERM or SIGINT."""
import os
import signal
import threading


def run_until_signalled(ready_dir, stop):
    """Creates READY_DIR/ready (the tests wait for it), waits for a signal, then calls stop()."""
    open(os.path.join(ready_dir, "ready"), "w").close()
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    while not done.wait(0.5):
        pass
    stop()
