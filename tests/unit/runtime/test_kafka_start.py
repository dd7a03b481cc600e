"""The embedded broker's start-up watch: a broker still being exec'd is not taken for dead."""

from __future__ import annotations

import subprocess
import sys

from lakoo.runtime import kafka


def test_a_spawned_process_counts_as_alive_before_its_command_line_names_the_broker() -> None:
    # what the launcher's pid looks like between its fork and the JVM's exec: any command line
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert kafka._alive(child.pid)
    finally:
        child.kill()
        child.wait()


def test_a_process_that_has_exited_is_not_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()

    assert not kafka._alive(child.pid)
