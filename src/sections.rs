//! Stage 3, sections: logical lines, numbering markers, headings and the spans they govern.
//!
//! Reports number their parts in a fixed hierarchy (GB/T 9704 党政机关公文格式, and every
//! evaluation template that follows it): `一、` › `（一）` › `1.` / `1、` › `（1）` › `①`,
//! with `第一，` and inline `一是…二是…` for lists inside a paragraph. Consulting firms also
//! number decimally (`1 项目概况` › `3.1 …` › `3.1.2 …`), and lists may be bulleted (`●`,
//! `- `). A heading is a line whose text after its number starts with a heading phrase of
//! `dictionaries/sections.toml` (or, unnumbered, is such a phrase). A section runs until the next heading of the same or
//! a higher level; the innermost known kind governs each line.

use crate::dictionaries::SectionHeadings;
use crate::normalize::NormText;

/// Section kinds that extraction cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SectionKind {
    /// 项目基本情况.
    Summary,
    /// 主要绩效 / 主要成效.
    Achievements,
    /// 存在的问题.
    Problems,
    /// 建议 / 改进措施.
    Suggestions,
    /// 问题与建议 combined.
    ProblemsAndSuggestions,
    /// Any other known part (评价结论, 指标分析, …).
    Other,
}

/// Kinds of numbering marker, from the outermost level to the innermost.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MarkerKind {
    /// `第一部分` `第一章` `第一篇`
    Part,
    /// `第一节`: a section inside a `第一章` chapter, above the `一、` items.
    PartSection,
    /// `一、` `二．`
    Chapter,
    /// `（一）` `(一)`
    ParenChinese,
    /// `【问题一】` `问题一：` `建议1、`: a numbered item named by its kind.
    Named,
    /// `第一，` `第二、`
    Ordinal,
    /// `1.` `1、` `1)` `1．`
    Arabic,
    /// `（1）` `(1)`
    ParenArabic,
    /// `①`
    Circled,
    /// `一是` `二是`
    Inline,
    /// `1 项目概况`: a decimal outline chapter (number, space, heading), as consulting
    /// firms number reports.
    OutlineChapter,
    /// `3.1 主要成效`: a decimal outline section.
    OutlineSection,
    /// `3.1.2 资金到位`: a decimal outline subsection.
    OutlineSubsection,
    /// `● ` `• ` `■ ` `- `: a bullet, an item without a number.
    Bullet,
}

impl MarkerKind {
    /// Nesting level: 1 for `第一部分`, 2 for `第一节`, 3 for `一、` … 8 for `一是`.
    pub fn level(self) -> u8 {
        match self {
            MarkerKind::Part => 1,
            MarkerKind::PartSection => 2,
            MarkerKind::Chapter => 3,
            MarkerKind::ParenChinese | MarkerKind::Named => 4,
            MarkerKind::Ordinal => 5,
            MarkerKind::Arabic => 5,
            MarkerKind::ParenArabic => 6,
            MarkerKind::Circled => 7,
            MarkerKind::Inline => 8,
            MarkerKind::OutlineChapter => 3,
            MarkerKind::OutlineSection => 4,
            MarkerKind::OutlineSubsection => 5,
            MarkerKind::Bullet => 7,
        }
    }

    /// The level of `（一）` headings: a heading at this level or above may run into its
    /// text.
    pub const RUN_ON_LEVEL: u8 = 4;
}

/// A numbering marker at the start of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Marker {
    /// Its style.
    pub kind: MarkerKind,
    /// Its number (一 = 1).
    pub number: u32,
    /// Its length in bytes, separator included.
    pub len: usize,
}

/// Parses a Chinese numeral 一…九十九 (also 〇/零 forms are not numbering).
pub fn chinese_number(s: &str) -> Option<(u32, usize)> {
    let digit = |c: char| "零一二三四五六七八九".find(c).map(|i| (i / 3) as u32);
    let mut chars = s.char_indices().peekable();
    let mut value = 0u32;
    let mut len = 0usize;
    let mut seen = false;
    while let Some(&(i, c)) = chars.peek() {
        if c == '十' {
            value = if seen { value * 10 } else { 10 };
            seen = true;
        } else if let Some(d) = digit(c) {
            if seen && value >= 10 && value % 10 == 0 {
                value += d;
            } else if !seen {
                value = d;
            } else {
                break;
            }
            seen = true;
        } else {
            break;
        }
        len = i + c.len_utf8();
        chars.next();
        if len >= 9 {
            break;
        }
    }
    (seen && value > 0).then_some((value, len))
}

