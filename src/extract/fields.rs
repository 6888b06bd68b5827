//! Header fields: labelled values (`label：value`, label line then value line, table cells,
//! `label为value`), the title, dates, fiscal year, region, document type and scope.

use crate::dictionaries::{Dictionaries, Fields, TermSet};
use crate::normalize::NormText;
use crate::sections::{is_toc_line, parse_marker, Line};

/// A value found in the text: as written, with its byte span in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The value (trimmed).
    pub value: String,
    /// Start byte offset in the normalized text.
    pub start: usize,
    /// End byte offset.
    pub end: usize,
}

/// Separators that end a labelled value on its line.
const VALUE_END: [char; 4] = ['。', '；', ';', '\n'];

/// Every label of every field, longest first (to find where a value ends).
pub fn all_labels(fields: &Fields) -> Vec<&str> {
    let mut v: Vec<&str> = fields
        .labels
        .values()
        .flatten()
        .map(String::as_str)
        .collect();
    v.sort_by_key(|l| std::cmp::Reverse(l.len()));
    v.dedup();
    v
}

/// Whether `key[pos..]` starts a label occurrence that is at a boundary: line start, or
/// after a field separator.
fn at_boundary(line_key: &str, pos: usize) -> bool {
    if pos == 0 {
        return true;
    }
    let before = &line_key[..pos];
    before.ends_with("  ")
        || before.ends_with(['。', '；', ';', '，', ',', '\t', '|', '、'])
        || before.trim_end().ends_with(['：', ':'])
        || parse_marker(before).is_some_and(|m| m.len == before.len())
}

/// Skips a parenthetical seal note after a label: （盖章） (签章) （公章）.
fn skip_seal(rest: &str) -> usize {
    for open in ['（', '('] {
        if let Some(r) = rest.strip_prefix(open) {
            if let Some(close) = r.find(['）', ')']) {
                let inner = &r[..close];
                if inner.chars().count() <= 4 && inner.contains('章') {
                    let c = r[close..].chars().next().map(char::len_utf8).unwrap_or(0);
                    return open.len_utf8() + close + c;
                }
            }
        }
    }
    0
}

/// Finds the value of a field introduced by one of `labels`.
///
/// Forms, all seen in published reports: `label：value` (also several on one line,
/// separated by spaces), `label` alone on a line with the value on the next line (the
/// 结果反馈 form and flattened tables), `label  value` table cells, and, when `narrative`,
/// `label为value，` inside a sentence.
pub fn find_labelled(
    text: &NormText,
    lines: &[Line],
    hits: &LabelHits<'_>,
    labels: &[String],
    every_label: &[&str],
    narrative: bool,
) -> Option<Found> {
    let terms = hits.set.terms();
    let mut wanted = vec![false; terms.len()];
    for id in labels.iter().filter_map(|l| hits.set.id(l)) {
        wanted[id] = true;
    }
    let mut li = 0;
    // Occurrences in text order, longest label first at one position: the first that
    // introduces a value is the earliest, as the field's first statement wins.
    for (hi, &(abs, id)) in hits.hits.iter().enumerate() {
        if !wanted[id] {
            continue;
        }
        let label = terms[id].as_str();
        while li < lines.len() && lines[li].end <= abs {
            li += 1;
        }
        let Some(line) = lines.get(li) else {
            break;
        };
        if abs < line.start || abs + label.len() > line.end {
            continue;
        }
        let key = line.of(&text.key);
        if is_toc_line(key) {
            continue;
        }
        let pos = abs - line.start;
        let colon_follows = key[pos + label.len()..]
            .trim_start()
            .starts_with(['：', ':']);
        let long_label = label.chars().count() >= 4;
        let boundary = at_boundary(key, pos)
            || (colon_follows && long_label)
            || (long_label && is_cell_line(key));
        let end = abs + label.len();
        // Part of a longer label ending here (项目单位 in 实施项目单位)?
        let inside_longer = hits.hits[..hi]
            .iter()
            .rev()
            .take_while(|&&(p, _)| p + hits.longest >= end)
            .any(|&(p, other)| p >= line.start && p + terms[other].len() == end);
        if !boundary || inside_longer {
            continue;
        }
        // A longer label of another field starting here wins (项目单位名称 vs 项目单位).
        if hits.hits[..hi]
            .iter()
            .rev()
            .take_while(|&&(p, _)| p == abs)
            .any(|&(_, other)| !wanted[other] && terms[other].len() > label.len())
        {
            continue;
        }
        let after = pos + label.len();
        let after = after + skip_seal(&key[after..]);
        if let Some(found) = value_after(
            text,
            lines,
            hits,
            li,
            after,
            every_label,
            narrative && label.chars().count() >= 4,
        ) {
            return Some(found);
        }
    }
    None
}

