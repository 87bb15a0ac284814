"""Headless play: bots at the table, batches of games over processes, and tournaments."""
