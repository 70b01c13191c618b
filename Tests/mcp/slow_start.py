"""A program that never answers initialize: it reads its input and says nothing."""
import sys
import time

print("starting up, slowly", file=sys.stderr, flush=True)
for line in sys.stdin:
    time.sleep(0.01)
