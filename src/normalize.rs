//! Stage 2, normalize: raw page texts → one clean [`NormText`].
//!
//! What it does, in order, so that every reader (text, PDF, DOCX, HTML) hands the same text
//! to the later stages:
//!
//! - line ends `\r\n`/`\r` → `\n`; a form feed starts a new page;
//! - characters: ideographic and no-break spaces → space; full-width digits and letters
//!   (`８１．４１`) → ASCII; Kangxi radicals (U+2F00–U+2FD5, what Type 3 PDF fonts yield) and
//!   CJK Radicals Supplement forms (⻓⻔⻛⻩) → the ideographs; zero-width characters dropped;
//!   Chinese punctuation is kept;
//! - HTML table markup left in text (Markdown conversions) → one row per line, cells
//!   separated by tabs; Markdown `#` heading marks, `**`, `---` rules dropped;
//! - spaces: a single space between CJK characters, or between CJK and a digit, is removed
//!   (PDF producers write `2023 年度`); a run of two or more spaces, or a tab, stays as a
//!   field separator (two spaces);
//! - page numbers (`- 3 -`, `第3页 共12页`, `3/12`, a lone number opening or closing a page)
//!   are dropped, and so are running headers/footers: a line repeated at the top or bottom
//!   of several pages (also pages marked only by page numbers in a text file);
//! - lines broken mid-sentence are re-joined: across a page break, and within pages that are
//!   hard-wrapped (many lines of the same full width), keeping real paragraph and numbered
//!   item breaks.
//!
//! [`NormText::key`] is the same text converted to simplified characters, byte for byte
//! aligned with [`NormText::text`], so later stages match dictionary terms on `key` and
//! slice values from `text` as written.

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

/// Normalized text of a whole document, with the byte offset where each page starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NormText {
    /// The text as written (cleaned): lines joined by `\n`, no blank-line runs.
    pub text: String,
    /// `text` in simplified characters; same length, same byte offsets, for matching.
    pub key: String,
    /// Byte offset in `text` where each page starts (first is 0).
    pub page_starts: Vec<usize>,
}

impl NormText {
    /// 1-based page that byte offset `pos` falls on.
    pub fn page_of(&self, pos: usize) -> usize {
        self.page_starts.partition_point(|&s| s <= pos).max(1)
    }

    /// The char offset of byte offset `pos` in `text` (provenance is in chars).
    pub fn char_offset(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        let mut p = pos;
        while !self.text.is_char_boundary(p) {
            p -= 1;
        }
        self.text[..p].chars().count()
    }

    /// Builds a [`NormText`] from already-normalized text (one page).
    pub fn from_normalized(text: String) -> NormText {
        let key = simplified(&text);
        NormText {
            text,
            key,
            page_starts: vec![0],
        }
    }
}

/// Normalizes the pages of a document into one text.
///
/// # Examples
/// ```
/// let t = jixiao::normalize::normalize_pages(&["评价分值：８１．４１\r\n2023 年度\n- 1 -\n".to_string()]);
/// assert_eq!(t.text, "评价分值：81.41\n2023年度\n");
/// ```
pub fn normalize_pages(pages: &[String]) -> NormText {
    // Pages: real ones, and form feeds inside them.
    let mut raw_pages: Vec<Vec<String>> = Vec::new();
    // Printed widths of lines that cleaning narrowed (full-width digits and letters become
    // ASCII): where a line reached the margin depends on how wide it was printed.
    let mut printed = Printed::new();
    for page in pages {
        let page = page.replace("\r\n", "\n").replace('\r', "\n");
        let page = if page.contains("<td") || page.contains("<tr") || page.contains("<TD") {
            flatten_html_tables(&page)
        } else {
            page
        };
        for part in page.split('\u{c}') {
            let mut lines = Vec::new();
            for raw in part.lines() {
                let line = clean_line(raw);
                let w = width(raw.trim());
                if w > width(&line) {
                    let e = printed.entry(line.clone()).or_insert(0);
                    *e = (*e).max(w);
                }
                lines.push(line);
            }
            raw_pages.push(lines);
        }
    }
    if raw_pages.is_empty() {
        raw_pages.push(Vec::new());
    }
    let real_pages = raw_pages.len();

    // Lines with page-boundary marks: a page-number line also ends a (virtual) page.
    let counting = page_counting_offsets(&raw_pages);
    let mut blocks: Vec<Vec<String>> = Vec::new();
    let mut page_of_block: Vec<usize> = Vec::new();
    for (pi, lines) in raw_pages.into_iter().enumerate() {
        let mut current: Vec<String> = Vec::new();
        let n = lines.len();
        let first_text = lines.iter().position(|l| !l.is_empty());
        let last_text = lines.iter().rposition(|l| !l.is_empty());
        for (i, line) in lines.into_iter().enumerate() {
            if is_rule(&line) {
                continue;
            }
            let lone_number = (Some(i) == first_text || Some(i) == last_text)
                && lone_number_offset(&line, pi).is_some_and(|o| counting.contains(&o));
            if is_page_number(&line) || lone_number {
                if current.iter().any(|l| !l.is_empty()) {
                    blocks.push(std::mem::take(&mut current));
                    page_of_block.push(pi);
                }
                continue;
            }
            current.push(line);
            let _ = n;
        }
        blocks.push(current);
        page_of_block.push(pi);
    }
    drop_running_lines(&mut blocks);
    for block in blocks.iter_mut() {
        join_vertical_runs(block);
    }

    // Assemble, re-joining lines broken mid-sentence.
    let wrap = wrap_width(&blocks, &printed);
    let set_apart = wrap.is_some_and(|w| paragraphs_set_apart(&blocks, w, &printed));
    let mut text = String::new();
    let mut page_starts = vec![0usize; real_pages];
    let mut seen_page = vec![false; real_pages];
    // The last line not yet written, and the last physical line in it: whether the next
    // line continues it depends on where that line ended, not on the width of the
    // paragraph joined so far.
    let mut prev_line: Option<String> = None;
    let mut last_physical = String::new();
    let mut pending_page: Option<usize> = None;
    for (bi, block) in blocks.iter().enumerate() {
        let page = page_of_block[bi];
        if !seen_page[page] {
            seen_page[page] = true;
            pending_page = Some(page);
        }
        let mut after_break = bi > 0; // the first line of a block follows a page break
        for (li, line) in block.iter().enumerate() {
            if line.is_empty() {
                if let Some(p) = prev_line.take() {
                    push_line(&mut text, &p);
                }
                after_break = false;
                continue;
            }
            match prev_line.take() {
                Some(p)
                    if !signs_above_date(line, &block[li + 1..])
                        && joins(&last_physical, line, wrap, after_break, set_apart, &printed) =>
                {
                    prev_line = Some(join_pair(&p, line));
                }
                Some(p) => {
                    push_line(&mut text, &p);
                    if let Some(pg) = pending_page.take() {
                        page_starts[pg] = text.len();
                    }
                    prev_line = Some(line.clone());
                }
                None => {
                    if let Some(pg) = pending_page.take() {
                        page_starts[pg] = text.len();
                    }
                    prev_line = Some(line.clone());
                }
            }
            last_physical.clone_from(line);
            after_break = false;
        }
    }
    if let Some(p) = prev_line.take() {
        push_line(&mut text, &p);
    }
    // Pages that contributed no line start where the next one does.
    let mut next = text.len();
    for i in (0..real_pages).rev() {
        if seen_page[i] && (i == 0 || page_starts[i] > 0) {
            next = page_starts[i];
        } else if i > 0 {
            page_starts[i] = next;
        }
    }
    page_starts[0] = 0;
    for i in 1..real_pages {
        if page_starts[i] < page_starts[i - 1] {
            page_starts[i] = page_starts[i - 1];
        }
    }
    let key = simplified(&text);
    NormText {
        text,
        key,
        page_starts,
    }
}

