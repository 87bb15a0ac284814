"""The pygame window. The only package that imports pygame."""

import os

# pygame prints a banner on import unless told not to; the CLI's output stays ours.
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
