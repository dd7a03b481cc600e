"""The notification service's domain operations (one transaction each; callers commit)."""
