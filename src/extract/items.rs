//! Numbered items of a section (achievements, problems, suggestions) and their titles.
//!
//! Items are the lines that open with the section's outermost numbering style (（一）, 1.,
//! 第一， 3.1, ● …); failing those, inline 一是…二是… clauses. When every outermost heading
//! names an aspect (（一）项目管理方面, `group_endings` of `sections.toml`), the items are the
//! numbered lines under those groups instead. A number that does not advance
//! (a heading repeated at the start of its paragraph) continues the item before it. An
//! item's title runs to the first sentence end (。；) or line end; a title that runs into
//! its text with no punctuation ends after the heading phrase (jieba tokens and the
//! `title_endings` of `sections.toml`).

use crate::dictionaries::Dictionaries;
use crate::normalize::NormText;
use crate::sections::{parse_marker, MarkerKind, Structure};

/// An item found in a section.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The heading phrase.
    pub title: String,
    /// The text (after the title; the whole item when the title ran into it).
    pub text: String,
    /// Byte span of the whole item in the normalized text.
    pub start: usize,
    /// End of the span.
    pub end: usize,
}

/// A piece of body text: a logical line clipped to the section.
#[derive(Debug, Clone, Copy)]
struct Piece {
    start: usize,
    end: usize,
}

/// The items of the body `[start, end)`, leaving out `holes` (nested sections of other
/// kinds and their headings).
pub fn items_in(
    text: &NormText,
    structure: &Structure,
    start: usize,
    end: usize,
    holes: &[(usize, usize)],
    dicts: &Dictionaries,
) -> Vec<Item> {
    let in_hole = |p: usize| holes.iter().any(|&(a, b)| p >= a && p < b);
    let pieces: Vec<Piece> = structure
        .lines_within(start, end)
        .filter(|(i, l)| !structure.toc[*i] && l.end > start && l.start < end)
        .map(|(_, l)| Piece {
            start: l.start.max(start),
            end: l.end.min(end),
        })
        .filter(|p| !in_hole(p.start))
        // A hole that begins inside a line ends the piece there (a suggestion labelled after
        // the problem's last sentence on its line).
        .map(|p| Piece {
            end: holes
                .iter()
                .filter(|&&(a, _)| a > p.start && a < p.end)
                .map(|&(a, _)| a)
                .min()
                .unwrap_or(p.end),
            ..p
        })
        .filter(|p| !text.key[p.start..p.end].trim().is_empty())
        .collect();
    if pieces.is_empty() {
        return Vec::new();
    }
    // Outermost numbering style among the pieces (inline 一是 aside).
    let marked: Vec<(usize, crate::sections::Marker)> = pieces
        .iter()
        .enumerate()
        .filter_map(|(i, p)| parse_marker(text.key[p.start..p.end].trim_start()).map(|m| (i, m)))
        .filter(|(_, m)| !matches!(m.kind, MarkerKind::Inline | MarkerKind::OutlineChapter))
        .collect();
    let outer = marked.iter().map(|(_, m)| m.kind).min_by_key(|k| k.level());
    // (start, end, number, group): a number restarts in each group of items.
    let mut items: Vec<(usize, usize, u32, usize)> = Vec::new();
    if let Some(kind) = outer {
        let is_group = |i: usize, m: &crate::sections::Marker| {
            let p = pieces[i];
            let rest = text.key[p.start..p.end].trim_start()[m.len..]
                .trim()
                .trim_end_matches(['：', ':']);
            (dicts
                .sections
                .group_endings
                .iter()
                .any(|g| rest.ends_with(g.as_str()))
                || crate::sections::aspect_of_kind(rest, &dicts.sections))
                && !rest.contains(['。', '；', '，', ','])
        };
        let outer_marked: Vec<&(usize, crate::sections::Marker)> =
            marked.iter().filter(|(_, m)| m.kind == kind).collect();
        // Items grouped by aspect: every outer heading names a group, and deeper numbered
        // lines follow; those lines are the items.
        let inner = marked
            .iter()
            .filter(|(_, m)| m.kind.level() > kind.level())
            .map(|(_, m)| m.kind)
            .min_by_key(|k| k.level());
        let grouped = inner.is_some() && outer_marked.iter().all(|(i, m)| is_group(*i, m));
        let (item_kind, groups) = match inner {
            Some(k) if grouped => (k, outer_marked.iter().map(|(i, _)| *i).collect()),
            _ => (kind, Vec::new()),
        };
        let starts: Vec<(usize, u32, usize)> = marked
            .iter()
            .filter(|(_, m)| m.kind == item_kind)
            .map(|(i, m)| {
                let group = groups.iter().filter(|&&g| g < *i).count();
                (*i, m.number, group)
            })
            .collect();
        for (k, &(i, n, g)) in starts.iter().enumerate() {
            // An item ends at the next item or the next group heading.
            let next = starts.get(k + 1).map(|x| x.0);
            let next_group = groups.iter().copied().find(|&h| h > i);
            let e = match (next, next_group) {
                (Some(a), Some(b)) => pieces[a.min(b)].start,
                (Some(a), None) | (None, Some(a)) => pieces[a].start,
                (None, None) => pieces.last().map_or(end, |p| p.end),
            };
            // Bullets carry no number: each is an item of its own.
            let n = if item_kind == MarkerKind::Bullet {
                k as u32 + 1
            } else {
                n
            };
            items.push((pieces[i].start, e, n, g));
        }
    } else {
        items = inline_items(
            &text.key,
            pieces[0].start,
            pieces.last().map_or(end, |p| p.end),
        )
        .into_iter()
        .map(|(s, e, n)| (s, e, n, 0))
        .collect();
    }
    // A number that does not advance (within its group) continues the previous item.
    let mut merged: Vec<(usize, usize, u32, usize)> = Vec::new();
    for it in items {
        match merged.last_mut() {
            Some(last) if it.3 == last.3 && it.2 <= last.2 => last.1 = it.1,
            _ => merged.push(it),
        }
    }
    merged
        .into_iter()
        .filter_map(|(s, e, _, _)| {
            let body: String = pieces
                .iter()
                .filter(|p| p.end > s && p.start < e)
                .map(|p| text.text[p.start.max(s)..p.end.min(e)].trim())
                .collect::<Vec<_>>()
                .join("\n");
            build_item(&body, s, e, dicts)
        })
        .collect()
}