/// A line that is a lone number of up to 4 digits, as that number minus `page` (0-based).
fn lone_number_offset(line: &str, page: usize) -> Option<i64> {
    (!line.is_empty() && line.len() <= 4 && line.chars().all(|c| c.is_ascii_digit()))
        .then(|| line.parse::<i64>().ok())
        .flatten()
        .map(|n| n - page as i64)
}

/// Offsets (number minus page index) at which lone numbers opening or closing pages count
/// the pages: shared by at least two pages. A lone number at a page edge is a page number
/// only at such an offset; otherwise it is text, such as a table cell that happens to
/// open or close a page.
fn page_counting_offsets(pages: &[Vec<String>]) -> Vec<i64> {
    let mut pages_at: HashMap<i64, usize> = HashMap::new();
    for (pi, lines) in pages.iter().enumerate() {
        let text: Vec<&String> = lines.iter().filter(|l| !l.is_empty()).collect();
        let mut offsets: Vec<i64> = [text.first(), text.last()]
            .into_iter()
            .flatten()
            .filter_map(|l| lone_number_offset(l, pi))
            .collect();
        offsets.dedup();
        for o in offsets {
            *pages_at.entry(o).or_default() += 1;
        }
    }
    pages_at
        .into_iter()
        .filter(|&(_, n)| n >= 2)
        .map(|(o, _)| o)
        .collect()
}

fn push_line(text: &mut String, line: &str) {
    text.push_str(line);
    text.push('\n');
}

/// The characters `fast2s` may change (a bit per code point below U+10000; it converts only
/// 3-byte characters): those it converts on their own, plus those it converts only next to
/// certain characters (its special cases: 藉口, 看著, 苧麻), so that a text with none of them
/// is returned as it is without the per-character table look-ups.
static CONVERTIBLE: LazyLock<Vec<u64>> = LazyLock::new(|| {
    const CONTEXT_ONLY: [char; 3] = ['藉', '著', '苧'];
    let chars: Vec<char> = (0x800..=0xFFFF).filter_map(char::from_u32).collect();
    let spaced: String = chars.iter().flat_map(|&c| [c, ' ']).collect();
    let converted = fast2s::convert(&spaced);
    let mut bits = vec![0u64; 0x10000 / 64];
    let mut mark = |c: char| bits[c as usize / 64] |= 1 << (c as usize % 64);
    for (c, d) in chars.iter().zip(converted.chars().step_by(2)) {
        if *c != d {
            mark(*c);
        }
    }
    CONTEXT_ONLY.into_iter().for_each(mark);
    bits
});

fn may_convert(c: char) -> bool {
    let u = c as usize;
    (0x800..0x10000).contains(&u) && CONVERTIBLE[u / 64] & (1 << (u % 64)) != 0
}

/// Converts traditional characters to simplified, keeping every byte offset: a character
/// is replaced only by one of the same UTF-8 length.
pub fn simplified(text: &str) -> String {
    if !text.chars().any(may_convert) {
        return text.to_string();
    }
    let converted = fast2s::convert(text);
    // fast2s converts only 3-byte characters, each to a 3-byte one (its in-place `replace`
    // relies on that), so equal lengths mean every offset is kept; the slow path below
    // guards against a table that breaks the rule.
    if converted.len() == text.len() {
        return converted;
    }
    text.chars()
        .zip(converted.chars().chain(std::iter::repeat('\0')))
        .map(|(a, b)| {
            if b != '\0' && a.len_utf8() == b.len_utf8() {
                b
            } else {
                a
            }
        })
        .collect()
}

/// Maps one character: spaces, full-width ASCII letters/digits, radicals, zero-width.
fn map_char(c: char) -> Option<char> {
    let u = c as u32;
    Some(match u {
        0x200B..=0x200D | 0xFEFF | 0x00AD => return None,
        0x3000 | 0x00A0 | 0x2002..=0x200A | 0x202F | 0x205F => ' ',
        0xFF10..=0xFF19 | 0xFF21..=0xFF3A | 0xFF41..=0xFF5A => {
            char::from_u32(u - 0xFEE0).unwrap_or(c)
        }
        0xFF0E => '.',
        0xFF05 => '%',
        0x2F00..=0x2FD5 => {
            use unicode_normalization::UnicodeNormalization;
            std::iter::once(c).nfkc().next().unwrap_or(c)
        }
        0x2E80..=0x2EF3 => radical_supplement(c),
        _ => c,
    })
}

