"""Receivers of taking's signals (quiz/taking/signals.py)."""
