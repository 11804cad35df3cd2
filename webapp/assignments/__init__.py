"""Giao việc: managers assign catalogue items with a quantity and a deadline, and follow progress."""