/// Inline 一是…二是…三是… clauses, numbered from 一 in order.
fn inline_items(key: &str, start: usize, end: usize) -> Vec<(usize, usize, u32)> {
    let body = &key[start..end];
    let mut found: Vec<(usize, u32)> = Vec::new();
    let mut from = 0;
    for n in 1..=20u32 {
        let word = format!("{}是", crate::extract::chinese_numeral(n));
        let Some(rel) = body[from..].find(&word) else {
            break;
        };
        let pos = from + rel;
        found.push((start + pos, n));
        from = pos + word.len();
    }
    if found.len() < 2 {
        return Vec::new();
    }
    found
        .iter()
        .enumerate()
        .map(|(k, &(s, n))| (s, found.get(k + 1).map_or(end, |x| x.0), n))
        .collect()
}

/// Builds an item from its body text (marker included).
fn build_item(body: &str, start: usize, end: usize, dicts: &Dictionaries) -> Option<Item> {
    let marker_len = parse_marker(body).map_or(0, |m| m.len);
    let rest = strip_kind_label(body[marker_len..].trim_start(), dicts);
    let first_line = rest.lines().next().unwrap_or("");
    let (title, text) = split_title(first_line, rest, dicts);
    let title = title
        .trim()
        .trim_end_matches(['：', ':', '，', ',', '、', ' '])
        .to_string();
    let bare: String = title
        .chars()
        .filter(|c| !matches!(c, '。' | '.' | '；' | ';'))
        .collect();
    if bare.is_empty()
        || matches!(
            bare.as_str(),
            "无" | "暂无" | "没有" | "无其他需要说明的问题"
        )
    {
        return None;
    }
    Some(Item {
        title,
        text: text.trim().to_string(),
        start,
        end,
    })
}

