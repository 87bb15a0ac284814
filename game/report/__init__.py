"""Debrief data and exports built from the event log: transcripts now, reports later."""
