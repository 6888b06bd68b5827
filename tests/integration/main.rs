//! Integration tests: one target with modules (see STYLE.md).

mod golden;