/// "一、二、三届": a numeral list, not a heading number.
fn enumeration_follows(rest: &str) -> bool {
    chinese_number(rest).is_some_and(|(_, l)| {
        rest[l..].starts_with([
            '、', '，', '届', '次', '年', '个', '项', '类', '级', '等', '批', '至', '到',
        ])
    })
}

/// Item words that name a numbered item: 问题一：, 【建议二】.
const ITEM_WORDS: [&str; 5] = ["问题", "建议", "意见", "成效", "措施"];

/// `【问题一】`, `问题一：`, `问题1.`, `建议二、`.
fn named_marker(line: &str) -> Option<Marker> {
    let (open, rest) = match line.strip_prefix('【') {
        Some(r) => ('【'.len_utf8(), r),
        None => (0, line),
    };
    let word = ITEM_WORDS.iter().find(|w| rest.starts_with(**w))?;
    let rest = &rest[word.len()..];
    let (n, l) = match chinese_number(rest) {
        Some(x) => x,
        None => {
            let d = rest.bytes().take_while(u8::is_ascii_digit).count();
            ((1..=2).contains(&d)).then(|| (rest[..d].parse().unwrap_or(0), d))?
        }
    };
    let after = &rest[l..];
    let close = if open > 0 {
        after.strip_prefix('】').map(|_| '】'.len_utf8())?
    } else {
        let c = after.chars().next()?;
        if !matches!(c, '：' | ':' | '、' | '.' | '．' | '，' | ' ') {
            return None;
        }
        c.len_utf8()
    };
    let after_close = &after[close..];
    let gap = after_close.len() - after_close.trim_start_matches([' ', '：', ':']).len();
    Some(Marker {
        kind: MarkerKind::Named,
        number: n,
        len: open + word.len() + l + close + gap,
    })
}

/// A decimal outline number alone: `3`, `3.1`, `3.1.2`. Chapters run to 20 at most and
/// sections to 30, without leading zeros: "85.5" (a score) and "3.05" are numbers.
pub fn is_outline_number(s: &str) -> bool {
    let groups: Vec<&str> = s.split('.').collect();
    groups.len() <= 3
        && groups.iter().enumerate().all(|(i, g)| {
            !g.is_empty()
                && g.bytes().all(|b| b.is_ascii_digit())
                && !g.starts_with('0')
                && g.parse::<u32>()
                    .is_ok_and(|n| n <= if i == 0 { 20 } else { 30 })
        })
}

/// A decimal outline number of one to three groups of one or two digits, then one space
/// and an ideograph: `1 项目概况`, `3.1 主要成效`, `3.1.2 资金到位`.
fn outline_marker(line: &str) -> Option<Marker> {
    let space = line.find(' ')?;
    let number = &line[..space];
    let next = line[space + 1..].chars().next()?;
    if !is_outline_number(number) || !crate::normalize::is_cjk(next) {
        return None;
    }
    let groups: Vec<&str> = number.split('.').collect();
    let kind = match groups.len() {
        1 => MarkerKind::OutlineChapter,
        2 => MarkerKind::OutlineSection,
        _ => MarkerKind::OutlineSubsection,
    };
    let number = groups.last()?.parse().ok().filter(|&n| n > 0)?;
    Some(Marker {
        kind,
        number,
        len: space + 1,
    })
}

/// Bullet characters that open a list item.
const BULLETS: [char; 10] = ['●', '•', '■', '◆', '▪', '◇', '○', '►', '▶', '★'];

/// A bullet and the spaces after it, before some text: `● 图书资源持续更新`, `- 资金`.
/// Bullets carry no number (each gets 0).
fn bullet_marker(line: &str) -> Option<Marker> {
    let first = line.chars().next()?;
    let rest = &line[first.len_utf8()..];
    let after = rest.trim_start();
    let next = after.chars().next()?;
    let bullet = BULLETS.contains(&first)
        || (matches!(first, '-' | '*') && rest.starts_with(' ') && crate::normalize::is_cjk(next));
    bullet.then(|| Marker {
        kind: MarkerKind::Bullet,
        number: 0,
        len: line.len() - after.len(),
    })
}

