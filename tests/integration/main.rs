//! Integration tests: one target with modules (see STYLE.md).

mod batch;
mod cli;
mod golden;
mod robustness;
mod store;
mod trial;
mod word;
