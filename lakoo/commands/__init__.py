"""The ``lakoo`` command groups; ``lakoo.cli`` mounts each module's ``app``."""