/// Parses the numbering marker at the start of `line`, if any.
pub fn parse_marker(line: &str) -> Option<Marker> {
    let first = line.chars().next()?;
    // （一） (一) （1） (1)
    if first == '（' || first == '(' {
        let rest = &line[first.len_utf8()..];
        let close = |r: &str| -> Option<usize> {
            if r.starts_with('）') {
                Some('）'.len_utf8())
            } else if r.starts_with(')') {
                Some(1)
            } else {
                None
            }
        };
        if let Some((n, l)) = chinese_number(rest) {
            let c = close(&rest[l..])?;
            return Some(Marker {
                kind: MarkerKind::ParenChinese,
                number: n,
                len: first.len_utf8() + l + c,
            });
        }
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if (1..=2).contains(&digits) {
            let c = close(&rest[digits..])?;
            let n = rest[..digits].parse().ok()?;
            return Some(Marker {
                kind: MarkerKind::ParenArabic,
                number: n,
                len: first.len_utf8() + digits + c,
            });
        }
        return None;
    }
    // ● • ■ ◆ bullets, and Markdown's "- " before an ideograph.
    if let Some(m) = bullet_marker(line) {
        return Some(m);
    }
    // Enclosed forms of the same styles, one character each (Word and WPS numbering):
    // ㈠ … ㈩ as （一）, ⑴ … ⒇ as （1）, ⒈ … ⒛ as 1.
    for (from, to, kind) in [
        ('㈠', '㈩', MarkerKind::ParenChinese),
        ('⑴', '⒇', MarkerKind::ParenArabic),
        ('⒈', '⒛', MarkerKind::Arabic),
    ] {
        if (from..=to).contains(&first) {
            return Some(Marker {
                kind,
                number: first as u32 - from as u32 + 1,
                len: first.len_utf8(),
            });
        }
    }
    // ① … ⑳
    if ('①'..='⑳').contains(&first) {
        return Some(Marker {
            kind: MarkerKind::Circled,
            number: first as u32 - '①' as u32 + 1,
            len: first.len_utf8(),
        });
    }
    // 【问题一】 问题一： 建议1、
    if let Some(m) = named_marker(line) {
        return Some(m);
    }
    // 第一， 第一、 第一部分 第一章
    if let Some(rest) = line.strip_prefix('第') {
        let (n, l) = chinese_number(rest)?;
        for (part, kind) in [
            ("部分", MarkerKind::Part),
            ("章", MarkerKind::Part),
            ("篇", MarkerKind::Part),
            ("节", MarkerKind::PartSection),
        ] {
            if let Some(after) = rest[l..].strip_prefix(part) {
                let gap = after.len() - after.trim_start_matches([' ', '、', '：', ':']).len();
                return Some(Marker {
                    kind,
                    number: n,
                    len: '第'.len_utf8() + l + part.len() + gap,
                });
            }
        }
        let sep = rest[l..].chars().next()?;
        if matches!(sep, '，' | '、' | ',' | '：' | ':')
            && !enumeration_follows(&rest[l + sep.len_utf8()..])
        {
            return Some(Marker {
                kind: MarkerKind::Ordinal,
                number: n,
                len: '第'.len_utf8() + l + sep.len_utf8(),
            });
        }
        return None;
    }
    // 一、 一是
    if let Some((n, l)) = chinese_number(line) {
        let sep = line[l..].chars().next()?;
        if matches!(sep, '、' | '．' | '.') {
            if enumeration_follows(&line[l + sep.len_utf8()..]) {
                return None;
            }
            return Some(Marker {
                kind: MarkerKind::Chapter,
                number: n,
                len: l + sep.len_utf8(),
            });
        }
        if sep == '是' {
            return Some(Marker {
                kind: MarkerKind::Inline,
                number: n,
                len: l + sep.len_utf8(),
            });
        }
        return None;
    }
    // 1 项目概况, 3.1 主要成效, 3.1.2 资金到位 (normalization keeps the one space).
    if let Some(m) = outline_marker(line) {
        return Some(m);
    }
    // 1. 1、 1) 1．
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    if (1..=2).contains(&digits) {
        let rest = &line[digits..];
        let sep = rest.chars().next()?;
        if matches!(sep, '.' | '、' | '．' | ')' | '）') {
            let after = rest[sep.len_utf8()..].chars().next();
            // "1.5亿元" is a number, not a marker.
            if after.is_some_and(|c| c.is_ascii_digit()) {
                return None;
            }
            let n = line[..digits].parse().ok()?;
            if n == 0 {
                return None;
            }
            return Some(Marker {
                kind: MarkerKind::Arabic,
                number: n,
                len: digits + sep.len_utf8(),
            });
        }
    }
    None
}

/// A logical line: a byte span of the normalized text. Long physical lines are split
/// before numbering markers that follow a sentence end, so a report written on one line
/// still has lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive, before the line break).
    pub end: usize,
}

impl Line {
    /// The line's text in `s` (`text` or `key`).
    pub fn of<'a>(&self, s: &'a str) -> &'a str {
        &s[self.start..self.end]
    }
}