/// Where the labels of every field occur in a normalized text: found once per report and
/// shared by the searches for each field.
#[derive(Debug)]
pub struct LabelHits<'d> {
    set: &'d TermSet,
    column_headings: &'d [String],
    /// Endings of evaluators' names (`evaluator_terms`): a label such a name ends with
    /// (…绩效评价小组) is part of the name.
    name_endings: &'d [String],
    hits: Vec<(usize, usize)>,
    /// Byte length of the longest label.
    longest: usize,
}

impl<'d> LabelHits<'d> {
    /// The occurrences of the field labels of `dicts` in `text.key`.
    pub fn new(text: &NormText, dicts: &'d Dictionaries) -> LabelHits<'d> {
        let set = &dicts.labels;
        LabelHits {
            set,
            column_headings: &dicts.fields.column_headings,
            name_endings: &dicts.fields.evaluator_terms,
            hits: set.occurrences(&text.key),
            longest: set.terms().first().map_or(0, String::len),
        }
    }
}

impl LabelHits<'_> {
    /// Where `labels` occur, as (line index, byte offset in the line where the label ends).
    pub fn occurrences_of<'a>(
        &'a self,
        lines: &'a [Line],
        labels: &'a [String],
    ) -> impl Iterator<Item = (usize, usize)> + 'a {
        let terms = self.set.terms();
        self.hits.iter().filter_map(move |&(p, id)| {
            let label = terms.get(id)?;
            if !labels.contains(label) {
                return None;
            }
            let li = lines.partition_point(|l| l.end <= p);
            let line = lines.get(li)?;
            (line.start <= p).then(|| (li, p + label.len() - line.start))
        })
    }
}

/// The value that follows a label ending at byte `after` of line `li`.
fn value_after(
    text: &NormText,
    lines: &[Line],
    hits: &LabelHits<'_>,
    li: usize,
    after: usize,
    every_label: &[&str],
    narrative: bool,
) -> Option<Found> {
    let line = lines[li];
    let key = line.of(&text.key);
    let rest = &key[after..];
    let rest_trim = rest.trim_start();
    let skipped = rest.len() - rest_trim.len();
    let (value_from, stop_at_comma) = if let Some(r) = rest_trim.strip_prefix(['：', ':']) {
        (after + skipped + (rest_trim.len() - r.len()), false)
    } else if narrative && rest_trim.starts_with('为') && skipped == 0 {
        (after + '为'.len_utf8(), true)
    } else if rest_trim.is_empty() {
        // Label alone on its line: the value is the next line.
        let next = lines.get(li + 1)?;
        let v = next.of(&text.key);
        if v.chars().count() > 60
            || is_label_line(v, every_label)
            || hits.column_headings.iter().any(|h| h == v.trim())
            || parse_marker(v).is_some()
            || is_toc_line(v)
        {
            return None;
        }
        let raw = next.of(&text.text);
        return clean_value(
            hits,
            raw,
            next.start,
            false,
            &text.key[next.start..next.end],
        );
    } else if skipped >= 2 {
        // A header row of labels (项目名称  主管部门  评价得分): each value is the cell
        // below its label, in the next row of as many cells.
        if let Some(found) = column_value(text, lines, li, after, every_label) {
            return found;
        }
        // Table cell: "label  value", unless the row is the header row of a data table: the
        // cell after the "value" is a column heading and no cell holds a number
        // (项目名称  子项目  年度  预算安排(万元)).
        let next_cell = key[after + skipped..]
            .split("  ")
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .nth(1);
        if next_cell.is_some_and(|c| hits.column_headings.iter().any(|h| h == c))
            && !key.chars().any(|c| c.is_ascii_digit())
        {
            return None;
        }
        (after + skipped, false)
    } else if is_cell_line(key) && key[..after].chars().count() >= 4 && parse_marker(key).is_none()
    {
        // (Not a numbered heading: "（一）评价对象和范围" names a chapter, not a project.)
        // A table row read without cell breaks: "评价组织机构昌江区财政局项目主管部门区科技局".
        (after + skipped, false)
    } else {
        return None;
    };
    let raw = &line.of(&text.text)[value_from..];
    let raw_key = &key[value_from..];
    clean_value(hits, raw, line.start + value_from, stop_at_comma, raw_key)
}

