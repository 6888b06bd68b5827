//! Stage 3, sections: find the headings of the normalized text and the spans they govern.
//!
//! (Placeholder: filled in by the core extraction work.)

use crate::dictionaries::SectionHeadings;
use crate::normalize::NormText;

/// Section kinds that extraction cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionKind {
    /// 项目基本情况.
    Summary,
    /// 主要绩效 / 主要成效.
    Achievements,
    /// 存在的问题.
    Problems,
    /// 建议.
    Suggestions,
    /// 问题与建议 combined.
    ProblemsAndSuggestions,
    /// Any other top-level part.
    Other,
}

/// A section: its kind, heading line, and the char span of its body in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the section holds.
    pub kind: SectionKind,
    /// The heading as written.
    pub heading: String,
    /// Byte offset of the body start in the normalized text.
    pub start: usize,
    /// Byte offset of the body end.
    pub end: usize,
}

/// Finds the sections of `text`.
pub fn find_sections(_text: &NormText, _headings: &SectionHeadings) -> Vec<Section> {
    Vec::new()
}
