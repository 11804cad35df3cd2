"""Hướng dẫn sử dụng: a page per role, illustrated with screenshots the browser tests take, printable as PDF."""
