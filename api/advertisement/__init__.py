"""advertisement (port 3013, advert_db): campaigns, serving, invalid-click rules, daily charges."""