/// CJK Radicals Supplement forms that PDF fonts emit for common ideographs (no NFKC form).
fn radical_supplement(c: char) -> char {
    match c {
        '⺁' => '厂',
        '⺇' => '几',
        '⺈' => '刀',
        '⺊' => '卜',
        '⺌' | '⺍' => '小',
        '⺎' | '⺏' => '兀',
        '⺐' => '尢',
        '⺓' => '幺',
        '⺕' => '彐',
        '⺠' => '民',
        '⺡' => '水',
        '⺢' => '水',
        '⺣' => '火',
        '⺤' | '⺥' => '爪',
        '⺦' => '丬',
        '⺧' => '牛',
        '⺩' => '王',
        '⺪' => '疋',
        '⺫' => '目',
        '⺬' | '⺭' => '示',
        '⺮' => '竹',
        '⺯' => '糸',
        '⺰' => '纟',
        '⺱' => '网',
        '⺷' => '羊',
        '⺸' => '羊',
        '⺹' => '老',
        '⺺' => '聿',
        '⺻' => '聿',
        '⺼' => '肉',
        '⺽' => '臼',
        '⺾' | '⺿' | '⻀' => '艸',
        '⻁' => '虎',
        '⻂' => '衣',
        '⻃' => '西',
        '⻄' => '西',
        '⻅' => '见',
        '⻆' => '角',
        '⻇' => '角',
        '⻈' => '讠',
        '⻉' => '贝',
        '⻋' => '车',
        '⻌' | '⻍' => '辶',
        '⻏' => '阝',
        '⻐' => '钅',
        '⻑' => '長',
        '⻒' => '镸',
        '⻓' => '长',
        '⻔' => '门',
        '⻘' => '青',
        '⻙' => '韦',
        '⻚' => '页',
        '⻛' => '风',
        '⻜' => '飞',
        '⻝' => '食',
        '⻠' => '饣',
        '⻢' => '马',
        '⻣' => '骨',
        '⻤' => '鬼',
        '⻥' => '鱼',
        '⻦' => '鸟',
        '⻧' => '卤',
        '⻨' => '麦',
        '⻩' => '黄',
        '⻬' => '齐',
        '⻮' => '齿',
        '⻰' => '龙',
        '⻳' => '龟',
        _ => c,
    }
}

/// Whether `c` is a CJK ideograph.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F | 0x3007)
}

/// Chinese (full-width) punctuation.
fn is_cjk_punct(c: char) -> bool {
    matches!(c as u32, 0x3001..=0x3003 | 0x3008..=0x3011 | 0x3014..=0x301F | 0xFF01..=0xFF0F | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF65 | 0x2018..=0x201F | 0x2026 | 0x2014)
}

/// One line: characters mapped, Markdown marks dropped, spaces normalized, trimmed.
fn clean_line(line: &str) -> String {
    let mapped: Cow<str> = if line.chars().all(|c| map_char(c) == Some(c)) {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(line.chars().filter_map(map_char).collect())
    };
    let mut s = mapped.trim();
    // Markdown heading marks and list bullets.
    // Heading marks, as many as there are ("# # (二)" → "(二)"), so that normalizing twice
    // gives the same text.
    loop {
        let hashes = s.chars().take_while(|&c| c == '#').count();
        if hashes > 0 && s[hashes..].starts_with(' ') {
            s = s[hashes..].trim_start();
        } else {
            break;
        }
    }
    let s: Cow<str> = if s.contains("**") {
        Cow::Owned(s.replace("**", ""))
    } else {
        Cow::Borrowed(s)
    };
    let s = pipe_row(s.trim());
    let s = unspace_label(s.trim());
    let s = s.trim();
    // Spaces: single spaces between CJK (or CJK and digits) are layout artefacts. Text
    // between runs of spaces and tabs is copied whole.
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut copied = 0;
    while let Some(gap) = bytes[copied..]
        .iter()
        .position(|&b| b == b' ' || b == b'\t')
    {
        let start = copied + gap;
        out.push_str(&s[copied..start]);
        let run = bytes[start..]
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let tab = bytes[start..start + run].contains(&b'\t');
        copied = start + run;
        let (Some(before), Some(after)) = (out.chars().next_back(), s[copied..].chars().next())
        else {
            continue;
        };
        if run >= 2 || tab {
            out.push_str("  ");
        } else if !(glued(before) || glued(after))
            || crate::sections::is_outline_number(&out)
            || matches!(out.as_str(), "-" | "*")
        {
            // The space after a decimal outline number ("3.1 主要成效") sets it apart from
            // a number in the text ("1.5亿元"), and the one after a Markdown bullet ("- 资金")
            // from a dash, so they are kept.
            out.push(' ');
        }
    }
    out.push_str(&s[copied..]);
    out
}

/// A Markdown pipe-table row `| 评价机构 | 某事务所 |` → cells separated by a tab (a field
/// separator); a `|---|---|` rule row → empty.
/// A row of a table drawn with box-drawing characters (`│部门（单位）名称│某局│`) is read
/// the same way, its vertical bars being cell borders.
/// A row written without the outer bars (`评价得分 | 等级`, as Markdown allows and as
/// tables pasted into plain text come out) is one too when every cell between its bars holds
/// text and none holds a sentence end.
fn pipe_row(s: &str) -> Cow<'_, str> {
    let bar = |c: char| matches!(c, '|' | '│' | '┃' | '║');
    if !(s.starts_with(bar) && s.ends_with(bar) && s.chars().count() > 2) {
        return bare_pipe_row(s);
    }
    let first = s.chars().next().map_or(0, char::len_utf8);
    let last = s.chars().next_back().map_or(0, char::len_utf8);
    let inner = &s[first..s.len() - last];
    if inner
        .chars()
        .all(|c| matches!(c, '|' | '-' | ':' | ' ' | '—') || is_box_drawing(c))
    {
        return Cow::Borrowed("");
    }
    Cow::Owned(
        inner
            .split(bar)
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\t"),
    )
}

/// A pipe-table row without outer bars: `项目名称 | 评价得分 | 等级` → cells separated by
/// a tab; its rule row `--- | ---` → empty. Text with a bar in prose is left alone.
fn bare_pipe_row(s: &str) -> Cow<'_, str> {
    if !s.contains(['|', '│']) {
        return Cow::Borrowed(s);
    }
    let parts: Vec<&str> = s.split(['|', '│']).map(str::trim).collect();
    if parts.len() < 2
        || parts
            .iter()
            .any(|p| p.is_empty() || p.contains(['。', '；']))
    {
        return Cow::Borrowed(s);
    }
    if parts
        .iter()
        .all(|p| p.chars().all(|c| matches!(c, '-' | ':' | '—' | ' ')))
    {
        return Cow::Borrowed("");
    }
    Cow::Owned(parts.join("\t"))
}

/// A box-drawing character (U+2500–U+257F: `─ │ ┌ ┼ ┘ ═ ║`), as text tables are drawn.
fn is_box_drawing(c: char) -> bool {
    ('\u{2500}'..='\u{257f}').contains(&c)
}

