"""Development tools of the Reading Archive: benchmarks (`archive bench`), synthetic corpora, the
hand-labelled evaluation of related lists and the browser helpers of the tests. Not part of the
product package (reading_archive), so that editing them neither ships to users nor changes the
cache fingerprint that decides when a user's conversion starts afresh."""
