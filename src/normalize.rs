//! Stage 2, normalize: raw page texts → one clean [`NormText`].
//!
//! (Placeholder: joins pages; the full rules come with the core extraction work.)

/// Normalized text of a whole document, with the char offset where each page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormText {
    /// The text: pages joined with `\n`, cleaned.
    pub text: String,
    /// Char offset of the start of each page in `text` (first is 0).
    pub page_starts: Vec<usize>,
}

impl NormText {
    /// 1-based page that char offset `pos` falls on.
    pub fn page_of(&self, pos: usize) -> usize {
        self.page_starts.partition_point(|&s| s <= pos).max(1)
    }
}

/// Normalizes the pages of a document into one text.
pub fn normalize_pages(pages: &[String]) -> NormText {
    let mut text = String::new();
    let mut page_starts = Vec::with_capacity(pages.len());
    let mut chars = 0;
    for p in pages {
        page_starts.push(chars);
        text.push_str(p);
        text.push('\n');
        chars += p.chars().count() + 1;
    }
    NormText { text, page_starts }
}
