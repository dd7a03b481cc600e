"""What ``lakoo demo`` does on the running platform, one journey per module."""
