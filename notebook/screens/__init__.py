"""The notebook's screens: peer modes (People, Journal, Refer, Reconnect) and the Person page."""