/// The cells of a table row (set apart by two spaces or more), with their byte offsets.
fn cells(row: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut from = 0;
    for part in row.split("  ") {
        let lead = part.len() - part.trim_start().len();
        if !part.trim().is_empty() {
            out.push((from + lead, part.trim()));
        }
        from += part.len() + 2;
    }
    out
}

/// When the label ending at byte `after` of line `li` is a cell of a header row (every
/// cell a label, at least two), the cell below it: `Some(value)` from a next row of as
/// many cells, `Some(None)` when there is no such row (a header row's label has no value
/// beside it). `None` when the line is no header row.
///
/// A header row may also hold column headings that are no field labels
/// (`项目名称  资金规模（万元）  评价得分  等级`) when two labels stand side by side in it
/// (so it is no row of `label  value` pairs) and exactly one row of as many cells lies
/// below it (a table of many rows lists many projects, none of them the report's).
pub(crate) fn column_value(
    text: &NormText,
    lines: &[Line],
    li: usize,
    after: usize,
    every_label: &[&str],
) -> Option<Option<Found>> {
    let key = lines[li].of(&text.key);
    let row = cells(key);
    let is_label = |c: &str| every_label.contains(&c.trim_end_matches(['：', ':']));
    if row.len() < 2 {
        return None;
    }
    let cells_below = |i: usize| lines.get(i).map(|l| cells(l.of(&text.key)));
    let all_labels = row.iter().all(|(_, c)| is_label(c));
    // A row of values lies below: as many cells, none of them a label (评价机构  评价工作组
    // over 报告日期  2024年5月 are two rows of label/value pairs).
    let values_below = |i: usize| {
        cells_below(i).is_some_and(|v| v.len() == row.len() && !v.iter().any(|(_, c)| is_label(c)))
    };
    let labels_side_by_side = row.windows(2).any(|w| is_label(w[0].1) && is_label(w[1].1))
        && !row
            .iter()
            .any(|(_, c)| c.contains(|ch: char| ch.is_ascii_digit()))
        && values_below(li + 1);
    if !all_labels && !labels_side_by_side {
        return None;
    }
    // A table of many rows lists many projects, none of them the report's.
    if !all_labels && values_below(li + 2) {
        return Some(None);
    }
    let column = row
        .iter()
        .position(|&(at, c)| at < after && after <= at + c.len())?;
    let below = lines.get(li + 1).map(|l| (l, cells(l.of(&text.key))));
    let Some((next, values)) = below.filter(|(_, v)| v.len() == row.len()) else {
        return Some(None);
    };
    let (at, value) = values[column];
    if is_label(value) || value.chars().count() > 60 {
        return Some(None);
    }
    let start = next.start + at;
    Some(Some(Found {
        value: text.text[start..start + value.len()].to_string(),
        start,
        end: start + value.len(),
    }))
}

/// A line that reads like table cells rather than prose: short, with no sentence or
/// clause punctuation.
fn is_cell_line(key: &str) -> bool {
    key.chars().count() <= 60 && !key.contains(['，', '。', '；', ',', ';', '：', ':', '“', '”'])
}

/// Whether a line is exactly a label (optionally followed by a colon).
fn is_label_line(line: &str, every_label: &[&str]) -> bool {
    let t = line.trim().trim_end_matches(['：', ':']);
    every_label.iter().any(|l| *l == t)
}

