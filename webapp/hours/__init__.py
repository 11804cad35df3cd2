"""Bảng tổng hợp giờ làm việc: the diary's hours per person per day against the standard."""
