"""Báo cáo tổng kết thí điểm: the four pilot units side by side, for the conference before the province-wide start."""
