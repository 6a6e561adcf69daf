"""What every stage shares: files written whole (files.py), one-line messages (one_line.py),
digests (digest.py), dates (dates.py), escaping (escaping.py), URLs and slugs (urls.py,
slugs.py), common words (stop_words.py) and the project's lock (lock.py)."""
