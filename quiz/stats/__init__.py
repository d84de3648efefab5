"""Item statistics: the daily summary rows the item analysis reads.

Below both taking (which counts each submitted attempt in: counting.py) and the results
admin (which reads the sums: sums.py); it imports only the models and the clock.
`rebuild_item_stats` recounts them from the attempts (rebuild.py).
"""