/// Cuts a raw value at its end (two spaces, the next label, sentence end) and trims it.
fn clean_value(
    hits: &LabelHits<'_>,
    raw: &str,
    start: usize,
    stop_at_comma: bool,
    raw_key: &str,
) -> Option<Found> {
    let cell = is_cell_line(raw_key);
    let lead = raw.len() - raw.trim_start().len();
    let (raw, raw_key, start) = (
        &raw[lead..],
        &raw_key[lead.min(raw_key.len())..],
        start + lead,
    );
    let mut end = raw.len();
    if let Some(i) = raw.find("  ") {
        end = end.min(i);
    }
    if let Some(i) = raw.find(VALUE_END) {
        end = end.min(i);
    }
    if stop_at_comma {
        if let Some(i) = raw.find(['，', ',']) {
            end = end.min(i);
        }
    }
    // The next "label：" on the same line ends this value: each label's first such
    // occurrence, labels taken longest first.
    let terms = hits.set.terms();
    let from = hits.hits.partition_point(|&(p, _)| p <= start);
    let to = hits.hits.partition_point(|&(p, _)| p < start + end);
    let mut candidates: Vec<(usize, usize)> = hits.hits[from..to]
        .iter()
        .map(|&(p, id)| (id, p - start))
        .collect();
    candidates.sort_unstable();
    let mut done = None;
    for (id, p) in candidates {
        let l = terms[id].as_str();
        if done == Some(id) || p + l.len() > end.min(raw_key.len()) {
            continue;
        }
        let tail = &raw_key[p + l.len()..];
        // In a table row read without cell breaks, the next long label ends the value, but
        // not inside brackets (江川县卫生健康局（含…等6家二级预算单位）).
        let open = raw_key[..p].matches(['（', '(']).count();
        let closed = raw_key[..p].matches(['）', ')']).count();
        // A label that ends the value and ends names of evaluators opens no cell: it ends
        // the name (…绩效评价小组).
        let ends_name = tail[..end.min(raw_key.len()) - p - l.len()]
            .trim()
            .is_empty()
            && hits.name_endings.iter().any(|e| e == l);
        let glued_cell = cell && l.chars().count() >= 4 && open <= closed && !ends_name;
        if tail.starts_with(['：', ':']) || skip_seal(tail) > 0 || glued_cell {
            end = end.min(p);
            done = Some(id);
        }
    }
    let v = &raw[..end];
    let lead = v.len() - v.trim_start().len();
    let v = v.trim().trim_end_matches(['，', ',', '、']);
    if v.is_empty() || v.chars().count() > 80 {
        return None;
    }
    Some(Found {
        value: v.to_string(),
        start: start + lead,
        end: start + lead + v.len(),
    })
}

/// Finds the title: the first line before the first heading that ends like a report
/// title (with one of `endings`, `title_endings` of `fields.toml`, optionally followed by a
/// parenthetical such as （征求意见稿）), joined with the line before it when the title was
/// broken over two lines.
pub fn find_title(
    text: &NormText,
    lines: &[Line],
    header_end: usize,
    every_label: &[&str],
    endings: &[String],
) -> Option<Found> {
    let candidates: Vec<(usize, &Line)> = lines
        .iter()
        .enumerate()
        .take_while(|(_, l)| l.start < header_end.max(1))
        .take(25)
        .collect();
    for (k, (i, line)) in candidates.iter().enumerate() {
        let key = line.of(&text.key);
        let Some(title_end) = title_end(key, every_label, endings) else {
            continue;
        };
        // "附件1：" before the title on the same line is not part of it.
        let attachment = attachment_prefix(key);
        let key = &key[attachment..title_end];
        if key.contains(['：', ':']) && !key.contains("关于") && !key.contains(['。', '》']) {
            continue;
        }
        // The title is the last sentence of the line (a one-line report starts with chatter).
        let raw = &line.of(&text.text)[attachment..title_end];
        let cut = raw
            .rfind(['。', '！', '？', '》'])
            .map(|p| p + raw[p..].chars().next().map(char::len_utf8).unwrap_or(0))
            .unwrap_or(0);
        let mut start = line.start + attachment + cut;
        let title_part = raw[cut..].trim();
        if title_part.chars().count() > 80
            || title_part.chars().count() < 4
            || title_part.contains(['：', ':'])
        {
            continue;
        }
        start += raw[cut..].len() - raw[cut..].trim_start().len();
        let mut value = title_part.to_string();
        // A title broken over two lines: "西山县2023年度农村公路养护资金" / "绩效评价报告",
        // or over three with the period in brackets between: "…专项资金" / "（2021—2023年）"
        // / "重点绩效评价报告".
        let plausible_head = |pk: &str| {
            pk.chars().count() <= 40
                && !pk.contains(['：', ':', '>', '。', '，', '|', '》'])
                && !pk.starts_with("附件")
                && !crate::normalize::is_document_number(pk)
                && parse_marker(pk).is_none()
                && !endings.iter().any(|e| pk.ends_with(e.as_str()))
                && pk.chars().filter(|c| crate::normalize::is_cjk(*c)).count() >= 4
        };
        if k > 0 && cut == 0 && title_part.chars().count() <= 30 && !starts_like_full_title(&value)
        {
            let (_, prev) = candidates[k - 1];
            let pk = prev.of(&text.key).trim();
            let head = if is_bracketed_period(pk) && k > 1 {
                let (_, before) = candidates[k - 2];
                plausible_head(before.of(&text.key).trim()).then_some(before)
            } else {
                plausible_head(pk).then_some(prev)
            };
            if let Some(head) = head {
                let between = if head.start == prev.start {
                    String::new()
                } else {
                    prev.of(&text.text).trim().to_string()
                };
                value = format!("{}{between}{value}", head.of(&text.text).trim());
                start = head.start;
            }
        }
        let _ = i;
        return Some(Found {
            end: line.start + title_end,
            value,
            start,
        });
    }
    None
}