/// Splits the text into logical lines.
pub fn logical_lines(text: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut pos = 0;
    for physical in text.split_inclusive('\n') {
        let body = physical.trim_end_matches('\n');
        let start = pos;
        pos += physical.len();
        if body.trim().is_empty() {
            continue;
        }
        let mut from = start;
        for (i, c) in body.char_indices().skip(1) {
            let abs = start + i;
            let prev = text[..abs].chars().next_back().unwrap_or(' ');
            if matches!(prev, '。' | '；' | ';' | '！' | '？')
                && abs > from
                && splits_here(&text[abs..start + body.len()])
            {
                lines.push(Line {
                    start: from,
                    end: abs,
                });
                from = abs;
            }
            let _ = c;
        }
        lines.push(Line {
            start: from,
            end: start + body.len(),
        });
    }
    lines
}

/// Whether a marker that may open an item or a heading starts `rest`.
fn splits_here(rest: &str) -> bool {
    match parse_marker(rest) {
        Some(m) => !matches!(m.kind, MarkerKind::Inline | MarkerKind::OutlineChapter),
        None => false,
    }
}

/// A line that belongs to a table of contents: dot leaders or a trailing page number.
pub fn is_toc_line(line: &str) -> bool {
    let t = line.trim_end();
    let digits = t.chars().rev().take_while(|c| c.is_ascii_digit()).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let head = &t[..t.len() - digits];
    let leader = head.trim_end();
    if leader.ends_with(['…', '.', '·', '-', '—', '_', '．', '⋯']) {
        let dots = leader
            .chars()
            .rev()
            .take_while(|c| matches!(c, '…' | '.' | '·' | '—' | '_' | '．' | '⋯' | ' ' | '-'))
            .count();
        return dots >= 3 || leader.ends_with("……");
    }
    // "三、主要成效 15": a numbered heading followed by spaces and a page number.
    head.ends_with(' ') && parse_marker(t).is_some() && t.chars().count() <= 50
}

/// A heading found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// Index of its logical line.
    pub line: usize,
    /// Nesting level: 0 for an unnumbered heading phrase, else the marker's level.
    pub level: u8,
    /// The kind its phrase names, or `None` for a numbered line of no known kind.
    pub kind: Option<SectionKind>,
    /// Byte offset where the body starts (after the heading phrase when the line runs on).
    pub body_start: usize,
    /// Characters of the heading beyond the matched phrase (0 = exactly the phrase).
    pub extra: usize,
}

/// A section: its kind, heading, and the lines of its body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// What the section holds.
    pub kind: SectionKind,
    /// The heading line as written.
    pub heading: String,
    /// Nesting level of the heading (0 = unnumbered).
    pub level: u8,
    /// Byte offset of the body start in the normalized text.
    pub start: usize,
    /// Byte offset of the body end.
    pub end: usize,
    /// Byte offset of the heading line's start.
    pub heading_start: usize,
    /// Characters of the heading beyond the matched phrase (0 = exactly the phrase).
    pub extra: usize,
}

/// The structure of a document: its logical lines, which are table-of-contents lines, and
/// its sections.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Logical lines.
    pub lines: Vec<Line>,
    /// `toc[i]`: line `i` belongs to a table of contents.
    pub toc: Vec<bool>,
    /// Sections of known kinds, in document order.
    pub sections: Vec<Section>,
    /// Byte offset of the first heading (end of the header block), or the text length.
    pub first_heading: usize,
}

impl Structure {
    /// The lines overlapping the byte range `start..end`, with their indexes: one binary
    /// search, as lines are in text order and do not overlap (a scan per section would make
    /// long documents quadratic).
    pub fn lines_within(&self, start: usize, end: usize) -> impl Iterator<Item = (usize, &Line)> {
        let from = self.lines.partition_point(|l| l.end <= start);
        self.lines[from..]
            .iter()
            .enumerate()
            .take_while(move |(_, l)| l.start < end)
            .map(move |(i, l)| (from + i, l))
    }

    /// Ends every section that runs past `end` there (the report's body ends at its
    /// signature block).
    pub fn end_sections_at(&mut self, end: usize) {
        for s in &mut self.sections {
            if s.start <= end && end < s.end {
                s.end = end;
            }
        }
    }

    /// The sections whose heading lies in `outer`'s body at a deeper level: one contiguous
    /// run of [`Structure::sections`] (document order), found by binary search.
    pub fn nested_in<'a>(&'a self, outer: &Section) -> impl Iterator<Item = &'a Section> + 'a {
        let from = self
            .sections
            .partition_point(|n| n.heading_start < outer.start);
        let (end, level) = (outer.end, outer.level);
        self.sections[from..]
            .iter()
            .take_while(move |n| n.heading_start < end)
            .filter(move |n| n.level > level)
    }
}

