"""The notification service (port 3008, notification_db): messages people actually receive."""