/// An item that opens with the name of its kind and a colon ("（一）问题：改造对象认定把关不严。…",
/// "建议：…"), as findings given as 问题/建议 pairs do: the name is a label, the title follows it.
fn strip_kind_label<'a>(rest: &'a str, dicts: &Dictionaries) -> &'a str {
    let s = &dicts.sections;
    s.item_labels
        .iter()
        .chain(&s.problems)
        .chain(&s.suggestions)
        .filter_map(|w| rest.strip_prefix(w.as_str()))
        .filter_map(|r| r.trim_start().strip_prefix(['：', ':']))
        .map(str::trim_start)
        .filter(|r| !r.is_empty())
        .min_by_key(|r| r.len())
        .unwrap_or(rest)
}

/// The first sentence end of a line: 。；！？, or an ASCII `.` that is not a decimal point.
fn sentence_end(line: &str) -> Option<usize> {
    let cjk = line.find(['。', '；', ';', '！', '？', '!', '?']);
    let bytes = line.as_bytes();
    let ascii = line.char_indices().find(|&(i, c)| {
        c == '.'
            && !(i > 0
                && bytes[i - 1].is_ascii_digit()
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit))
    });
    match (cjk, ascii.map(|(i, _)| i)) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// A title set off by a colon ("改厕任务完成率低：全年完成…"): a short phrase with no comma,
/// before the first sentence end, with text after the colon.
fn title_colon(line: &str) -> Option<usize> {
    let p = line.find(['：', ':'])?;
    let head = &line[..p];
    let after = line[p..].chars().skip(1).collect::<String>();
    let short = (2..=MAX_COLON_TITLE_CHARS).contains(&head.chars().count());
    let clause = !head.contains(['，', ',', '。', '；', ';']);
    // 9:30 is a time, not a title.
    let time = line[..p].ends_with(|c: char| c.is_ascii_digit());
    (short && clause && !time && !after.trim().is_empty()).then_some(p)
}

/// Longest title set off by a colon.
const MAX_COLON_TITLE_CHARS: usize = 20;

/// Longest title without punctuation before it is taken as running into the text.
const MAX_TITLE_CHARS: usize = 40;

/// Splits an item into title and text.
fn split_title<'a>(first_line: &'a str, rest: &'a str, dicts: &Dictionaries) -> (String, String) {
    let sentence_end = title_colon(first_line).or_else(|| sentence_end(first_line));
    let head = match sentence_end {
        Some(p) => &first_line[..p],
        None => first_line,
    };
    if head.chars().count() <= MAX_TITLE_CHARS {
        let after = match sentence_end {
            Some(p) => {
                let c = first_line[p..].chars().next().map_or(0, char::len_utf8);
                format!("{}{}", &first_line[p + c..], &rest[first_line.len()..])
            }
            None => rest[first_line.len()..].to_string(),
        };
        return (head.to_string(), after);
    }
    // Runs into the text: cut the first clause after the heading phrase.
    let clause_end = head.find(['，', ',']).unwrap_or(head.len());
    let clause = &head[..clause_end];
    let cut = heading_phrase_end(clause, dicts);
    // No heading phrase in a long sentence of short clauses that ends: a one-sentence item
    // is its own title ("严格落实…程序，加强与…部门的数据比对。"), as a shorter one is.
    if cut.is_none()
        && clause.chars().count() <= MAX_TITLE_CHARS
        && head.chars().count() <= MAX_SENTENCE_TITLE_CHARS
    {
        if let Some(p) = sentence_end {
            let c = first_line[p..].chars().next().map_or(0, char::len_utf8);
            let after = format!("{}{}", &first_line[p + c..], &rest[first_line.len()..]);
            return (head.to_string(), after);
        }
    }
    let cut = cut.unwrap_or(clause.len());
    (clause[..cut].to_string(), rest.to_string())
}

/// Longest one-sentence title of an item whose heading phrase cannot be told apart.
const MAX_SENTENCE_TITLE_CHARS: usize = 80;

