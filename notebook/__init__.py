"""A keyboard-first networking notebook."""
