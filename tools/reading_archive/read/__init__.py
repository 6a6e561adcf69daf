"""Read: a seed file becomes an `Article` (seed.py), its byline people and credits
(bylines.py); curators' YAML has one reader (curator_yaml.py)."""
