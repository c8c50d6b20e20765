"""The temporal tagger: rules and word tables, engine, normalisers, tense and TIMEX3 values."""