/// Where a heading phrase that runs into its text ends: after the first run of
/// title-ending words (成效, 提升, 完善, …) or before the first word that opens the text
/// (由, 结合, 依托, … `text_openers`), whichever comes first, at least four characters in,
/// when more text follows. `None` when the clause has neither.
///
/// A clause that opens with adverbs and then a title-ending verb is a command whose object
/// follows ("严格落实改造对象…程序"): that verb does not end the heading.
fn heading_phrase_end(clause: &str, dicts: &Dictionaries) -> Option<usize> {
    if clause.chars().count() <= 16 {
        return None;
    }
    let endings = &dicts.sections.title_endings;
    let openers = &dicts.sections.text_openers;
    let words = dicts.segmenter.tagged(clause);
    let mut pos = 0usize;
    let mut cut: Option<usize> = None;
    let mut only_adverbs = true;
    for (w, tag) in words {
        let command = only_adverbs && pos > 0;
        only_adverbs &= matches!(tag, "d" | "ad" | "vd");
        let end = pos + w.len();
        let far_enough = |p: usize| clause[..p].chars().count() >= MIN_RUN_ON_TITLE_CHARS;
        // A one-character opener may be cut together with what follows (由县, 由各).
        let opens = openers
            .iter()
            .any(|o| o == w || (o.chars().count() == 1 && w.starts_with(o.as_str())));
        if cut.is_none() && far_enough(pos) && opens {
            cut = Some(pos);
            break;
        }
        if endings.iter().any(|e| e == w) && far_enough(end) && !(command && cut.is_none()) {
            cut = Some(end);
        } else if cut.is_some() {
            break;
        }
        pos = end;
    }
    cut.filter(|&c| c < clause.len())
}

/// Shortest heading phrase cut from a run-on item.
const MIN_RUN_ON_TITLE_CHARS: usize = 4;

/// Lines of `[start, end)` that open with one of `labels` and a colon ("整改建议：建立…"):
/// each is an item, its title and text read from what follows the colon. A combined
/// problems-and-suggestions section gives each problem its own suggestion this way.
pub fn labelled_items(
    text: &NormText,
    structure: &Structure,
    start: usize,
    end: usize,
    labels: &[String],
    dicts: &Dictionaries,
) -> Vec<Item> {
    structure
        .lines_within(start, end)
        .filter(|(i, l)| !structure.toc[*i] && l.start >= start && l.end <= end)
        .filter_map(|(_, l)| {
            let key = l.of(&text.key);
            let lead = key.len() - key.trim_start().len();
            // At the line's start, or after a sentence of the problem before it on the same
            // line ("（一）问题：…。建议：加快资金拨付。").
            let opens = std::iter::once(lead).chain(
                key.match_indices(['。', '；'])
                    .map(|(i, m)| i + m.len())
                    .filter(|&i| i < key.len()),
            );
            let (at, after) = opens
                .filter_map(|at| {
                    labels
                        .iter()
                        .filter_map(|w| key[at..].strip_prefix(w.as_str()))
                        .filter_map(|r| r.strip_prefix(['：', ':']))
                        .map(str::len)
                        .max()
                        .map(|after| (at, after))
                })
                .next()?;
            let from = l.end - after;
            let body = text.text[from..l.end].trim();
            build_item(body, from, l.end, dicts).map(|mut it| {
                it.start = if at == lead { l.start } else { l.start + at };
                it
            })
        })
        .collect()
}

/// Which column of a problem table to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableColumn {
    /// The 存在问题 column (title), with 具体表现/问题描述 as text.
    Problems,
    /// The 整改建议 / 改进措施 column.
    Suggestions,
}