/// A line that is only a period in brackets: "（2021—2023年）", "(2023年度)".
pub(crate) fn is_bracketed_period(line: &str) -> bool {
    let inner = line
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']));
    inner.is_some_and(|i| period_in(i).is_some_and(|(a, b)| a == 0 && b == i.len()))
}

/// A title line that already names its subject (starts with a place) is complete.
fn starts_like_full_title(title: &str) -> bool {
    region_prefix(&crate::normalize::simplified(title)).is_some()
}

/// Where a title ends in a line: at the line end when the line ends like a title, else
/// right before a chapter heading that follows the title on the same line.
fn title_end(key: &str, every_label: &[&str], endings: &[String]) -> Option<usize> {
    let trimmed = key.trim_end();
    if endings
        .iter()
        .any(|e| strip_parenthetical(trimmed).ends_with(e.as_str()))
    {
        return Some(trimmed.len());
    }
    for e in endings.iter().map(String::as_str) {
        let mut from = 0;
        while let Some(rel) = key[from..].find(e) {
            let end = from + rel + e.len();
            from = end;
            let rest = &key[end..];
            let label_follows = every_label
                .iter()
                .any(|l| rest.starts_with(l) && rest[l.len()..].starts_with(['：', ':']));
            let chapter_follows = parse_marker(rest).is_some_and(|m| {
                matches!(
                    m.kind,
                    crate::sections::MarkerKind::Chapter
                        | crate::sections::MarkerKind::Part
                        | crate::sections::MarkerKind::PartSection
                )
            });
            if label_follows || chapter_follows {
                return Some(end);
            }
        }
    }
    None
}

/// Length of an attachment mark opening a line: "附件1：", "附件2 ", "附件：".
pub(crate) fn attachment_prefix(key: &str) -> usize {
    let Some(rest) = key.strip_prefix("附件") else {
        return 0;
    };
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let after = &rest[digits..];
    let sep = after.len() - after.trim_start_matches(['：', ':', ' ', '、', '.']).len();
    if sep == 0 && !after.is_empty() {
        return 0;
    }
    key.len() - after[sep..].len()
}

fn strip_parenthetical(s: &str) -> &str {
    let t = s.trim_end();
    if t.ends_with(['）', ')']) {
        if let Some(open) = t.rfind(['（', '(']) {
            if t[open..].chars().count() <= 10 {
                return t[..open].trim_end();
            }
        }
    }
    t
}

/// Administrative-unit suffixes, longest first.
const ADMIN_SUFFIXES: [&str; 10] = [
    "自治区",
    "自治州",
    "自治县",
    "特别行政区",
    "省",
    "市",
    "州",
    "盟",
    "县",
    "区",
];

