"""Address service: the Indonesian region hierarchy and users' validated shipping addresses."""