/// Items given as a table (one row per problem, read as cells separated by two spaces):
/// a header row names the columns (存在问题 | 具体表现 | 整改建议), each following row with
/// as many cells is an item.
///
/// Cells may wrap: until each cell of a row ends a sentence (。；), the next line continues
/// the row. Its cells go to the columns the row fills, or, when it has fewer, to the columns
/// whose text so far stops mid-sentence, in order. A 序号 number may stand on any line of
/// its row (vertically centred cells print it beside the middle line); a second number
/// starts a new row.
/// Without a description column, a cell's title is its first sentence and the rest its
/// text, as for numbered items.
pub fn table_items(
    text: &NormText,
    structure: &Structure,
    start: usize,
    end: usize,
    column: TableColumn,
    dicts: &Dictionaries,
) -> Vec<Item> {
    let rows: Vec<(usize, usize, Vec<&str>, Vec<&str>)> = structure
        .lines_within(start, end)
        .map(|(_, l)| l)
        .filter(|l| l.end > start && l.start < end)
        .map(|l| {
            let (s, e) = (l.start.max(start), l.end.min(end));
            (
                s,
                e,
                text.key[s..e].split("  ").map(str::trim).collect(),
                text.text[s..e].split("  ").map(str::trim).collect(),
            )
        })
        .collect();
    let words = &dicts.sections.table_columns;
    let Some(h) = rows.iter().position(|(_, _, cells, _)| {
        cells.len() >= 2
            && cells
                .iter()
                .any(|c| words.problems.iter().any(|w| c.contains(w.as_str())))
            && cells.iter().all(|c| c.chars().count() <= 10)
    }) else {
        return Vec::new();
    };
    let header = &rows[h].2;
    let find = |words: &[String], except: Option<usize>| {
        (0..header.len())
            .find(|&i| Some(i) != except && words.iter().any(|w| header[i].contains(w.as_str())))
    };
    let title_col = match column {
        TableColumn::Problems => find(&words.problems, None),
        TableColumn::Suggestions => find(&words.suggestions, None),
    };
    let Some(title_col) = title_col else {
        return Vec::new();
    };
    // The description column is another one: in 问题描述 | 整改建议 the problem column
    // describes itself.
    let text_col = match column {
        TableColumn::Problems => find(&words.descriptions, Some(title_col)),
        TableColumn::Suggestions => None,
    };
    // A 序号 column: its cells number the rows.
    let numbered = words.numbers.iter().any(|w| w == header[0]);
    let data_cols: Vec<usize> = (usize::from(numbered)..header.len()).collect();
    let is_number = |c: &str| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_digit());
    let ends_sentence = |c: &str| c.ends_with(['。', '；', ';']);
    // A row is complete when each of its cells ends a sentence, or when none holds one
    // (short cells, one line each).
    let complete = |cells: &[String]| {
        data_cols.iter().all(|&c| ends_sentence(&cells[c]))
            || data_cols
                .iter()
                .all(|&c| !cells[c].contains(['。', '；', ';']))
    };
    // (start, end, cells, numbered): the number may stand on any line of its row (a cell
    // centred vertically prints beside the row's middle line).
    let mut table: Vec<(usize, usize, Vec<String>, bool)> = Vec::new();
    for (s, e, cells, raw) in &rows[h + 1..] {
        if cells.iter().any(|c| c.is_empty()) {
            break;
        }
        let numbered_line = numbered && is_number(cells[0]);
        let data: &[&str] = if numbered_line { &raw[1..] } else { raw };
        let new_row = table
            .last()
            .is_none_or(|last| complete(&last.2) || (numbered_line && last.3));
        if new_row {
            if data.len() != data_cols.len() {
                break;
            }
            let mut row = vec![String::new(); header.len()];
            for (&c, part) in data_cols.iter().zip(data) {
                row[c] = part.to_string();
            }
            table.push((*s, *e, row, numbered_line));
            continue;
        }
        let Some(last) = table.last_mut() else {
            break;
        };
        let open: Vec<usize> = data_cols
            .iter()
            .copied()
            .filter(|&c| !ends_sentence(&last.2[c]))
            .collect();
        let targets: &[usize] = if data.len() == data_cols.len() {
            &data_cols
        } else if data.len() <= open.len() {
            &open[..data.len()]
        } else {
            break;
        };
        for (&c, part) in targets.iter().zip(data) {
            last.2[c].push_str(part);
        }
        last.1 = *e;
        last.3 |= numbered_line;
    }
    table
        .into_iter()
        .filter_map(|(s, e, raw, _)| match text_col {
            Some(c) => {
                let title = raw[title_col].trim_end_matches(['。', '；']).to_string();
                (!title.is_empty()).then(|| Item {
                    title,
                    text: raw[c].to_string(),
                    start: s,
                    end: e,
                })
            }
            None => build_item(&raw[title_col], s, e, dicts),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_set_off_by_a_colon_ends_there() {
        let dicts = Dictionaries::embedded();
        let line = "改厕任务完成率低：全年完成改造3597户，仅完成计划的59.95%。";
        let (title, text) = split_title(line, line, &dicts);
        assert_eq!(title, "改厕任务完成率低");
        assert_eq!(text, "全年完成改造3597户，仅完成计划的59.95%。");
        // A colon after a comma or a sentence end does not end the title.
        let line = "资金拨付不及时，原因如下：一是审批慢。";
        assert_eq!(
            split_title(line, line, &dicts).0,
            "资金拨付不及时，原因如下：一是审批慢"
        );
        let line = "资金拨付不及时。原因：审批慢。";
        assert_eq!(split_title(line, line, &dicts).0, "资金拨付不及时");
        // A time is not a title.
        assert_eq!(title_colon("会议于9:30开始"), None);
    }

    #[test]
    fn a_kind_label_before_the_colon_is_no_title() {
        let dicts = Dictionaries::embedded();
        let item = build_item(
            "（一）问题：补助资金拨付不及时。县级配套资金于2023年11月才下达。",
            0,
            10,
            &dicts,
        )
        .expect("an item");
        assert_eq!(item.title, "补助资金拨付不及时");
        assert_eq!(item.text, "县级配套资金于2023年11月才下达。");
        let item = build_item("2.建议：完善档案管理。补齐资料。", 0, 10, &dicts).expect("an item");
        assert_eq!(item.title, "完善档案管理");
        // A phrase before the colon that names the content is the title.
        let item =
            build_item("1.改厕任务完成率低：全年仅完成59.95%。", 0, 10, &dicts).expect("an item");
        assert_eq!(item.title, "改厕任务完成率低");
    }

    #[test]
    fn a_run_on_title_ends_before_the_word_that_opens_its_text() {
        let dicts = Dictionaries::embedded();
        let split = |line: &str| split_title(line, line, &dicts).0;
        assert_eq!(
            split("健全补贴对象动态核查机制由县就业服务中心牵头会同市场监管、税务部门每季度比对企业经营和社保缴费数据，对不再符合条件的企业及时停止补贴。"),
            "健全补贴对象动态核查机制"
        );
        assert_eq!(
            split("建立补贴标准定期评估调整制度结合物价水平和企业用工成本变化每两年评估一次补贴标准，实行动态调整。"),
            "建立补贴标准定期评估调整制度"
        );
        // A title ending before the opener still wins.
        assert_eq!(
            split(
                "科技助企取得新成效通过科技特派员服务培育了41家科技型中小企业和12家高新技术企业。"
            ),
            "科技助企取得新成效"
        );
        // Adverbs and a title-ending verb open a command: its object follows, and a
        // sentence of short clauses with no heading phrase is its own title.
        assert_eq!(
            split("严格落实改造对象“户申请、村评议、乡审核、县审批”程序，加强与民政、不动产登记等部门的数据比对。"),
            "严格落实改造对象“户申请、村评议、乡审核、县审批”程序，加强与民政、不动产登记等部门的数据比对"
        );
        // A noun before the verb makes it the end of a heading phrase.
        assert_eq!(
            split("内部管理制度建设得到加强全年修订财务和资产管理办法12项并组织全员培训3次，效果较好。"),
            "内部管理制度建设得到加强"
        );
        // An opener too close to the start is part of the phrase.
        assert_eq!(
            split("通过以奖代补方式引导村集体经济组织参与农村公路日常管护和运营并建立管护台账和定期巡查制度，效果较好。"),
            "通过以奖代补方式引导村集体经济组织参与农村公路日常管护和运营并建立管护台账和定期巡查制度"
        );
    }
}
