"""Round trips in fresh processes and on every interpreter of the machine (see harness.py)."""
