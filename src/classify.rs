//! Stage 5, classify: problem categories and report keywords.
//!
//! (Placeholder: filled in by the core extraction work.)

use crate::dictionaries::Dictionaries;
use crate::normalize::NormText;
use crate::report::Report;

/// Sets each problem's categories and the report's keywords.
pub fn classify(_report: &mut Report, _text: &NormText, _dictionaries: &Dictionaries) {}
