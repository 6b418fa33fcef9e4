//! Attribution: link quote spans and reported clauses to their speakers.
