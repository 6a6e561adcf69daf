"""Write: generated pages and the dataset onto disk, atomically, never over a page somebody
edited (writer.py)."""