/// A label spaced out to align its colon with longer ones (`委  托  方：`, `评 价 机 构：`):
/// single ideographs set apart by spaces before the line's first colon are joined.
fn unspace_label(s: &str) -> Cow<'_, str> {
    let Some(colon) = s.find(['：', ':']) else {
        return Cow::Borrowed(s);
    };
    let head = &s[..colon];
    if !head.contains(' ') {
        return Cow::Borrowed(s);
    }
    let mut cells = head.split(' ').filter(|c| !c.is_empty());
    let spaced = cells.clone().count() >= 2
        && cells.all(|c| {
            let mut chars = c.chars();
            chars.next().is_some_and(is_cjk) && chars.next().is_none()
        });
    if !spaced {
        return Cow::Borrowed(s);
    }
    let joined: String = head.chars().filter(|&c| c != ' ').collect();
    Cow::Owned(format!("{joined}{}", &s[colon..]))
}

/// Characters next to which a single space is a layout artefact.
fn glued(c: char) -> bool {
    is_cjk(c) || is_cjk_punct(c)
}

/// A horizontal rule or page separator: `---`, `***`, `___`, `===`, or a border line of a
/// box-drawn table (`┌────┬────┐`, `├────┼────┤`).
fn is_rule(line: &str) -> bool {
    line.len() >= 3
        && line
            .chars()
            .all(|c| matches!(c, '-' | '*' | '_' | '=' | '—' | ' ') || is_box_drawing(c))
        && line.chars().any(|c| c != ' ')
}

/// A page-number line: `- 3 -`, `— 3 —`, `第3页`, `第 3 页 共 12 页`, `3/12`, `Page 3 of 12`.
fn is_page_number(line: &str) -> bool {
    // Every form has a digit and at most 16 other characters: most lines fail fast here.
    let mut visible = 0;
    for c in line.chars() {
        if !c.is_whitespace() {
            visible += 1;
            if visible > 16 {
                return false;
            }
        }
    }
    if !line.bytes().any(|b| b.is_ascii_digit()) {
        return false;
    }
    let s: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if s.is_empty() || s.chars().count() > 16 {
        return false;
    }
    let digits = |t: &str| !t.is_empty() && t.chars().all(|c| c.is_ascii_digit());
    let strip = |t: &str, a: &[char]| t.trim_matches(|c| a.contains(&c)).to_string();
    let dashed = strip(&s, &['-', '—', '–', '－', '_']);
    if dashed.len() < s.len() && digits(&dashed) {
        return true;
    }
    if let Some(rest) = s.strip_prefix('第') {
        if let Some((n, tail)) = rest.split_once('页') {
            if digits(n)
                && (tail.is_empty()
                    || tail
                        .strip_prefix('共')
                        .and_then(|t| t.strip_suffix('页'))
                        .is_some_and(digits))
            {
                return true;
            }
        }
    }
    if let Some((a, b)) = s.split_once('/') {
        if digits(a) && digits(b) && a.len() <= 3 && b.len() <= 3 {
            return true;
        }
    }
    let lower = s.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("page") {
        let n = rest.split("of").next().unwrap_or("");
        return digits(n);
    }
    false
}

/// Joins runs of one-character lines: a narrow table cell printed one character per line
/// (评 / 价 / 机 / 构 → 评价机构).
fn join_vertical_runs(lines: &mut Vec<String>) {
    let single = |l: &String| l.chars().count() == 1 && l.chars().all(is_cjk);
    let mut out: Vec<String> = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let mut j = i;
        while j < lines.len() && single(&lines[j]) {
            j += 1;
        }
        if j - i >= 2 {
            out.push(lines[i..j].concat());
            i = j;
        } else {
            out.push(std::mem::take(&mut lines[i]));
            i += 1;
        }
    }
    *lines = out;
}

/// Drops running headers and footers: a line that opens or closes at least two pages
/// (and half of them when there are many) is page furniture, not text; a line without
/// letters (an amount or code in a table cell) is not one. A page-number field
/// on the line (`http://…/report.html  3/30`, set apart by two spaces) does not count
/// towards the comparison.
fn drop_running_lines(blocks: &mut [Vec<String>]) {
    if blocks.len() < 2 {
        return;
    }
    // Counted per edge: a header repeats at the top of pages, a footer at the bottom. A
    // letterhead on the first page's top and the same name signing the last page's bottom
    // is no running line.
    let mut counts: HashMap<(bool, String), usize> = HashMap::new();
    for block in blocks.iter() {
        let mut seen: Vec<(bool, String)> = Vec::new();
        for (bottom, i) in edge_lines(block, false) {
            let l = running_key(&block[i]);
            let key = (bottom, l);
            if !seen.contains(&key)
                && key.1.chars().count() <= 60
                && key.1.chars().any(char::is_alphabetic)
            {
                *counts.entry(key.clone()).or_default() += 1;
                seen.push(key);
            }
        }
    }
    // Pages with text: a page-number line ending a page leaves an empty block behind it.
    let pages = blocks
        .iter()
        .filter(|b| b.iter().any(|l| !l.is_empty()))
        .count();
    let need = 2.max(pages / 2);
    for block in blocks.iter_mut() {
        let mut drop: Vec<usize> = edge_lines(block, true)
            .into_iter()
            .filter(|&(bottom, i)| {
                counts
                    .get(&(bottom, running_key(&block[i])))
                    .is_some_and(|&n| n >= need)
            })
            .map(|(_, i)| i)
            .collect();
        drop.sort_unstable();
        drop.dedup();
        for i in drop.into_iter().rev() {
            block.remove(i);
        }
    }
}

/// A line as compared across pages for running headers: without its page-number fields
/// (fields are set apart by two spaces), unless that would leave nothing.
fn running_key(line: &str) -> String {
    if !line.contains("  ") {
        return line.to_string();
    }
    let kept: Vec<&str> = line
        .split("  ")
        .filter(|f| !f.trim().is_empty() && !is_page_number(f))
        .collect();
    if kept.is_empty() {
        line.to_string()
    } else {
        kept.join("  ")
    }
}

/// A line that is only a date: 2023年7月20日, 2024年5月, 二〇二二年十月.
fn is_date_line(line: &str) -> bool {
    let l: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let Some((year, rest)) = l.split_once('年') else {
        return false;
    };
    let numeral = |c: char| c.is_ascii_digit() || "〇零一二三四五六七八九十O".contains(c);
    year.chars().count() == 4
        && year.chars().all(numeral)
        && (rest.ends_with('月') || rest.ends_with('日'))
        && rest
            .trim_end_matches(['月', '日'])
            .chars()
            .all(|c| numeral(c) || c == '月')
}

