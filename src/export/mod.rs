//! Exporters: write an [`crate::Analysis`] in one output format.
