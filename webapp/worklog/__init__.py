"""Nhật ký công việc and Duyệt nhật ký: the daily diary and its approval queue."""