/// The first two and last two non-empty lines of a page: (at the bottom, index).
/// A name just above a date line signs the report, and never counts as a running line
/// (a letter's last page may hold only its signature, under the same name as its
/// letterhead); with `above_date`, such a line is listed all the same, to be dropped when
/// it repeats on other pages enough to be a running header on its own (a last page that
/// holds only the running header and the date under a signature on the page before).
fn edge_lines(block: &[String], above_date: bool) -> Vec<(bool, usize)> {
    let text: Vec<usize> = (0..block.len()).filter(|&i| !block[i].is_empty()).collect();
    let mut out: Vec<(bool, usize)> = text.iter().take(2).map(|&i| (false, i)).collect();
    out.extend(text.iter().rev().take(2).map(|&i| (true, i)));
    if above_date {
        return out;
    }
    out.retain(|&(_, i)| {
        !text
            .iter()
            .find(|&&j| j > i)
            .is_some_and(|&j| is_date_line(&block[j]))
    });
    out
}

/// Display width: CJK and full-width characters count 2, others 1.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 })
        .sum()
}

/// Printed widths of cleaned lines that cleaning made narrower, by line.
type Printed = std::collections::HashMap<String, usize>;

/// The width `line` was printed at (as it came, before full-width characters became ASCII).
fn printed_width(line: &str, printed: &Printed) -> usize {
    printed.get(line).copied().unwrap_or_else(|| width(line))
}

/// The width at which the document's lines are hard-wrapped, if they are: many lines
/// reaching the same maximum width. Only prose lines count: table rows (cells set apart by
/// two spaces or a tab) have widths of their own, and a table-heavy page would otherwise
/// hide the margin its paragraphs wrap at.
fn wrap_width(blocks: &[Vec<String>], printed: &Printed) -> Option<usize> {
    let mut widths: Vec<usize> = blocks
        .iter()
        .flatten()
        .filter(|l| !l.is_empty() && !l.contains("  ") && !l.contains('\t'))
        .map(|l| printed_width(l, printed))
        .collect();
    if widths.len() < 8 {
        return None;
    }
    widths.sort_unstable();
    let w = widths[widths.len() * 9 / 10];
    if w < 30 {
        return None;
    }
    let near = widths.iter().filter(|&&x| x + 6 >= w && x <= w + 4).count();
    let long = widths.iter().filter(|&&x| x >= 20).count();
    (near >= 3 && near * 10 >= long).then_some(w)
}

/// Sentence-final punctuation: a line ending in one ends its paragraph.
fn ends_sentence(line: &str) -> bool {
    // An ASCII full stop ends a sentence after a word, not after a digit (a decimal point).
    let mut tail = line.chars().rev();
    if tail.next() == Some('.') && tail.next().is_some_and(|c| !c.is_ascii_digit()) {
        return true;
    }
    line.ends_with([
        '。', '；', ';', '！', '？', '!', '?', '：', ':', '”', '」', '）', ')',
    ])
}

/// A document number line (发文字号) such as "白财绩函〔2023〕15号": a bracketed year
/// followed by a serial number, never part of a title.
pub(crate) fn is_document_number(line: &str) -> bool {
    let Some(body) = line.strip_suffix('号') else {
        return false;
    };
    let Some(close) = body.rfind(['〕', ']', '】', '］']) else {
        return false;
    };
    let serial = &body[close..].chars().skip(1).collect::<String>();
    let year: String = body[..close]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    year.len() == 4 && !serial.is_empty() && serial.chars().all(|c| c.is_ascii_digit())
}

/// Whether the document sets its paragraphs apart with blank lines (a text file's, or a
/// PDF page's paragraph spacing): the lines that end a paragraph (a sentence end well short
/// of the wrap margin `wrap`) are followed by a blank line, hardly ever (one in ten) by the
/// next line of prose (a line reaching the margin or ending a sentence: a short line such as
/// a signature below the last paragraph is no paragraph of prose). Then a line ending a sentence at the margin with prose right below
/// it wrapped there; the paragraph goes on.
fn paragraphs_set_apart(blocks: &[Vec<String>], wrap: usize, printed: &Printed) -> bool {
    let (mut blank, mut direct) = (0usize, 0usize);
    for block in blocks {
        for (i, line) in block.iter().enumerate() {
            if line.is_empty()
                || !ends_sentence(line)
                || is_cells(line)
                || printed_width(line, printed) + 8 >= wrap
            {
                continue;
            }
            match block.get(i + 1) {
                Some(next) if next.is_empty() => blank += 1,
                Some(next)
                    if !(opens_item(next) || is_cells(next) || is_date_line(next))
                        && (ends_sentence(next) || printed_width(next, printed) + 8 >= wrap) =>
                {
                    direct += 1
                }
                _ => {}
            }
        }
    }
    blank >= 3 && direct * 10 <= blank
}

/// Whether `line` is a short name without punctuation right above a date line (`rest` are
/// the lines after it): the signature of a letter or report ("罗山市财政局" over
/// "二〇二三年十二月八日"), which never continues the line above it, however wide that is.
fn signs_above_date(line: &str, rest: &[String]) -> bool {
    line.chars().count() <= 30
        && !line.contains(['，', '。', '；', '：', ',', ';', ':'])
        && rest
            .iter()
            .find(|l| !l.is_empty())
            .is_some_and(|l| is_date_line(l))
}

/// A table row: cells set apart by two spaces or a tab.
fn is_cells(line: &str) -> bool {
    line.contains("  ") || line.contains('\t')
}

/// Whether line `next` continues `prev` (a line broken mid-sentence). A line ending a
/// sentence ends its paragraph, unless paragraphs are `set_apart` by blank lines and it
/// reached the margin (not across a page break: nothing sets a paragraph apart there).
fn joins(
    prev: &str,
    next: &str,
    wrap: Option<usize>,
    after_page_break: bool,
    set_apart: bool,
    printed: &Printed,
) -> bool {
    let sentence_end = ends_sentence(prev);
    if (sentence_end && (!set_apart || after_page_break))
        || opens_item(next)
        || is_document_number(next)
        || is_date_line(next)
        || next.contains("  ")
        || prev.contains("  ")
        || is_toc_heading(next)
        || (opens_with_label(prev) && opens_with_label(next))
    {
        return false;
    }
    let first = next.chars().next().unwrap_or(' ');
    if !(is_cjk(first)
        || first.is_ascii_digit()
        || matches!(
            first,
            '，' | '、' | '。' | '；' | '%' | '）' | '”' | '（' | '(' | '“' | '《' | '—' | '～'
        ))
    {
        return false;
    }
    if after_page_break {
        return printed_width(prev, printed) >= 40;
    }
    // A run of digits or letters opening `next` (97.8%) moved down whole when it did not
    // fit at the end of `prev`, leaving that much room.
    let run: usize = next
        .chars()
        .take_while(|c| c.is_ascii_graphic())
        .take(16)
        .map(|c| width(c.encode_utf8(&mut [0; 4])))
        .sum();
    // The slack allows for proportional glyphs and a paragraph's first-line indent (2 em).
    match wrap {
        Some(w) => printed_width(prev, printed) + run + 8 >= w,
        None => false,
    }
}