/// Which heading phrase a heading text starts with: the longest match across kinds.
fn heading_kind(text: &str, headings: &SectionHeadings) -> Option<(SectionKind, usize)> {
    let table: [(&[String], SectionKind); 6] = [
        (
            &headings.problems_and_suggestions,
            SectionKind::ProblemsAndSuggestions,
        ),
        (&headings.summary, SectionKind::Summary),
        (&headings.achievements, SectionKind::Achievements),
        (&headings.problems, SectionKind::Problems),
        (&headings.suggestions, SectionKind::Suggestions),
        (&headings.other, SectionKind::Other),
    ];
    let mut best: Option<(SectionKind, usize)> = None;
    let first = text.chars().next()?;
    for (phrases, kind) in table {
        for p in phrases {
            if p.starts_with(first)
                && text.starts_with(p.as_str())
                && best.is_none_or(|(_, l)| p.len() > l)
            {
                best = Some((kind, p.len()));
            }
        }
    }
    // "存在的问题和整改建议": a problems heading that also names suggestions holds both.
    if let Some((SectionKind::Problems, plen)) = best {
        if headings
            .suggestion_words
            .iter()
            .any(|w| text[plen..].contains(w.as_str()))
        {
            best = Some((SectionKind::ProblemsAndSuggestions, plen));
        }
    }
    best
}

/// The kind a heading's ending names (`suffixes` of `sections.toml`).
fn suffix_kind(text: &str, headings: &SectionHeadings) -> Option<SectionKind> {
    [
        ("problems", SectionKind::Problems),
        ("suggestions", SectionKind::Suggestions),
        ("achievements", SectionKind::Achievements),
    ]
    .into_iter()
    .find(|(k, _)| {
        headings
            .suffixes
            .get(*k)
            .is_some_and(|v| v.iter().any(|s| text.ends_with(s.as_str())))
    })
    .map(|(_, kind)| kind)
}

/// Whether a heading names an aspect, then the kind of its items: "资金管理方面存在的问题",
/// "项目管理方面的建议" (a `group_endings` entry before a kind's `suffixes`).
pub fn aspect_of_kind(h: &str, headings: &SectionHeadings) -> bool {
    headings.suffixes.values().flatten().any(|suffix| {
        h.strip_suffix(suffix.as_str()).is_some_and(|head| {
            let head = head.trim_end_matches(['的', '中']);
            let head = head.strip_suffix("存在").unwrap_or(head);
            headings
                .group_endings
                .iter()
                .any(|g| head.ends_with(g.as_str()))
        })
    })
}

/// Strips Markdown/quote decorations and trailing punctuation from a heading text, and the
/// lenticular brackets of a heading set off by them on its own line: "【存在问题】" is the
/// heading 存在问题 (reports and summaries that head their parts without numbers).
fn heading_text(s: &str) -> &str {
    let s = s.trim();
    let s = s
        .strip_prefix('【')
        .and_then(|r| r.strip_suffix('】'))
        .filter(|inner| !inner.contains(['【', '】']))
        .unwrap_or(s);
    s.trim_end_matches(['。', '：', ':', '；', ' ']).trim()
}

/// A line that opens an attachment: an attachment mark ("附件1：", "附件 ", "附件") and at
/// most a short name without sentence punctuation.
fn is_attachment_heading(line: &str) -> bool {
    let mark = crate::extract::fields::attachment_prefix(line);
    let name = line[mark..].trim();
    mark > 0 && name.chars().count() <= 40 && !name.contains(['，', '。', '；', ',', ';'])
}

