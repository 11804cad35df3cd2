"""Tình hình đánh giá: where every sheet of a month stands, who is late at each stage, and reminders."""