/// Whether a line opens with a short label and a colon (`评价委托单位：某县财政局`,
/// `项目实施单位（盖章）：…`): a header block's rows, one label a line, are never a paragraph
/// wrapped at the margin, whatever their widths.
fn opens_with_label(line: &str) -> bool {
    let Some(colon) = line.find(['：', ':']) else {
        return false;
    };
    let label = line[..colon].trim();
    let n = label.chars().count();
    (2..=12).contains(&n)
        && label
            .chars()
            .all(|c| is_cjk(c) || matches!(c, '（' | '）' | '(' | ')' | ' '))
}

/// The heading of a table of contents (目录, also spaced out as 目  录).
pub const TOC_HEADING: &str = "目录";

/// Whether `line` is the heading of a table of contents.
pub fn is_toc_heading(line: &str) -> bool {
    line.len() <= 32
        && line
            .chars()
            .filter(|c| !c.is_whitespace())
            .eq(TOC_HEADING.chars())
}

fn join_pair(prev: &str, next: &str) -> String {
    let a = prev.chars().last().unwrap_or(' ');
    let b = next.chars().next().unwrap_or(' ');
    if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() {
        format!("{prev} {next}")
    } else {
        format!("{prev}{next}")
    }
}

/// Whether a line opens an item: a number with text after it. A wrapped line may begin
/// with what reads like a number ("一." ending "服务内容单一."), but then nothing follows;
/// and a lone number and a space ("2 个标段…", also a chapter number "2 评价结论") does not
/// keep a wrapped line from rejoining.
fn opens_item(line: &str) -> bool {
    crate::sections::parse_marker(line).is_some_and(|m| {
        m.kind != crate::sections::MarkerKind::OutlineChapter
            && line[m.len..].chars().any(|c| c.is_alphanumeric())
    })
}

