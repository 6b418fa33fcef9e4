//! The `quotecite` command-line tool.
fn main() {}
