"""The session: the authority that applies actions, samples chance and keeps the log on disk."""
