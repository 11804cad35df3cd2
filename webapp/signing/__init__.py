"""Digitally signed PDFs (pyHanko, PAdES): each unit's certificate, signing report files, verifying uploads."""
