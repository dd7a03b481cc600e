"""The embedded broker's Java and jars: resolved from Maven Central through the pom beside the
broker's configuration templates, cached under the state directory until the pom changes."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from rich.console import Console

from lakoo.runtime import StackError

POM = Path(__file__).with_name("kafka") / "pom.xml"


def java() -> str:
    """The Java the broker runs on (``JAVA_HOME`` first, then ``PATH``)."""
    java_home = os.environ.get("JAVA_HOME")
    java = str(Path(java_home) / "bin" / "java") if java_home else shutil.which("java")
    if not java:
        raise StackError("Kafka needs Java 17+: install it or set JAVA_HOME")
    return java


def resolve(base: Path, console: Console) -> Path:
    """Copy the broker's jars from Maven Central into the cache, unless the pom is unchanged."""
    libs = base / "libs"
    marker = libs / ".pom.sha256"
    digest = hashlib.sha256(POM.read_bytes()).hexdigest()
    if marker.is_file() and marker.read_text().strip() == digest:
        return libs
    mvn = shutil.which("mvn")
    if not mvn:
        raise StackError("resolving Kafka's jars needs Maven (mvn) on PATH")
    # resolve into a fresh directory and swap, so jars a pom change dropped do not linger
    staging = base / "libs.new"
    shutil.rmtree(staging, ignore_errors=True)
    console.print("resolving Kafka jars from Maven Central (first run only)…")
    with console.status("mvn dependency:copy-dependencies"):
        result = subprocess.run(
            [mvn, "-B", "-q", "-f", str(POM), "dependency:copy-dependencies",
             f"-DoutputDirectory={staging}", "-DincludeScope=runtime"],
            capture_output=True, text=True, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    if result.returncode != 0:
        raise StackError(f"mvn could not resolve Kafka's jars:\n{result.stdout}{result.stderr}")
    (staging / ".pom.sha256").write_text(digest + "\n")
    shutil.rmtree(libs, ignore_errors=True)
    staging.rename(libs)
    return libs
