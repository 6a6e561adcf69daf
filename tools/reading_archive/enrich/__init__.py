"""Enrich: what an article gains from the rest of the project: glossary terms read
(glossary.py) and linked (link.py), sidecar corrections (sidecar.py), annotations anchored
(annotate.py), related articles and copies (related/), publisher names (publishers.py)."""
