"""Nhắc việc: people with no diary for the previous working day, reminded on their home page."""