/// Rewrites HTML table markup inside text: `</tr>` → line break, `</td>` → tab, other tags
/// removed.
fn flatten_html_tables(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let Some(j) = rest[i..].find('>') else {
            out.push_str(&rest[i..]);
            return out;
        };
        let tag = rest[i + 1..i + j].trim().to_ascii_lowercase();
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        match name.as_str() {
            "tr" | "br" | "p" | "div" | "table" if tag.starts_with('/') || name == "br" => {
                out.push('\n')
            }
            "td" | "th" if tag.starts_with('/') => out.push('\t'),
            "td" | "th" | "tr" | "table" | "tbody" | "thead" | "p" | "div" | "span" | "b"
            | "strong" | "i" | "em" | "font" | "colgroup" | "col" => {}
            _ => out.push_str(&rest[i..i + j + 1]),
        }
        rest = &rest[i + j + 1..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplified_matches_fast2s_including_its_context_only_cases() {
        for text in [
            "績效評價報告：資金撥付不及時，專項資金結餘較大。",
            "以此為藉口；憑藉經驗；看著辦；苧麻種植；計畫與企畫；闔家；乾隆年間；答覆",
            "绩效评价报告（已是简体）2023年度 ABC",
            "",
        ] {
            assert_eq!(simplified(text), fast2s::convert(text), "{text}");
        }
        // Text with no convertible character takes the fast path and is unchanged.
        assert!(!"绩效评价报告看口麻".chars().any(may_convert));
        assert!("著".chars().all(may_convert) && "評".chars().all(may_convert));
    }

    fn norm(s: &str) -> String {
        normalize_pages(&[s.to_string()]).text
    }

    #[test]
    fn full_width_digits_and_cjk_spaces() {
        assert_eq!(
            norm("评价分值　８１．４１分\n2023 年度 部门 整体 支出"),
            "评价分值81.41分\n2023年度部门整体支出\n"
        );
    }

    #[test]
    fn header_rows_of_labels_are_not_rejoined_as_wrapped_lines() {
        // Lines of one width read as hard-wrapped prose; label rows still stay apart.
        let mut text = String::new();
        for _ in 0..10 {
            text.push_str("本项目由县财政局组织实施，资金主要用于补助各乡镇养老服务设施运营。\n");
        }
        text.push_str(
            "项目实施单位（盖章）：某县社会福利中心和某县养老服务指导中心\n评价委托单位：某县财政局\n",
        );
        let t = norm(&text);
        assert!(t.ends_with("指导中心\n评价委托单位：某县财政局\n"), "{t}");
    }

    #[test]
    fn spaced_out_labels_are_joined() {
        let n = normalize_pages(&[
            "委  托  方：某县财政局\n评 价 机 构：某某事务所\n甲  乙  丙\n一、 概况：略"
                .to_string(),
        ]);
        assert_eq!(
            n.text,
            "委托方：某县财政局\n评价机构：某某事务所\n甲  乙  丙\n一、概况：略\n"
        );
    }

    #[test]
    fn two_spaces_separate_fields() {
        assert_eq!(
            norm("项目单位：甲局    委托单位：乙局"),
            "项目单位：甲局  委托单位：乙局\n"
        );
    }

    #[test]
    fn radicals_become_ideographs() {
        assert_eq!(norm("⽀出⻔类⽬录"), "支出门类目录\n");
    }

    #[test]
    fn page_numbers_and_running_headers_are_dropped() {
        let text = "标题\n正文第一段。\n- 1 -\n某某报告\n正文第二段。\n- 2 -\n某某报告\n正文第三段。\n第3页 共3页\n";
        assert_eq!(
            norm(text),
            "标题\n正文第一段。\n正文第二段。\n正文第三段。\n"
        );
    }

    #[test]
    fn lone_numbers_at_page_edges_are_page_numbers_only_when_they_count_pages() {
        let pages: Vec<String> = (1..=3).map(|n| format!("正文第{n}段。\n{n}\n")).collect();
        assert_eq!(
            normalize_pages(&pages).text,
            "正文第1段。\n正文第2段。\n正文第3段。\n"
        );
        // Table cells (codes, amounts) one per line that happen to open or close a page.
        let pages = [
            "科目\n201\n0".to_string(),
            "201\n一般公共服务支出\n0".to_string(),
        ];
        assert_eq!(
            normalize_pages(&pages).text,
            "科目\n201\n0\n201\n一般公共服务支出\n0\n"
        );
    }

    #[test]
    fn running_footers_with_their_page_number_are_dropped() {
        let pages: Vec<String> = (1..=3)
            .map(|n| format!("正文第{n}段。\nhttp://example.org/report.html  {n}/3\n"))
            .collect();
        assert_eq!(
            normalize_pages(&pages).text,
            "正文第1段。\n正文第2段。\n正文第3段。\n"
        );
        // A repeated edge line whose numbers are not page numbers stays.
        let pages: Vec<String> = (1..=3)
            .map(|n| format!("合计  {n}00\n正文第{n}段。\n"))
            .collect();
        assert!(normalize_pages(&pages).text.contains("合计  200"));
    }

    #[test]
    fn sentence_broken_across_page_break_is_rejoined() {
        let text = "第一段的内容很长很长很长很长很长很长很长很长，一直写到了页面的最末尾也没有结束而是在下一页继续写实施能力\n- 3 -\n不强。\n";
        assert_eq!(norm(text), "第一段的内容很长很长很长很长很长很长很长很长，一直写到了页面的最末尾也没有结束而是在下一页继续写实施能力不强。\n");
    }

    #[test]
    fn a_letterhead_signing_the_last_page_is_no_running_header() {
        let pages = [
            "白沙区财政局\n白财绩函〔2023〕15号\n关于某经费绩效评价结果的反馈函\n正文。\n"
                .to_string(),
            "白沙区财政局\n2023年7月20日\n".to_string(),
        ];
        let text = normalize_pages(&pages).text;
        assert!(text.starts_with("白沙区财政局\n白财绩函"), "{text}");
        assert!(text.ends_with("白沙区财政局\n2023年7月20日\n"), "{text}");
        // A name heading every page is still a running header.
        let pages = [
            "某某报告\n正文一。\n",
            "某某报告\n正文二。\n",
            "某某报告\n正文三。\n",
        ]
        .map(str::to_string);
        assert_eq!(
            normalize_pages(&pages).text,
            "正文一。\n正文二。\n正文三。\n"
        );
    }

    #[test]
    fn a_running_header_above_the_closing_date_is_still_a_running_header() {
        // Printed from Word: the title heads every page, each page ends with its number,
        // and the last page holds only the header and the date under the signature.
        let header = "云溪区教育局2023年度学生营养改善计划项目支出绩效自评报告";
        let pages = [
            format!("{header}\n正文一。\n- 1 -\n"),
            format!("{header}\n正文二。\n云溪区教育局\n- 2 -\n"),
            format!("{header}\n2024年3月15日\n- 3 -\n"),
        ];
        assert_eq!(
            normalize_pages(&pages).text,
            "正文一。\n正文二。\n云溪区教育局\n2024年3月15日\n"
        );
    }

    #[test]
    fn a_line_continues_only_a_physical_line_that_reaches_the_margin() {
        // Lines wrap at 80. A field line as wide as the margin takes the short line after
        // it (the wrap cannot tell), but the table cells after that stay lines of their own:
        // what counts is where the last printed line ended, not the joined paragraph.
        let wide = "一二三四五六七八九十".repeat(4);
        let mut text = format!("{wide}\n继续。\n").repeat(4);
        text += &format!(
            "评价项目：{}\n评价组织机构\n石湖市财政局\n项目主管部门\n",
            &wide[15..]
        );
        let out = norm(&text);
        assert!(out.ends_with("\n石湖市财政局\n项目主管部门\n"), "{out}");
    }

    #[test]
    fn a_number_that_did_not_fit_and_a_document_number_wrap_as_printed() {
        // Lines wrap at 80: a paragraph's run of digits moves down whole ("97.8%。"), a title
        // as wide as the margin is followed by its document number, not continued by it.
        let wide = "一二三四五六七八九十".repeat(4);
        let short = &wide[..wide.len() - 4 * 3];
        let text = format!(
            "{wide}\n继续。\n{wide}\n继续。\n{short}\n97.8%。\n{wide}关于\n枫财绩〔2023〕15号\n"
        );
        let out = norm(&text);
        assert!(out.contains(&format!("{short}97.8%。\n")), "{out}");
        assert!(out.contains("关于\n枫财绩〔2023〕15号"), "{out}");
    }

    #[test]
    fn ascii_full_stops_end_sentences_and_a_bare_number_continues_a_line() {
        let wide = "一二三四五六七八九十".repeat(4);
        let text = format!(
            "{wide}\n继续.\n{wide}\n继续.\n{}服务内容单\n一.\n资料齐全.\n\u{c}某县局\n二〇二四年二月二十日\n",
            &wide[..wide.len() - "六七八九十".len()]
        );
        let out = norm(&text);
        assert!(out.contains("服务内容单一.\n"), "{out}");
        // After a page break, a sentence ended by "." is not continued by the signature,
        // and a date line never continues the line above.
        assert!(
            out.ends_with("资料齐全.\n某县局\n二〇二四年二月二十日\n"),
            "{out}"
        );
    }

    #[test]
    fn lines_wrapped_among_table_rows_rejoin() {
        // A short report page: three wrapped paragraphs, many table rows (cells two spaces
        // apart) and short headings. The rows say nothing of the margin the prose wraps at.
        let wrapped = "为巩固农村饮水安全成果，云溪县自2021年起实施农村饮水安全巩固提升工程，三年累计安排资金6820万";
        let mut text =
            format!("一、项目基本情况\n{wrapped}\n元，其中中央补助3200万元。\n二、主要绩效\n");
        // An item line as wide: its marker takes the place of three ideographs.
        text += &format!("（一）{}\n公里。\n", &wrapped["为巩固".len()..]);
        text += &format!("{wrapped}\n继续。\n三、评分\n");
        for i in 0..20 {
            text += &format!("过程  资金管理  资金到位率指标{i}  8  5  县级配套资金到位率低\n");
        }
        let out = norm(&text);
        assert!(out.contains(&format!("{wrapped}元，其中")), "{out}");
        assert!(out.contains("6820万公里。"), "{out}");
        assert!(out.contains("\n二、主要绩效\n"), "{out}");
    }

    #[test]
    fn a_paragraph_wrapped_at_a_sentence_end_goes_on_where_blank_lines_set_paragraphs_apart() {
        // 30 ideographs a line; the first paragraph wraps right after a full stop.
        let full = "项目资金主要用于全区公租房小区的日常维修和物业管理补助预算执行率高。";
        let wrap = "下一句仍在同一段落中。";
        let body = "这一段只有一行所以在页边之前就结束了。";
        let mut text = format!("一、项目基本情况\n\n{full}\n{wrap}\n\n");
        for mark in ["甲", "乙", "丙", "丁"] {
            // Distinct lines: a line repeated at page edges would be a running header.
            let line = format!("{mark}{}", &full[mark.len()..]);
            text += &format!("{line}\n{line}\n{body}\n\n");
        }
        let out = norm(&text);
        assert!(out.contains(&format!("\n{full}{wrap}\n")), "{out}");
        // A signature right below the last paragraph is no paragraph of prose.
        let signed = format!("{}\n某某县财政局\n", text.trim_end());
        let out = norm(&signed);
        assert!(out.contains(&format!("\n{full}{wrap}\n")), "{out}");
        // Without blank lines between paragraphs, a line ending a sentence ends its paragraph.
        let out = norm(&text.replace("\n\n", "\n"));
        assert!(out.contains(&format!("\n{full}\n{wrap}\n")), "{out}");
        // Nor across a page break, where nothing would set a new paragraph apart.
        let out =
            norm(&text.replacen(&format!("{full}\n{wrap}"), &format!("{full}\u{c}{wrap}"), 1));
        assert!(out.contains(&format!("\n{full}\n{wrap}\n")), "{out}");
    }

    #[test]
    fn a_line_of_full_width_digits_reaching_the_margin_wraps() {
        // 33 ideographs a line (66 columns); the digit line is 62 wide when printed with
        // full-width digits, 8 columns narrower once they are ASCII.
        let full = "项目资金主要用于全区公租房小区的日常维修和物业管理补助预算执行率高";
        let mut text = String::new();
        for mark in ["甲", "乙", "丙", "丁"] {
            let line = format!("{mark}{}", &full[mark.len()..]);
            text += &format!("{line}\n{line}。\n\n");
        }
        text += "部门预算收入合计１８６５２．４７万元其中一般公共预算拨款为政府\n基金预算拨款三千万元。\n";
        let out = norm(&text);
        assert!(
            out.contains("合计18652.47万元其中一般公共预算拨款为政府基金预算拨款三千万元。"),
            "{out}"
        );
    }

    #[test]
    fn a_signature_above_the_date_never_continues_the_line_above() {
        let line = "附件：某市二〇二二年度公共体育场馆免费低收费开放补助资金绩效评价报告";
        let mut text = String::new();
        for _ in 0..4 {
            text += &format!("{line}\n继续。\n");
        }
        text += &format!("{line}\n某市财政局\n二〇二三年十二月八日\n");
        let out = norm(&text);
        assert!(
            out.ends_with(&format!("{line}\n某市财政局\n二〇二三年十二月八日\n")),
            "{out}"
        );
        assert!(out.starts_with(&format!("{line}继续。\n")), "{out}");
    }

    #[test]
    fn a_wrapped_line_may_open_with_a_bracket_a_dash_or_a_title_mark() {
        let line = "为十二家乡镇卫生院配置彩超和全自动生化分析仪等设备四十六台";
        let mut text = format!("{line}\n（套），达标率明显提高。\n");
        for _ in 0..4 {
            text += &format!("{line}\n继续。\n");
        }
        text += &format!("{line}\n（一）人员超编。\n");
        text += &format!("{line}\n—99周岁每人每月300元。\n");
        text += &format!("{line}\n《实施办法》要求。\n");
        let out = norm(&text);
        assert!(out.contains(&format!("{line}（套），达标率")), "{out}");
        // Or with a dash (a range 90—99 broken before it) or a book title mark.
        assert!(out.contains(&format!("{line}—99周岁")), "{out}");
        assert!(out.contains(&format!("{line}《实施办法》")), "{out}");
        assert!(out.contains("\n（一）人员超编。"), "{out}");
    }

    #[test]
    fn hard_wrapped_lines_rejoin_but_items_stay() {
        let line = "这是一行被硬换行的文字内容这是一行被硬换行的文字内容这是一行被";
        let text = format!("{line}\n继续的文字。\n{line}\n继续。\n{line}\n再继续。\n（一）人员超编\n{line}\n结束。\n短行\n");
        let out = norm(&text);
        assert!(out.contains(&format!("{line}继续的文字。\n")), "{out}");
        assert!(out.contains("\n（一）人员超编\n"), "{out}");
    }

    #[test]
    fn pages_have_offsets() {
        let t = normalize_pages(&["第一页。".to_string(), "第二页。".to_string()]);
        assert_eq!(t.text, "第一页。\n第二页。\n");
        assert_eq!(t.page_of(0), 1);
        assert_eq!(t.page_of("第一页。\n".len()), 2);
    }

    #[test]
    fn key_is_simplified_and_aligned() {
        let t = normalize_pages(&["績效評價報告存在的問題".to_string()]);
        assert_eq!(t.key, "绩效评价报告存在的问题\n");
        assert_eq!(t.key.len(), t.text.len());
    }

    #[test]
    fn one_character_lines_are_joined() {
        assert_eq!(
            norm("评\n价\n机\n构\n景德镇事务所\n良\n"),
            "评价机构\n景德镇事务所\n良\n"
        );
    }

    #[test]
    fn markdown_pipe_tables_become_cells() {
        assert_eq!(
            norm("| 评价机构 | 某某事务所 |\n|---|---|\n| 合计 | 100 |"),
            "评价机构  某某事务所\n合计  100\n"
        );
    }

    #[test]
    fn pipe_rows_without_outer_bars_become_cells() {
        assert_eq!(
            norm("项目名称 | 评价得分 | 等级\n--- | --- | ---\n某专项资金 | 83.6 | 良\n"),
            "项目名称  评价得分  等级\n某专项资金  83.6  良\n"
        );
        // A bar in prose, or an empty cell, makes no row.
        assert_eq!(norm("甲|乙。丙\n"), "甲|乙。丙\n");
        assert!(norm("甲 | \n").contains('|'));
    }

    #[test]
    fn box_drawn_tables_become_cells() {
        assert_eq!(
            norm("┌──────┬──────┐\n│部门（单位）名称│某市住房和城乡建设局  │\n├──────┼──────┤\n│评价年度  │22年度│\n└──────┴──────┘"),
            "部门（单位）名称  某市住房和城乡建设局\n评价年度  22年度\n"
        );
    }

    #[test]
    fn html_tables_become_lines() {
        assert_eq!(
            norm("<table><tr><td>合计</td><td>100</td><td>83.60</td></tr></table>"),
            "合计  100  83.60\n"
        );
    }
}
