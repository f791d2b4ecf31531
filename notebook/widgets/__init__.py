"""Widgets of the notebook's screens."""