/// Finds the structure of `text`.
pub fn find_structure(text: &NormText, headings: &SectionHeadings) -> Structure {
    let lines = logical_lines(&text.text);
    let toc = toc_lines(&text.key, &lines);
    let mut found: Vec<Heading> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if toc[i] {
            continue;
        }
        let key = line.of(&text.key);
        let marker = parse_marker(key);
        // A decimal outline number opens a heading only before a heading phrase: "2 个标段"
        // may be a line of text that wrapped before its number, "1.5 万元" a table cell.
        let loose = marker.is_some_and(|m| {
            matches!(
                m.kind,
                MarkerKind::OutlineChapter
                    | MarkerKind::OutlineSection
                    | MarkerKind::OutlineSubsection
            )
        });
        let (level, body) = match marker {
            Some(m) if m.kind == MarkerKind::Inline => continue,
            Some(m) => (m.kind.level(), &key[m.len..]),
            None => (0, key),
        };
        let body_trim = body.trim_start();
        let offset = line.start + (key.len() - body_trim.len());
        // An attachment after the findings ("附件1：绩效评价指标体系及评分表") ends the report's
        // sections: its rows and numbered lines belong to none of them.
        if level == 0 && is_attachment_heading(body_trim) {
            if found
                .iter()
                .any(|h| matches!(h.kind, Some(k) if k != SectionKind::Other))
            {
                found.push(Heading {
                    line: i,
                    level: 0,
                    kind: Some(SectionKind::Other),
                    body_start: line.end,
                    extra: 0,
                });
            }
            continue;
        }
        let h = heading_text(body_trim);
        let chars = h.chars().count();
        match heading_kind(h, headings) {
            Some((kind, plen)) => {
                let phrase_chars = h[..plen].chars().count();
                let extra = chars - phrase_chars;
                // "Other" headings must be (nearly) the phrase itself: 绩效目标设定不够合理 is a
                // problem, not the 绩效目标 part of a report.
                let slack = if kind == SectionKind::Other { 4 } else { 14 };
                // "整改建议：建立…机制。" unnumbered is a labelled sentence, not a heading
                // ("存在问题：资金拨付不及时" may still head a section).
                let labelled = level == 0
                    && h[plen..].starts_with(['：', ':'])
                    && body_trim.trim_end().ends_with(['。', '；', ';']);
                let plain_heading =
                    extra <= slack && !h.contains(['，', '。', '；', ',']) && !labelled;
                if plain_heading {
                    found.push(Heading {
                        line: i,
                        level,
                        kind: Some(kind),
                        body_start: line.end,
                        extra,
                    });
                } else if level > 0
                    && level <= MarkerKind::RUN_ON_LEVEL
                    && plen >= 12
                    && !body_trim.starts_with('【')
                {
                    // A heading that runs into its text (one-line reports).
                    found.push(Heading {
                        line: i,
                        level,
                        kind: Some(kind),
                        body_start: offset + plen,
                        extra: 0,
                    });
                } else if level > 0 && !loose {
                    found.push(Heading {
                        line: i,
                        level,
                        kind: None,
                        body_start: line.end,
                        extra,
                    });
                }
            }
            None if level > 0
                && suffix_kind(h, headings).is_some()
                && chars <= 16
                && !h.contains(['，', '。', '；', ',']) =>
            {
                // "（一）资金管理方面存在的问题" inside a problems section groups its items by
                // aspect: it is more than the phrase of its kind, so the section holds it.
                let extra = if aspect_of_kind(h, headings) {
                    chars
                } else {
                    0
                };
                found.push(Heading {
                    line: i,
                    level,
                    kind: suffix_kind(h, headings),
                    body_start: line.end,
                    extra,
                })
            }
            None if level > 0 && !loose => found.push(Heading {
                line: i,
                level,
                kind: None,
                body_start: line.end,
                extra: 0,
            }),
            None => {}
        }
    }
    let first_heading = found
        .iter()
        .find(|h| matches!(h.kind, Some(k) if k != SectionKind::Other) || h.level == 1)
        .map(|h| lines[h.line].start)
        .unwrap_or(text.text.len());

    // Spans: a heading of a known kind runs until the next heading at its level or above.
    let mut sections = Vec::new();
    for (j, h) in found.iter().enumerate() {
        let Some(kind) = h.kind else { continue };
        let end = found[j + 1..]
            .iter()
            .find(|n| n.level <= h.level && (n.kind.is_some() || h.level > 0))
            .map(|n| lines[n.line].start)
            .unwrap_or(text.text.len());
        let end = end.max(h.body_start);
        sections.push(Section {
            kind,
            heading: lines[h.line].of(&text.text).to_string(),
            level: h.level,
            start: h.body_start,
            end,
            heading_start: lines[h.line].start,
            extra: h.extra,
        });
    }
    Structure {
        lines,
        toc,
        sections,
        first_heading,
    }
}

/// Marks table-of-contents lines: lines with leaders/page numbers, and the block under a
/// 目录 heading up to the first line that is neither.
fn toc_lines(key: &str, lines: &[Line]) -> Vec<bool> {
    let mut toc = vec![false; lines.len()];
    for (i, l) in lines.iter().enumerate() {
        let s = l.of(key);
        if is_toc_line(s) {
            toc[i] = true;
        }
        if crate::normalize::is_toc_heading(s) {
            toc[i] = true;
            if let Some(n) = bare_toc_entries(key, &lines[i + 1..]) {
                toc[i + 1..i + 1 + n].iter_mut().for_each(|t| *t = true);
            }
        }
    }
    toc
}

