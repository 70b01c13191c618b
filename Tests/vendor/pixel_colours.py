"""Prints the colour of a PNG's pixels: pixel_colours.py FILE X,Y [X,Y…] → one #rrggbb per point."""
import sys

from PIL import Image

image = Image.open(sys.argv[1]).convert("RGB")
for point in sys.argv[2:]:
    x, y = (int(float(v)) for v in point.split(","))
    print("#%02x%02x%02x" % image.getpixel((x, y)))