/// The administrative area a name starts with, as a byte range: the innermost unit of the
/// chain it opens with. "西山县交通运输局" → "西山县", "江西省景德镇市昌江区财政局" →
/// "昌江区" (the area whose spending is evaluated). `None` for "区科技局".
pub fn region_prefix(name: &str) -> Option<(usize, usize)> {
    let mut end = 0usize;
    let mut last_start = 0usize;
    let mut rest = name;
    loop {
        let mut matched = None;
        // A unit name is 1–7 ideographs followed by a suffix; the shortest such prefix.
        for (i, c) in rest.char_indices().take(8) {
            if !crate::normalize::is_cjk(c) {
                break;
            }
            let n = rest[..i].chars().count();
            if n == 0 {
                continue;
            }
            if let Some(suf) = ADMIN_SUFFIXES.iter().find(|s| rest[i..].starts_with(**s)) {
                let unit = &rest[..i + suf.len()];
                // A place name holds no body or preposition: "财政局关于区" is not one.
                if !NOT_REGIONS.contains(&unit)
                    && !unit.contains(['局', '厅', '委'])
                    && !unit.contains("关于")
                {
                    matched = Some(i + suf.len());
                }
                break;
            }
        }
        match matched {
            Some(len) => {
                last_start = end;
                end += len;
                rest = &rest[len..];
            }
            None => break,
        }
    }
    (end > 0).then_some((last_start, end))
}

/// Words ending in 市/区/县 that are not places.
const NOT_REGIONS: [&str; 14] = [
    "城市", "城区", "社区", "小区", "园区", "景区", "市区", "地区", "片区", "辖区", "学区", "山区",
    "郊区", "省市",
];

/// Parses a date as written into ISO form as precise as written: "2024年8月" → "2024-08",
/// "2023年06月18日" → "2023-06-18", "二〇二二年十月" → "2022-10", "2023-05-12" → itself.
pub fn parse_date(s: &str) -> Option<(String, usize, usize)> {
    let s2 = chinese_digits_to_ascii(s);
    let re = date_regex();
    let m = re.captures(&s2)?;
    let year: u32 = m.get(1)?.as_str().parse().ok()?;
    if !(1990..=2100).contains(&year) {
        return None;
    }
    let month: Option<u32> = m.get(2).and_then(|x| x.as_str().parse().ok());
    let day: Option<u32> = m.get(3).and_then(|x| x.as_str().parse().ok());
    let whole = m.get(0)?;
    // Offsets are in the converted string; map back by char count.
    let start = char_to_byte(s, s2[..whole.start()].chars().count());
    let end = char_to_byte(s, s2[..whole.end()].chars().count());
    let iso = match (month, day) {
        (Some(mo), Some(d)) if (1..=12).contains(&mo) && (1..=31).contains(&d) => {
            format!("{year:04}-{mo:02}-{d:02}")
        }
        (Some(mo), _) if (1..=12).contains(&mo) => format!("{year:04}-{mo:02}"),
        _ => return None,
    };
    Some((iso, start, end))
}

fn char_to_byte(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map(|(i, _)| i).unwrap_or(s.len())
}

fn date_regex() -> &'static regex::Regex {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(\d{4})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)?\s*(?:(\d{1,2})\s*日?)?",
        )
        .expect("valid regex")
    });
    &RE
}

/// Rewrites Chinese-numeral dates to digits, char for char where possible:
/// 二〇二二年十月 → 2022年10月 (a 十 becomes one or two digits).
pub fn chinese_digits_to_ascii(s: &str) -> String {
    let digit = |c: char| match c {
        '〇' | '零' | 'О' | '○' => Some('0'),
        '一' => Some('1'),
        '二' => Some('2'),
        '三' => Some('3'),
        '四' => Some('4'),
        '五' => Some('5'),
        '六' => Some('6'),
        '七' => Some('7'),
        '八' => Some('8'),
        '九' => Some('9'),
        _ => None,
    };
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        // Year: four numerals then 年.
        if i + 4 < chars.len()
            && chars[i..i + 4].iter().all(|&c| digit(c).is_some())
            && chars[i + 4] == '年'
        {
            for &c in &chars[i..i + 4] {
                out.push(digit(c).unwrap_or(c));
            }
            i += 4;
            continue;
        }
        // Month/day: 十, 十二, 二十, 二十八, 三十一, 五 followed by 月/日, after 年/月.
        let prev = out.chars().last();
        if matches!(prev, Some('年') | Some('月')) {
            let mut j = i;
            while j < chars.len() && j < i + 3 && (digit(chars[j]).is_some() || chars[j] == '十') {
                j += 1;
            }
            if j > i && j < chars.len() && matches!(chars[j], '月' | '日') {
                let word: String = chars[i..j].iter().collect();
                if let Some((n, _)) = crate::sections::chinese_number(&word) {
                    out.push_str(&n.to_string());
                    i = j;
                    continue;
                }
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// The fiscal year a period or name states: "2023年度" → 2023, "23年…" → 2023,
/// "二〇二二年度" → 2022; `None` for ranges such as "2021-2024年".
pub fn fiscal_year(s: &str) -> Option<i32> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?:^|[^\d])(\d{4}|\d{2})\s*年").expect("valid regex")
    });
    let s = chinese_digits_to_ascii(s);
    if is_year_range(&s) {
        return None;
    }
    let c = RE.captures(&s)?;
    let y = c.get(1)?.as_str();
    let n: i32 = y.parse().ok()?;
    let year = if y.len() == 2 { 2000 + n } else { n };
    (1990..=2100).contains(&year).then_some(year)
}

