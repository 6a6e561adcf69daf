"""The build: the conversion of the whole project (pipeline.py), shared among processors
(parallel.py); what changed since the last run, and only that done again (engine.py, pages.py);
the cache kept between runs (cache.py); the entry point (convert.py). The only package that
knows the cache: the stages are pure functions of values, and never import it."""
