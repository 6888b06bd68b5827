//! Integration tests: one target with modules (see STYLE.md).

mod cli;
mod golden;
mod robustness;
mod store;