/// Whether `s` states a range of years ("2021-2024年", "2021—2023年度", "2021年至2023年"),
/// which names no single fiscal year; a range of months within one year ("2022年1月至12月")
/// is not one.
pub fn is_year_range(s: &str) -> bool {
    static RANGE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\d{2,4}\s*(?:年度?)?\s*[-－—~～至到]\s*\d{2,4}\s*年")
            .expect("valid regex")
    });
    RANGE.is_match(&chinese_digits_to_ascii(s))
}

/// The period as written in a title or project name: "2023年度", "2022年", "2021-2024年",
/// "2021年至2023年".
pub fn period_in(s: &str) -> Option<(usize, usize)> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?:\d{4}\s*(?:年度?)?\s*[-－—~～至到]\s*)?\d{4}\s*年(?:度)?|[〇零一二三四五六七八九]{4}年(?:度)?",
        )
        .expect("valid regex")
    });
    let m = RE.find(s)?;
    Some((m.start(), m.end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2024年8月").map(|d| d.0), Some("2024-08".into()));
        assert_eq!(
            parse_date("报告日期:2023年06月18日").map(|d| d.0),
            Some("2023-06-18".into())
        );
        assert_eq!(
            parse_date("二〇二二年十月").map(|d| d.0),
            Some("2022-10".into())
        );
        assert_eq!(
            parse_date("二〇二三年三月三十日").map(|d| d.0),
            Some("2023-03-30".into())
        );
        assert_eq!(
            parse_date("2023-05-12").map(|d| d.0),
            Some("2023-05-12".into())
        );
        assert_eq!(parse_date("2023年"), None);
    }

    #[test]
    fn document_numbers() {
        assert!(crate::normalize::is_document_number("白财绩函〔2023〕15号"));
        assert!(crate::normalize::is_document_number("某财预[2021]8号"));
        assert!(!crate::normalize::is_document_number(
            "2023年度公租房运营维护经费"
        ));
        assert!(!crate::normalize::is_document_number("第3号"));
        assert!(!crate::normalize::is_document_number("某县〔2023〕号"));
    }

    #[test]
    fn years() {
        assert_eq!(fiscal_year("2021年至2023年"), None);
        assert_eq!(fiscal_year("2021—2023年度"), None);
        assert_eq!(fiscal_year("2022年1月至12月"), Some(2022));
        assert!(is_year_range("2021年度至2023年度"));
        assert!(!is_year_range("2022年1月至12月"));
        assert_eq!(period_in("柳江县2021年至2023年扶持政策"), Some((9, 26)));
        assert_eq!(fiscal_year("2023年度"), Some(2023));
        assert_eq!(fiscal_year("23年科技局部门整体支出"), Some(2023));
        assert_eq!(fiscal_year("二〇二二年度"), Some(2022));
        assert_eq!(fiscal_year("2021-2024年"), None);
    }

    #[test]
    fn regions() {
        let t = "枫桥区财政局关于区城市管理局";
        assert_eq!(region_prefix(t).map(|(a, b)| &t[a..b]), Some("枫桥区"));
        let r = |s: &'static str| region_prefix(s).map(|(a, b)| &s[a..b]);
        assert_eq!(r("西山县交通运输局"), Some("西山县"));
        assert_eq!(r("河南省财政厅"), Some("河南省"));
        assert_eq!(r("江西省景德镇市昌江区财政局"), Some("昌江区"));
        assert_eq!(region_prefix("区科技局"), None);
        assert_eq!(region_prefix("城市更新服务中心"), None);
    }
}
