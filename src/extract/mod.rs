//! Stage 4, extract: header fields, score and grade, and the item lists.
//!
//! (Placeholder: filled in by the core extraction work.)

use crate::dictionaries::Dictionaries;
use crate::normalize::NormText;
use crate::report::{Report, Source};

/// Extracts a [`Report`] (categories and keywords not yet set) from normalized text.
pub fn extract(_text: &NormText, source: Source, _dictionaries: &Dictionaries) -> Report {
    Report::empty(source)
}