/// A table of contents copied without its page numbers (目录 over bare headings): the
/// entries under the 目录 heading up to the line that repeats the first of them, where the
/// body begins. `None` unless the first entry repeats after short heading-like lines only.
fn bare_toc_entries(key: &str, after: &[Line]) -> Option<usize> {
    let entry = |l: &Line| {
        let s = l.of(key).trim();
        (!s.is_empty()
            && s.chars().count() <= 40
            && !s.contains(['。', '，', '；', ',', ';', '：', ':']))
        .then_some(s)
    };
    let first = entry(after.first()?)?;
    parse_marker(first)?;
    for (n, l) in after.iter().enumerate().skip(1) {
        let s = entry(l)?;
        if s == first {
            return Some(n);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers() {
        fn m(s: &str) -> Option<(MarkerKind, u32, &str)> {
            parse_marker(s).map(|m| (m.kind, m.number, &s[m.len..]))
        }
        assert_eq!(
            m("一、存在的问题"),
            Some((MarkerKind::Chapter, 1, "存在的问题"))
        );
        assert_eq!(
            m("（十二）人员"),
            Some((MarkerKind::ParenChinese, 12, "人员"))
        );
        assert_eq!(m("(三)采购"), Some((MarkerKind::ParenChinese, 3, "采购")));
        assert_eq!(m("3.会计"), Some((MarkerKind::Arabic, 3, "会计")));
        assert_eq!(m("2、预算"), Some((MarkerKind::Arabic, 2, "预算")));
        assert_eq!(m("1)完成"), Some((MarkerKind::Arabic, 1, "完成")));
        assert_eq!(m("（2）资产"), Some((MarkerKind::ParenArabic, 2, "资产")));
        assert_eq!(m("③合同"), Some((MarkerKind::Circled, 3, "合同")));
        assert_eq!(m("㈡群众"), Some((MarkerKind::ParenChinese, 2, "群众")));
        assert_eq!(m("⑽考核"), Some((MarkerKind::ParenArabic, 10, "考核")));
        assert_eq!(m("⒉严格"), Some((MarkerKind::Arabic, 2, "严格")));
        assert_eq!(m("第二，部分"), Some((MarkerKind::Ordinal, 2, "部分")));
        assert_eq!(
            m("第三章  评价结论"),
            Some((MarkerKind::Part, 3, "评价结论"))
        );
        assert_eq!(
            m("第二节  存在的问题"),
            Some((MarkerKind::PartSection, 2, "存在的问题"))
        );
        assert_eq!(m("二是健康"), Some((MarkerKind::Inline, 2, "健康")));
        assert_eq!(m("1.5亿元"), None);
        assert_eq!(
            m("4 存在问题"),
            Some((MarkerKind::OutlineChapter, 4, "存在问题"))
        );
        assert_eq!(
            m("3.1 学生乘车安全"),
            Some((MarkerKind::OutlineSection, 1, "学生乘车安全"))
        );
        assert_eq!(
            m("3.1.2 资金到位"),
            Some((MarkerKind::OutlineSubsection, 2, "资金到位"))
        );
        assert_eq!(m("2023 年"), None);
        assert_eq!(m("85.5 良"), None);
        assert_eq!(m("3.05 万元"), None);
        assert_eq!(m("● 图书更新"), Some((MarkerKind::Bullet, 0, "图书更新")));
        assert_eq!(m("- 资金闲置"), Some((MarkerKind::Bullet, 0, "资金闲置")));
        assert_eq!(m("-3"), None);
        assert_eq!(m("1  北原县"), None);
        assert_eq!(m("2023年度"), None);
        assert_eq!(m("一般"), None);
    }

    #[test]
    fn a_table_of_contents_without_page_numbers_ends_where_its_first_entry_repeats() {
        let key =
            "目  录\n一、项目概况\n二、存在的问题\n一、项目概况\n资金600万元。\n二、存在的问题\n";
        let lines = logical_lines(key);
        let toc = toc_lines(key, &lines);
        assert_eq!(toc, vec![true, true, true, false, false, false]);
        // Without the repeat, the headings under 目录 are the body's own.
        let key = "目录\n一、项目概况\n资金600万元。\n";
        let lines = logical_lines(key);
        assert_eq!(toc_lines(key, &lines), vec![true, false, false]);
    }

    #[test]
    fn toc_lines_are_recognized() {
        assert!(is_toc_line("一、项目基本情况………………………………1"));
        assert!(is_toc_line("（一）养护计划编制不够科学…………10"));
        assert!(is_toc_line("三、主要成效、存在的问题及原因分析 15"));
        assert!(!is_toc_line("全年完成路面修补2.8万平方米，清理边沟1260"));
    }

    #[test]
    fn a_labelled_sentence_is_no_heading() {
        let d = crate::Dictionaries::embedded();
        let kinds = |t: &str| -> Vec<SectionKind> {
            let text = crate::normalize::normalize_pages(&[t.to_string()]);
            find_structure(&text, &d.sections)
                .sections
                .iter()
                .map(|s| s.kind)
                .collect()
        };
        assert_eq!(
            kinds("（一）监管不到位\n整改建议：加强动态监管。\n"),
            Vec::<SectionKind>::new()
        );
        assert_eq!(
            kinds("存在问题：资金拨付不及时\n1.拨付滞后。\n"),
            vec![SectionKind::Problems]
        );
        assert_eq!(
            kinds("整改建议\n1.加强监管。\n"),
            vec![SectionKind::Suggestions]
        );
    }

    #[test]
    fn a_phrase_in_lenticular_brackets_on_its_own_line_is_a_heading() {
        let d = crate::Dictionaries::embedded();
        let text = crate::normalize::normalize_pages(&[
            "【部门概况】\n内设机构6个。\n【主要绩效】\n1．环境改善。\n【存在问题】\n1．预算不准。\n【改进措施】\n1．提高质量。\n【字体：大 中 小】【打印】\n".to_string(),
        ]);
        let s = find_structure(&text, &d.sections);
        let kinds: Vec<SectionKind> = s.sections.iter().map(|s| s.kind).collect();
        assert_eq!(
            kinds,
            vec![
                SectionKind::Summary,
                SectionKind::Achievements,
                SectionKind::Problems,
                SectionKind::Suggestions
            ]
        );
        let problems = &s.sections[2];
        let body = text.text[problems.start..problems.end].trim();
        assert!(
            body.ends_with("预算不准。") && !body.contains("提高质量"),
            "{body}"
        );
        assert_eq!(heading_text("【问题与建议】"), "问题与建议");
        assert_eq!(heading_text("【字体：大】【打印】"), "【字体：大】【打印】");
    }

    #[test]
    fn next_year_s_plans_are_suggestions_but_an_evaluation_approach_is_not() {
        let d = crate::Dictionaries::embedded();
        let text = crate::normalize::normalize_pages(&[
            "二、评价工作思路\n采用资料核查方式。\n三、存在的问题\n（一）预算不准。\n四、下一步工作思路\n（一）提高预算编制精准度。\n".to_string(),
        ]);
        let s = find_structure(&text, &d.sections);
        let kinds: Vec<SectionKind> = s.sections.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, vec![SectionKind::Problems, SectionKind::Suggestions]);
    }

    #[test]
    fn an_attachment_after_the_findings_ends_their_section() {
        let d = crate::Dictionaries::embedded();
        let text = crate::normalize::normalize_pages(&[
            "附件3\n某县绩效评价报告\n三、相关建议\n1、统一补助标准。\n2、规范机构管理。\n\
             附件1：绩效评价指标体系及评分表\n1.决策指标（15分）：得分13分。\n"
                .to_string(),
        ]);
        let s = find_structure(&text, &d.sections);
        let kinds: Vec<SectionKind> = s.sections.iter().map(|s| s.kind).collect();
        // The mark above the title opens nothing: no findings came before it.
        assert_eq!(kinds, vec![SectionKind::Suggestions, SectionKind::Other]);
        let body = text.text[s.sections[0].start..s.sections[0].end].trim();
        assert!(body.ends_with("规范机构管理。"), "{body}");
        assert!(is_attachment_heading("附件：满意度调查问卷"));
        assert!(!is_attachment_heading("附件是评分表，请查收。"));
    }

    #[test]
    fn sections_inside_chapters_hold_their_items() {
        let d = crate::Dictionaries::embedded();
        let t = "第四章  绩效分析\n第一节  主要成效\n一、能力增强。\n二、水平提升。\n\
                 第二节  存在的问题\n一、预算不准。\n第五章  意见和建议\n一、提高质量。\n";
        let text = crate::normalize::normalize_pages(&[t.to_string()]);
        let s = find_structure(&text, &d.sections);
        let found: Vec<(SectionKind, u8, &str)> = s
            .sections
            .iter()
            .map(|x| (x.kind, x.level, text.text[x.start..x.end].trim()))
            .collect();
        assert_eq!(
            found,
            vec![
                (
                    SectionKind::Achievements,
                    2,
                    "一、能力增强。\n二、水平提升。"
                ),
                (SectionKind::Problems, 2, "一、预算不准。"),
                (SectionKind::Suggestions, 1, "一、提高质量。"),
            ]
        );
    }

    #[test]
    fn one_line_reports_get_lines() {
        let t = "报告。一、基本情况（一）概况。二、存在的问题一是甲。二是乙。";
        let lines: Vec<&str> = logical_lines(t).iter().map(|l| l.of(t)).collect();
        assert_eq!(
            lines,
            vec![
                "报告。",
                "一、基本情况（一）概况。",
                "二、存在的问题一是甲。二是乙。"
            ]
        );
    }
}
