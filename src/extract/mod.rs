//! Stage 4, extract: header fields, score and grade, and the item lists → [`Report`].
//!
//! Every value is taken from the text as written (never guessed): a field that the report
//! does not state stays `null`, and each value's span goes into `provenance`.

pub mod fields;
pub mod figures;
pub mod items;
pub mod score;

use crate::dictionaries::Dictionaries;
use crate::normalize::NormText;
use crate::report::{
    Achievement, DocType, Grade, Problem, Report, Scope, Source, Span, Suggestion,
};
use crate::sections::{find_structure, parse_marker, Section, SectionKind, Structure};

use fields::Found;

/// The Chinese numeral for 1…99 (一, 十, 十二, 二十三).
pub fn chinese_numeral(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => D[n as usize].to_string(),
        10..=19 => format!("十{}", if n == 10 { "" } else { D[(n - 10) as usize] }),
        _ => format!(
            "{}十{}",
            D[(n / 10) as usize % 10],
            if n % 10 == 0 {
                ""
            } else {
                D[(n % 10) as usize]
            }
        ),
    }
}

/// Extracts a [`Report`] (problem categories and keywords not yet set) from normalized text.
pub fn extract(text: &NormText, source: Source, dicts: &Dictionaries) -> Report {
    let mut report = Report::empty(source);
    let mut structure = find_structure(text, &dicts.sections);
    // The date closing the report (its lines, not its sections, tell it): it dates the
    // report and begins the signature block that ends the last section.
    let closing = closing_date(text, &structure);
    if let Some(end) = closing
        .as_ref()
        .and_then(|date| signature_start(text, &structure, date, dicts))
    {
        structure.end_sections_at(end);
    }
    let every = fields::all_labels(&dicts.fields);
    let hits = fields::LabelHits::new(text, dicts);
    let labels = |f: &str| dicts.fields.labels(f);
    let lines = &structure.lines;
    let mut spans: Vec<(String, usize, usize)> = Vec::new();
    let take =
        |key: &str, f: Option<Found>, spans: &mut Vec<(String, usize, usize)>| -> Option<String> {
            let f = f?;
            spans.push((key.to_string(), f.start, f.end));
            Some(f.value)
        };

    // Title, document type.
    let title = fields::find_title(
        text,
        lines,
        structure.first_heading,
        &every,
        &dicts.fields.title_endings,
    );
    report.title = take("title", title.clone(), &mut spans);
    let title_key = title
        .as_ref()
        .map(|t| simplified_of(text, t))
        .unwrap_or_default();
    // Without a title there is no telling what the document is.
    report.doc_type = if title_key.is_empty() {
        DocType::Unknown
    } else {
        doc_type(dicts, &title_key)
    };

    // Labelled header fields.
    for (field, narrative) in [
        ("project", true),
        ("organizer", false),
        ("department", true),
        ("unit", true),
        ("evaluator", false),
        ("period", false),
    ] {
        let found = fields::find_labelled(text, lines, &hits, labels(field), &every, narrative);
        let value = take(field, found, &mut spans);
        match field {
            "project" => report.project = value,
            "organizer" => report.organizer = value,
            "department" => report.department = value,
            "unit" => report.unit = value,
            "evaluator" => report.evaluator = value,
            _ => report.period = value,
        }
    }

    // Project: as labelled, else as the title names it.
    if report.project.is_none() {
        if let (Some(t), Some(f)) = (report.title.as_deref(), title.as_ref()) {
            report.project = project_from_title(t, dicts);
            if let Some(p) = &report.project {
                let (a, b) = title_part_span(text, f, p);
                spans.push(("project".into(), a, b));
            }
        }
    }

    // Evaluation date: a labelled date, else the date closing the report.
    let labelled_date =
        fields::find_labelled(text, lines, &hits, labels("evaluation_date"), &every, false)
            .and_then(|f| {
                fields::parse_date(&f.value).map(|(iso, s, e)| Found {
                    value: iso,
                    start: f.start + s,
                    end: f.start + e,
                })
            });
    // A closing date dates a report, not any document (a notice has one too, and a
    // 基本情况 section opens budget disclosures and work reports as well): without a
    // title, only sections of findings make the text a report.
    let looks_like_report = report.title.is_some()
        || structure
            .sections
            .iter()
            .any(|s| !matches!(s.kind, SectionKind::Other | SectionKind::Summary));
    let date = labelled_date.or_else(|| closing.clone().filter(|_| looks_like_report));
    report.evaluation_date = take("evaluation_date", date, &mut spans);

    // Period and fiscal year: as labelled, else as the title or project states them.
    if report.period.is_none() {
        for (src, off) in [(report.title.as_deref(), title.as_ref().map(|t| t.start))] {
            if let (Some(s), Some(off)) = (src, off) {
                if let Some((a, b)) = fields::period_in(s) {
                    spans.push(("period".into(), off + a, off + b));
                    report.period = Some(s[a..b].to_string());
                }
            }
        }
    }
    // A form states its year on a line of its own under the title: "（2023年度）".
    if report.period.is_none() {
        if let Some(f) = period_line(text, &structure) {
            spans.push(("period".into(), f.start, f.end));
            report.period = Some(f.value);
        }
    }
    // A period spanning several years names no single fiscal year, whatever else says one.
    let multi_year = report.period.as_deref().is_some_and(fields::is_year_range);
    report.fiscal_year = [
        report.period.as_deref(),
        report.project.as_deref(),
        report.title.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(|s| {
        fields::period_in(s)
            .map(|(a, b)| &s[a..b])
            .or(Some(s))
            .and_then(fields::fiscal_year)
    })
    .filter(|_| !multi_year);
    if report.fiscal_year.is_none()
        && !multi_year
        && report
            .period
            .as_deref()
            .is_some_and(|p| fields::period_in(p).is_none())
    {
        report.fiscal_year = report.period.as_deref().and_then(fields::fiscal_year);
    }

    // Fiscal year stated only in the opening paragraph ("对…2023年度…资金开展了绩效评价"),
    // outside the titles of cited documents (《关于开展2024年度…的通知》 dates the evaluation).
    if report.fiscal_year.is_none() && report.title.is_some() && !multi_year {
        report.fiscal_year = opening_fiscal_year(text, structure.first_heading);
    }

    // Scope: the project name, then the title.
    report.scope = [report.project.as_deref(), report.title.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|s| scope_of(dicts, &crate::normalize::simplified(s)))
        .unwrap_or(Scope::Unknown);
    // A department's whole-spending report names the evaluated body in its title, before
    // the period ("X县市场监督管理局2023年度部门整体支出…").
    if report.scope == Scope::Department && report.unit.is_none() {
        if let (Some(t), Some(f)) = (report.title.as_deref(), title.as_ref()) {
            if let Some(u) = body_before_period(t).or_else(|| body_before_scope(t, dicts)) {
                let (a, b) = title_part_span(text, f, u);
                spans.push(("unit".into(), a, b));
                report.unit = Some(u.to_string());
            }
        }
    }
    if report.scope == Scope::Department && report.department.is_none() {
        if let Some(u) = &report.unit {
            report.department = Some(u.clone());
            if let Some(sp) = spans.iter().find(|s| s.0 == "unit").cloned() {
                spans.push(("department".into(), sp.1, sp.2));
            }
        }
    }

    // Department: "对X组织实施的…开展评价" in the opening, when no label names it.
    if report.department.is_none() {
        report.department = take("department", implementing_department(text), &mut spans);
    }

    // Evaluator: "委托X对…" in the opening, or the firm signing a third-party report.
    if report.evaluator.is_none() {
        report.evaluator = take("evaluator", commissioned_firm(text), &mut spans);
    }
    if report.evaluator.is_none() && report.doc_type == DocType::EvaluationReport {
        report.evaluator = take(
            "evaluator",
            signing_firm(text, &structure, dicts, closing.as_ref()),
            &mut spans,
        );
    }

    // Organizer: "受X委托" when no label names it; a 结果反馈 letter is issued by the
    // finance bureau that organized the evaluation, so its signature names the organizer.
    if report.organizer.is_none() {
        report.organizer = take("organizer", commissioned_by(text), &mut spans);
    }
    if report.organizer.is_none() {
        report.organizer = take(
            "organizer",
            commissioned_by_addressee(text, &structure),
            &mut spans,
        );
    }
    if report.organizer.is_none() && report.doc_type == DocType::ResultFeedback {
        report.organizer = take(
            "organizer",
            signing_body(text, &structure, dicts),
            &mut spans,
        );
    }

    // Region: the place the title opens with, else the organizer's or departments'.
    let region = [
        report.title.as_deref(),
        report.organizer.as_deref(),
        report.department.as_deref(),
        report.unit.as_deref(),
    ]
    .into_iter()
    .flatten()
    .find_map(|s| {
        // Matched on the simplified form (縣 → 县), sliced from the text as written.
        fields::region_prefix(&crate::normalize::simplified(s)).map(|(a, b)| s[a..b].to_string())
    });
    if let Some(r) = &region {
        if let Some(p) = text.text.find(r.as_str()) {
            spans.push(("region".into(), p, p + r.len()));
        }
    }
    report.region = region;

    // Score and grade.
    let score = score::find_score(
        text,
        labels("score"),
        &dicts.fields.score_totals,
        &dicts.fields.score_table_headers,
    )
    .or_else(|| {
        // In a header row of labels, the score is the number below its label.
        let f = column_below(text, lines, &hits, labels("score"), &every)?;
        let value: f64 = f.value.trim_end_matches('分').parse().ok()?;
        (0.0..=100.0).contains(&value).then_some(score::ScoreFound {
            value: Some(value),
            start: f.start,
            end: f.end,
        })
    });
    if let Some(s) = &score {
        report.score = s.value;
        spans.push(("score".into(), s.start, s.end));
        if s.value.is_none() {
            report
                .warnings
                .push("score is masked in the text (略)".into());
        }
    } else {
        report.warnings.push("no score found".into());
    }
    let grade = score::find_grade(text, score.as_ref().map(|s| s.start)).or_else(|| {
        let f = column_below(text, lines, &hits, labels("grade"), &every)?;
        Some((Grade::parse(&f.value)?, f))
    });
    if let Some((grade, found)) = grade {
        report.grade = Some(grade);
        report.grade_raw = take("grade", Some(found), &mut spans);
    }
    if let (Some(s), Some(g)) = (report.score, report.grade) {
        let band = Grade::from_score(s);
        if band != g {
            report.warnings.push(format!(
                "grade {} as written disagrees with score {s} (band {} under 财预〔2020〕10号)",
                g, band
            ));
        }
    }

    // Sections and items.
    let summary = best_section(text, &structure, SectionKind::Summary, dicts);
    if let Some((sec, _)) = &summary {
        let body = body_text(text, &structure, sec);
        if !body.is_empty() {
            spans.push(("summary".into(), sec.start, sec.end));
            report.summary = Some(truncate_at_sentence(&body, 2000));
        }
    }
    if let Some((_, items)) = best_section(text, &structure, SectionKind::Achievements, dicts) {
        for (i, it) in items.into_iter().enumerate() {
            spans.push((format!("achievements[{i}]"), it.start, it.end));
            // A title that ran into the text is already part of it; otherwise the title is
            // its own clause (a figure's phrase never runs from the title into the text).
            let all = if it.text.starts_with(&it.title) {
                it.text.clone()
            } else {
                format!("{}\n{}", it.title, it.text)
            };
            let figures = figures::find_figures(&all, &dicts.fields.figure_units);
            report.achievements.push(Achievement {
                title: it.title,
                text: it.text,
                figures,
            });
        }
    }
    if let Some((_, items)) = best_section(text, &structure, SectionKind::Problems, dicts) {
        for (i, it) in items.into_iter().enumerate() {
            spans.push((format!("problems[{i}]"), it.start, it.end));
            report.problems.push(Problem {
                title: it.title,
                text: it.text,
                categories: Vec::new(),
            });
        }
    }
    if let Some((_, items)) = best_section(text, &structure, SectionKind::Suggestions, dicts) {
        for (i, it) in items.into_iter().enumerate() {
            spans.push((format!("suggestions[{i}]"), it.start, it.end));
            report.suggestions.push(Suggestion {
                title: it.title,
                text: it.text,
            });
        }
    }
    if report.title.is_none()
        && report.score.is_none()
        && report.problems.is_empty()
        && report.project.is_none()
    {
        report
            .warnings
            .push("no report found in the text: no title, score, project or problems".into());
    }

    for (key, start, end) in spans {
        report.provenance.insert(
            key,
            Span {
                start: text.char_offset(start),
                end: text.char_offset(end),
                page: text.page_of(start),
            },
        );
    }
    report
}

/// The simplified-character form of a found value (same byte span in `key`).
fn simplified_of(text: &NormText, f: &Found) -> String {
    if f.end <= text.key.len() && text.text.get(f.start..f.end) == Some(f.value.as_str()) {
        text.key[f.start..f.end].to_string()
    } else {
        crate::normalize::simplified(&f.value)
    }
}

fn doc_type(dicts: &Dictionaries, s: &str) -> DocType {
    for (id, terms) in [
        ("result_feedback", DocType::ResultFeedback),
        ("self_evaluation", DocType::SelfEvaluation),
        ("evaluation_report", DocType::EvaluationReport),
    ] {
        if dicts
            .fields
            .doc_types
            .get(id)
            .is_some_and(|t| t.iter().any(|w| s.contains(w.as_str())))
        {
            return terms;
        }
    }
    DocType::Unknown
}

/// Where `part` of the title found at `title` lies in the text (the whole title when a line
/// break inside it hides the part), for provenance.
fn title_part_span(text: &NormText, title: &Found, part: &str) -> (usize, usize) {
    text.text[title.start..]
        .find(part)
        .map_or((title.start, title.end), |i| {
            (title.start + i, title.start + i + part.len())
        })
}

/// The project a title names: the title minus its report-type ending (`title_suffixes`)
/// and the place, body and period it opens with: "云溪县2021—2023年度农村饮水安全巩固提升
/// 项目绩效评价报告" → "农村饮水安全巩固提升项目". `None` when the remainder is generic
/// (`generic_projects`, a department's whole spending) or still names a body.
fn project_from_title(title: &str, dicts: &Dictionaries) -> Option<String> {
    let key = crate::normalize::simplified(title);
    let suffix = dicts
        .fields
        .title_suffixes
        .iter()
        .filter(|s| key.ends_with(s.as_str()))
        .max_by_key(|s| s.len())?;
    let n = key.len().checked_sub(suffix.len())?;
    let head_key = key.get(..n)?.trim_end();
    // "…专项资金（2021—2023年）重点绩效评价报告": the bracketed period is no part of it.
    let head_key = match head_key.rfind(['（', '(']) {
        Some(open) if fields::is_bracketed_period(&head_key[open..]) => head_key[..open].trim_end(),
        _ => head_key,
    };
    // "望江县农村危房改造补助资金" / "2023年度重点绩效评价报告": a period that ends the head
    // follows the project, which the place opens.
    let (head_key, period) = match fields::period_in(head_key) {
        Some((a, b)) if head_key[b..].trim().is_empty() && a > 0 => {
            (head_key[..a].trim_end(), None)
        }
        p => (head_key, p),
    };
    let start = match period {
        Some((_, b)) => b,
        None => {
            // No period: only a place (and a "X关于" lead-in) may precede the project.
            let after_region = fields::region_prefix(head_key).map_or(0, |(_, b)| b);
            let after_about = head_key.rfind("关于").map_or(0, |i| i + "关于".len());
            let start = after_region.max(after_about);
            if head_key.get(start..)?.contains('局') {
                return None;
            }
            start
        }
    };
    let rest_key = head_key.get(start..)?.trim_start_matches('的').trim();
    let rest_key = rest_key.trim_end_matches(['的', ' ']);
    // "…养护经费项目" before "支出绩效自评报告": 项目支出 is the kind of spending.
    let rest_key = match rest_key.strip_suffix("项目") {
        Some(fund)
            if suffix.starts_with("支出")
                && dicts
                    .fields
                    .fund_endings
                    .iter()
                    .any(|e| fund.ends_with(e.as_str())) =>
        {
            fund
        }
        _ => rest_key,
    };
    if rest_key.chars().count() < 2
        || dicts.fields.generic_projects.iter().any(|g| g == rest_key)
        || scope_of(dicts, rest_key) == Some(Scope::Department)
    {
        return None;
    }
    let a = head_key.find(rest_key)?;
    title.get(a..a + rest_key.len()).map(str::to_string)
}

/// The body a title opens with, up to its period: "青石县市场监督管理局2023年度部门整体支出
/// 绩效自评报告" → "青石县市场监督管理局"; `None` when only a place precedes the period.
fn body_before_period(title: &str) -> Option<&str> {
    let key = crate::normalize::simplified(title);
    let (a, _) = fields::period_in(&key)?;
    let head = title.get(..a)?.trim();
    let head_key = key.get(..a)?.trim();
    let region_end = fields::region_prefix(head_key).map_or(0, |(_, b)| b);
    let is_name = head.chars().count() >= 3
        && head.chars().all(crate::normalize::is_cjk)
        && !head_key.contains("关于");
    (is_name && region_end < head_key.len()).then_some(head)
}

/// The body a title without a period opens with, up to its department scope term
/// ("某县自然资源局部门整体支出绩效自评报告" over "（2023年度）" → "某县自然资源局"): a name
/// ending like a government body (`body_endings`), more than a place.
fn body_before_scope<'t>(title: &'t str, dicts: &Dictionaries) -> Option<&'t str> {
    let key = crate::normalize::simplified(title);
    if fields::period_in(&key).is_some() {
        return None;
    }
    let a = dicts
        .fields
        .scopes
        .get("department")?
        .iter()
        .filter_map(|t| key.find(t.as_str()))
        .min()?;
    let head_key = key.get(..a)?.trim();
    let region_end = fields::region_prefix(head_key).map_or(0, |(_, b)| b);
    let is_body = head_key.chars().count() >= 3
        && head_key.chars().all(crate::normalize::is_cjk)
        && !head_key.contains("关于")
        && region_end < head_key.len()
        && dicts
            .fields
            .body_endings
            .iter()
            .any(|e| head_key.ends_with(e.as_str()));
    is_body.then(|| title.get(..a).map(str::trim)).flatten()
}

fn scope_of(dicts: &Dictionaries, s: &str) -> Option<Scope> {
    for (id, scope) in [
        ("department", Scope::Department),
        ("policy", Scope::Policy),
        ("project", Scope::Project),
    ] {
        if dicts
            .fields
            .scopes
            .get(id)
            .is_some_and(|t| t.iter().any(|w| s.contains(w.as_str())))
        {
            return Some(scope);
        }
    }
    None
}

/// The first group of `re` matched in the opening of the report (its first 3000
/// characters), as a value sliced from the text as written.
fn opening_capture(text: &NormText, re: &regex::Regex) -> Option<Found> {
    let head_end = text
        .key
        .char_indices()
        .nth(3000)
        .map_or(text.key.len(), |(i, _)| i);
    let m = re.captures(&text.key[..head_end])?.get(1)?;
    Some(Found {
        value: text.text[m.start()..m.end()].to_string(),
        start: m.start(),
        end: m.end(),
    })
}

/// "受X委托" in the opening of the report: X commissioned the evaluation.
fn commissioned_by(text: &NormText) -> Option<Found> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"受([\p{Han}（）()]{2,24}?(?:局|厅|委|办|部|政府|办公室))(?:的)?委托")
            .expect("valid regex")
    });
    opening_capture(text, &RE)
}

/// "受贵局委托" (the honorific "your bureau"): a report written as a letter to the body that
/// commissioned it names that body in its salutation, a line before the sentence that is
/// only the name and a colon (青山县财政局：).
fn commissioned_by_addressee(text: &NormText, structure: &Structure) -> Option<Found> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"受贵(?:局|厅|委|办|部|单位|中心|政府)(?:的)?委托").expect("valid regex")
    });
    static BODY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"^[\p{Han}（）()]{2,30}(?:局|厅|委|办|部|政府|办公室|中心)$")
            .expect("valid regex")
    });
    let head_end = text
        .key
        .char_indices()
        .nth(3000)
        .map_or(text.key.len(), |(i, _)| i);
    let m = RE.find(&text.key[..head_end])?;
    structure
        .lines
        .iter()
        .take_while(|l| l.end <= m.start())
        .find_map(|line| {
            let key = line.of(&text.key);
            let name = key.trim().strip_suffix(['：', ':'])?.trim_end();
            if !BODY.is_match(name) {
                return None;
            }
            let start = line.start + (key.len() - key.trim_start().len());
            Some(Found {
                value: text.text[start..start + name.len()].to_string(),
                start,
                end: start + name.len(),
            })
        })
}

/// The firm that signs a third-party report: a short line among the last lines that names
/// an evaluation firm (`evaluator_terms` of `fields.toml`), next to the closing date. When
/// appendices follow the signature, the lines are those up to the `closing` date's.
fn signing_firm(
    text: &NormText,
    structure: &Structure,
    dicts: &Dictionaries,
    closing: Option<&Found>,
) -> Option<Found> {
    let end = closing.map_or(structure.lines.len(), |d| {
        (structure.lines.partition_point(|l| l.end <= d.start) + 1).min(structure.lines.len())
    });
    for line in structure.lines[..end].iter().rev().take(4) {
        let line_key = line.of(&text.key);
        let lead = line_key.len() - line_key.trim_start().len();
        let key = firm_name(
            line_key.trim(),
            &dicts.fields.signature_marks,
            &dicts.fields.evaluator_terms,
        );
        let firm_like = key.chars().count() <= 40
            && !key.contains(['。', '，', '：', ':', '；'])
            && dicts
                .fields
                .evaluator_terms
                .iter()
                .any(|t| key.ends_with(t.as_str()));
        if firm_like && fields::parse_date(key).is_none() {
            let start = line.start + lead;
            let value = text.text[start..start + key.len()].to_string();
            return Some(Found {
                start,
                end: start + key.len(),
                value,
            });
        }
    }
    None
}

/// The name a signing line opens with, before a seal mark or a signatory after it
/// (`X有限公司（盖章）`, `X有限公司项目负责人：张三`: `signature_marks`), ending with one of
/// `endings` (`evaluator_terms`) when the signatory's title (项目负责人) runs on from it.
fn firm_name<'a>(line: &'a str, marks: &[String], endings: &[String]) -> &'a str {
    let Some(p) = marks.iter().filter_map(|m| line.find(m.as_str())).min() else {
        return line;
    };
    let head = line[..p].trim_end_matches(['（', '(', ' ', '：', ':']);
    let name_end = endings
        .iter()
        .filter_map(|e| head.rfind(e.as_str()).map(|i| i + e.len()))
        .max()
        .filter(|&e| head[e..].chars().count() <= SIGNATORY_TITLE_CHARS);
    head[..name_end.unwrap_or(head.len())].trim_end()
}

/// Longest signatory title between a firm's name and its mark (项目负责人 → 项目).
const SIGNATORY_TITLE_CHARS: usize = 4;

/// A line before the first heading that is only a parenthesized period: "（2023年度）".
fn period_line(text: &NormText, structure: &Structure) -> Option<Found> {
    structure
        .lines
        .iter()
        .take_while(|l| l.start < structure.first_heading)
        .find_map(|l| {
            let key = l.of(&text.key).trim();
            let inner = key
                .strip_prefix(['（', '('])?
                .strip_suffix(['）', ')'])?
                .trim();
            let (a, b) = fields::period_in(inner)?;
            if a != 0 || b != inner.len() {
                return None;
            }
            let start = l.start + (l.of(&text.key).find(inner)?);
            Some(Found {
                value: text.text[start..start + inner.len()].to_string(),
                start,
                end: start + inner.len(),
            })
        })
}

/// The first "NNNN年度" before the first heading, outside 《…》 titles.
fn opening_fiscal_year(text: &NormText, header_end: usize) -> Option<i32> {
    let head = &text.key[..header_end.min(text.key.len())];
    let mut depth = 0i32;
    let mut clean = String::with_capacity(head.len());
    for c in head.chars() {
        match c {
            '《' => depth += 1,
            '》' => depth = (depth - 1).max(0),
            _ if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    static RE: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(|| regex::Regex::new(r"(\d{4})年度").expect("valid regex"));
    let y: i32 = RE.captures(&clean)?.get(1)?.as_str().parse().ok()?;
    (1990..=2100).contains(&y).then_some(y)
}

/// The body signing a letter: the non-firm line just above the closing date.
fn signing_body(text: &NormText, structure: &Structure, dicts: &Dictionaries) -> Option<Found> {
    let lines = &structure.lines;
    let n = lines.len();
    for k in (n.saturating_sub(4)..n).rev() {
        let key = lines[k].of(&text.key).trim();
        let date_line =
            fields::parse_date(key).is_some_and(|(_, a, b)| a == 0 && key[b..].trim().is_empty());
        if date_line && k > 0 {
            let prev = lines[k - 1];
            let pk = prev.of(&text.key).trim();
            let is_body = pk.chars().count() <= 30
                && !pk.contains(['。', '，', '：', ':', '；'])
                && !dicts
                    .fields
                    .evaluator_terms
                    .iter()
                    .any(|t| pk.ends_with(t.as_str()))
                && dicts
                    .fields
                    .body_endings
                    .iter()
                    .any(|e| pk.ends_with(e.as_str()));
            if is_body {
                let raw = prev.of(&text.text);
                let lead = raw.len() - raw.trim_start().len();
                let value = raw.trim().to_string();
                return Some(Found {
                    start: prev.start + lead,
                    end: prev.start + lead + value.len(),
                    value,
                });
            }
        }
    }
    None
}

/// "对X组织实施的…" (also "对X（以下简称“Y”）实施的"): the department responsible for the
/// evaluated spending, in the opening.
fn implementing_department(text: &NormText) -> Option<Found> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"对([\p{Han}（）()]{2,24}?(?:局|厅|委员会|委|办公室|办))(?:[（(]以下简称[^)）]*[)）])?(?:组织实施|负责实施|实施|管理)的").expect("valid regex")
    });
    opening_capture(text, &RE)
}

/// "委托X对/开展/具体实施…": the firm commissioned to evaluate, in the opening of the report;
/// also the firm that opens the sentence after the commissioning clause ("受贵局委托，X（以下
/// 简称“我所”）于…对…开展了绩效评价").
fn commissioned_firm(text: &NormText) -> Option<Found> {
    static RE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"委托[，,]?(?:第三方机构)?([\p{Han}（）()]{2,30}?(?:会计师事务所(?:有限公司|有限责任公司)?(?:[（(](?:特殊)?普通合伙[)）])?|有限责任公司|有限公司|研究院|评估中心|咨询中心))(?:[（(]以下简称[^)）]*[)）])?(?:对|就|于|开展|组成|作为|具体实施|实施|承担|负责|，|,)")
            .expect("valid regex")
    });
    opening_capture(text, &RE)
}

/// The value below the first of `labels` that heads a column of a header row of labels
/// (项目名称  评价得分  评价等级 over 农村道路养护  86.5  良).
fn column_below(
    text: &NormText,
    lines: &[crate::sections::Line],
    hits: &fields::LabelHits<'_>,
    labels: &[String],
    every: &[&str],
) -> Option<Found> {
    hits.occurrences_of(lines, labels)
        .find_map(|(li, after)| fields::column_value(text, lines, li, after, every).flatten())
}

/// The date that closes a report (signature block): the last date among its last lines.
fn closing_date(text: &NormText, structure: &Structure) -> Option<Found> {
    let lines = &structure.lines;
    // The report ends at the end of the text or, when appendices follow its signature, at
    // an attachment mark ("附件1：…") after the first heading.
    let ends = std::iter::once(lines.len()).chain(
        lines
            .iter()
            .enumerate()
            .filter(|(_, l)| {
                l.start >= structure.first_heading
                    && fields::attachment_prefix(l.of(&text.key).trim_start()) > 0
            })
            .map(|(i, _)| i),
    );
    ends.into_iter()
        .find_map(|end| closing_date_before(text, &lines[..end]))
}

/// Where the signature block that closes the report begins: the closing date's line and
/// the signing lines just above it (at most three: names ending in `body_endings`,
/// `signatory_endings` or `evaluator_terms`, or holding a `signature_marks` entry such as
/// 盖章 or 特此报告; each short, without numbering or sentence punctuation), and above them
/// a letter's closing request (`closing_requests`) and attachment lines. A date that
/// ends a sentence on its line begins the block there. `None` when the closing `date`'s
/// line is a numbered item or holds more than a label or a signing name before it.
fn signature_start(
    text: &NormText,
    structure: &Structure,
    date: &Found,
    dicts: &Dictionaries,
) -> Option<usize> {
    let lines = &structure.lines;
    let i = lines.partition_point(|l| l.end <= date.start);
    let line = lines.get(i)?;
    let key = line.of(&text.key);
    if parse_marker(key.trim_start()).is_some() {
        return None;
    }
    let before_date = &key[..date.start - line.start];
    // "…无。南河区卫生健康局2023年4月20日": the block begins after the sentence.
    let sentence_end = before_date
        .rfind(['。', '；'])
        .map(|p| p + before_date[p..].chars().next().map_or(0, char::len_utf8));
    let f = &dicts.fields;
    let signs = |s: &str| {
        let s = s.trim();
        let named = [&f.body_endings, &f.signatory_endings, &f.evaluator_terms]
            .iter()
            .any(|list| list.iter().any(|e| s.ends_with(e.as_str())));
        let marked = f.signature_marks.iter().any(|m| s.contains(m.as_str()));
        let bare = s.trim_end_matches(['。', '！']);
        !s.is_empty()
            && bare.chars().count() <= 40
            && !bare.contains(['。', '，', ',', '；', ';'])
            && parse_marker(s).is_none()
            && (named || marked)
    };
    // Above the signing lines, a letter's closing request (请你单位…将整改情况报送我局) and
    // its attachment list (附件：…) close it too.
    // So does a form's last row, a label cell and a value cell (整改时限  2024年6月30日前).
    let closes = |s: &str| {
        let s = s.trim_start();
        fields::attachment_prefix(s) > 0
            || f.closing_requests.iter().any(|r| s.starts_with(r.as_str()))
            || form_row(s)
    };
    // The date stands alone on its line, after a date label (报告日期：) or a signing name.
    let lead = before_date[sentence_end.unwrap_or(0)..]
        .trim()
        .trim_end_matches(['：', ':'])
        .trim_end();
    if !lead.is_empty() && !signs(lead) && !f.labels("evaluation_date").iter().any(|l| l == lead) {
        return None;
    }
    if let Some(p) = sentence_end {
        return Some(line.start + p);
    }
    let mut start = line.start;
    let mut signing = 0;
    for l in lines[..i].iter().rev().take(6) {
        let key = l.of(&text.key);
        if signing < 3 && start == lines[i - signing].start && signs(key) {
            signing += 1;
        } else if !closes(key) {
            break;
        }
        start = l.start;
    }
    Some(start)
}

/// A row of a form: a short label cell of ideographs, a wide gap, and one value cell
/// (`整改时限  2024年6月30日前`), with no colon or sentence punctuation.
fn form_row(s: &str) -> bool {
    let mut cells = s
        .trim()
        .split("  ")
        .map(str::trim)
        .filter(|c| !c.is_empty());
    let (Some(label), Some(value), None) = (cells.next(), cells.next(), cells.next()) else {
        return false;
    };
    (2..=8).contains(&label.chars().count())
        && label.chars().all(crate::normalize::is_cjk)
        && !s.contains(['：', ':', '。', '；', '，'])
        && value.chars().count() <= 30
}

/// A date ending one of the last four of `lines`.
fn closing_date_before(text: &NormText, lines: &[crate::sections::Line]) -> Option<Found> {
    for line in lines.iter().rev().take(4) {
        let s = line.of(&text.text);
        let key = line.of(&text.key);
        // The whole line, or the tail of the last sentence, is a date.
        let tail_from = key
            .rfind(['。', '：', ':'])
            .map_or(0, |p| p + key[p..].chars().next().map_or(1, char::len_utf8));
        if let Some((iso, a, b)) = fields::parse_date(&key[tail_from..]) {
            let before = &key[tail_from..tail_from + a];
            let after = key[tail_from + b..].trim();
            if after.is_empty() && before.chars().count() <= 30 && !before.contains(['，', ',']) {
                let _ = s;
                return Some(Found {
                    value: iso,
                    start: line.start + tail_from + a,
                    end: line.start + tail_from + b,
                });
            }
        }
    }
    None
}

/// Chooses the section of `kind` and its items: nested sections of another kind are left
/// out; a section with a nested one of its own kind gives way to it; among candidates, one
/// with items wins, then the outermost, then the first.
fn best_section(
    text: &NormText,
    structure: &Structure,
    kind: SectionKind,
    dicts: &Dictionaries,
) -> Option<(Section, Vec<items::Item>)> {
    let secs = &structure.sections;
    let main = |k: SectionKind| k != SectionKind::Other;
    let mut candidates: Vec<&Section> = secs.iter().filter(|s| s.kind == kind).collect();
    if matches!(kind, SectionKind::Problems | SectionKind::Suggestions) {
        // A combined 问题与建议 section without a nested part of this kind holds its items.
        for s in secs
            .iter()
            .filter(|s| s.kind == SectionKind::ProblemsAndSuggestions)
        {
            if !structure.nested_in(s).any(|n| n.kind == kind) {
                candidates.push(s);
            }
        }
    }
    // Give way to a nested section of the same kind that is exactly its phrase. (A section
    // is told by its heading's offset, which no two share.)
    let is_candidate: std::collections::HashSet<usize> =
        candidates.iter().map(|s| s.heading_start).collect();
    let candidates: Vec<&Section> = candidates
        .iter()
        .copied()
        .filter(|s| {
            !structure
                .nested_in(s)
                .any(|n| n.extra <= 4 && is_candidate.contains(&n.heading_start))
        })
        .collect();
    let mut best: Option<(Section, Vec<items::Item>, (bool, u8, usize))> = None;
    for s in candidates {
        let holes: Vec<(usize, usize)> = structure
            .nested_in(s)
            .filter(|n| main(n.kind) && (n.kind != s.kind || n.extra <= 4))
            .map(|n| {
                (
                    n.heading_start,
                    if n.kind == s.kind {
                        n.start.max(n.heading_start + 1)
                    } else {
                        n.end
                    },
                )
            })
            .collect();
        let combined = s.kind == SectionKind::ProblemsAndSuggestions;
        // In a combined section, a suggestion may follow each problem as a labelled line
        // ("整改建议：…"): those lines are the suggestions and no part of the problems.
        let labelled = if combined {
            items::labelled_items(
                text,
                structure,
                s.start,
                s.end,
                &dicts.sections.suggestions,
                dicts,
            )
        } else {
            Vec::new()
        };
        let mut holes = holes;
        holes.extend(labelled.iter().map(|it| (it.start, it.end)));
        let mut items = match kind {
            SectionKind::Summary => Vec::new(),
            // A combined section's numbered items are its problems, not its suggestions.
            SectionKind::Suggestions if combined => labelled,
            _ => items::items_in(text, structure, s.start, s.end, &holes, dicts),
        };
        // Problems and suggestions given as a table (存在问题 | 具体表现 | 整改建议).
        if items.is_empty() && matches!(kind, SectionKind::Problems | SectionKind::Suggestions) {
            let column = if kind == SectionKind::Problems {
                items::TableColumn::Problems
            } else {
                items::TableColumn::Suggestions
            };
            items = items::table_items(text, structure, s.start, s.end, column, dicts);
        }
        let rank = (items.is_empty(), s.level, s.start);
        if best.as_ref().is_none_or(|b| rank < b.2) {
            best = Some((s.clone(), items, rank));
        }
    }
    best.map(|(s, i, _)| (s, i))
}

/// The body text of a section, its lines joined (table-of-contents lines left out).
fn body_text(text: &NormText, structure: &Structure, sec: &Section) -> String {
    structure
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !structure.toc[*i] && l.end > sec.start && l.start < sec.end)
        .map(|(_, l)| text.text[l.start.max(sec.start)..l.end.min(sec.end)].trim())
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn truncate_at_sentence(s: &str, max_chars: usize) -> String {
    if s.chars().count() <= max_chars {
        return s.to_string();
    }
    let cut = s.char_indices().nth(max_chars).map_or(s.len(), |(i, _)| i);
    match s[..cut].rfind('。') {
        Some(p) => s[..p + '。'.len_utf8()].to_string(),
        None => s[..cut].to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::project_from_title;
    use crate::{extract_text, Config, Dictionaries};

    #[test]
    fn a_letter_commissioned_by_your_bureau_names_its_addressee_as_organizer() {
        let text = "青山县2022年度医疗保险补助资金绩效评价报告\n青山县财政局：\n受贵局委托，青山正信会计师事务所有限公司对该资金开展了绩效评价。\n一、项目概况\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.organizer.as_deref(), Some("青山县财政局"));
        assert_eq!(
            r.provenance.get("organizer").map(|s| (s.start, s.end)),
            text.find("青山县财政局：").map(|i| {
                let c = text[..i].chars().count();
                (c, c + 6)
            })
        );
        // Without the honorific nothing is inferred from a salutation.
        let plain = text.replace("受贵局委托，", "");
        assert_eq!(extract_text(&plain, &Config::default()).organizer, None);
    }

    #[test]
    fn a_feedback_letter_titled_fan_kui_han_is_a_result_feedback() {
        let text = "某某区财政局\n某财绩函〔2023〕15号\n关于2022年度公租房运营经费绩效评价结果的反馈函\n                    区住房和城乡建设局：\n我局委托某某咨询有限公司对你单位开展了绩效评价。\n\
                    一、评价结论\n综合评分为87.65分，评价等级为“良”。\n某某区财政局\n2023年7月20日\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.title.as_deref(),
            Some("关于2022年度公租房运营经费绩效评价结果的反馈函")
        );
        assert_eq!(r.doc_type, crate::DocType::ResultFeedback);
        assert_eq!(r.fiscal_year, Some(2022));
        assert_eq!(r.organizer.as_deref(), Some("某某区财政局"));
    }

    #[test]
    fn a_notice_of_evaluation_results_to_several_units_is_a_result_feedback() {
        let text = "某溪县财政局\n某财绩〔2024〕9号\n关于2023年度农村公墓建设项目绩效评价结果的通报\n\
                    县民政局，各乡（镇）人民政府：\n县财政局委托某某咨询有限公司开展了重点绩效评价。\n\
                    一、评价结果\n综合得分76.8分，评价等级为“中”。\n某溪县财政局\n2024年7月8日\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.title.as_deref(),
            Some("关于2023年度农村公墓建设项目绩效评价结果的通报")
        );
        assert_eq!(r.doc_type, crate::DocType::ResultFeedback);
        assert_eq!(r.fiscal_year, Some(2023));
        assert_eq!(r.organizer.as_deref(), Some("某溪县财政局"));
        let notice =
            "关于反馈2023年度农村公墓建设项目绩效评价结果的通知\n一、评价结果\n综合得分76.8分。\n";
        let r = extract_text(notice, &Config::default());
        assert_eq!(r.doc_type, crate::DocType::ResultFeedback);
        assert!(r.title.is_some_and(|t| t.ends_with("评价结果的通知")));
        // A 通报 of something else is not a report title, nor is a meeting notice.
        let meeting = "关于召开2024年全县预算绩效管理工作会议的通知\n一、会议时间\n";
        assert_eq!(extract_text(meeting, &Config::default()).title, None);
        let other = "关于2023年度安全生产检查情况的通报\n一、存在的问题\n1.台账不全。\n";
        assert_eq!(extract_text(other, &Config::default()).title, None);
    }

    #[test]
    fn a_policy_s_drafting_department_is_its_department() {
        let text = "某县稳岗补贴政策绩效评价报告\n政策制定部门：某县人力资源和社会保障局\n\
                    政策执行单位：某县就业服务中心\n一、政策概况\n对新招用劳动者的小微企业给予补贴。\n\
                    二、评价结论\n评价等级为“中”。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.summary.as_deref(),
            Some("对新招用劳动者的小微企业给予补贴。")
        );
        assert_eq!(r.department.as_deref(), Some("某县人力资源和社会保障局"));
        assert_eq!(r.unit.as_deref(), Some("某县就业服务中心"));
        assert_eq!(r.score, None);
        assert_eq!(r.grade, Some(crate::Grade::Fair));
    }

    #[test]
    fn signature_date_before_appendices_and_project_from_an_unlabelled_title() {
        let text = "西原县2021—2023年度乡村道路养护项目绩效评价报告\n一、存在的问题\n\
                    1.养护经费不足。\n西原明信咨询有限公司\n2024年5月\n\n\
                    附件1：评分表\n指标\t分值\t得分\n合计\t100\t80\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.evaluation_date.as_deref(), Some("2024-05"));
        assert_eq!(r.project.as_deref(), Some("乡村道路养护项目"));
        assert_eq!(r.period.as_deref(), Some("2021—2023年度"));
        assert_eq!(r.fiscal_year, None);
        let dept =
            "北川县林业局\n2023年度部门整体支出绩效自评报告\n一、存在的问题\n1.预算执行率低。\n";
        let r = extract_text(dept, &Config::default());
        assert_eq!(r.unit.as_deref(), Some("北川县林业局"));
        assert_eq!(r.project, None);
    }

    #[test]
    fn a_title_over_three_lines_with_its_period_in_brackets_between() {
        let text = "某岗县工业企业技术改造专项资金\n（2021—2023年）\n重点绩效评价报告\n\n\
                    评价组织单位：某岗县财政局\n第一章  项目概况\n一、项目背景\n设立专项资金。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.title.as_deref(),
            Some("某岗县工业企业技术改造专项资金（2021—2023年）重点绩效评价报告")
        );
        assert_eq!(r.project.as_deref(), Some("工业企业技术改造专项资金"));
        assert_eq!(r.scope, crate::Scope::Project);
        assert_eq!(r.period.as_deref(), Some("2021—2023年"));
        assert_eq!(r.fiscal_year, None);
        // A form's period line under a one-line title is not joined into it.
        let form = "某区财政支出绩效评价结果反馈表\n（2023年度）\n项目名称  培训补贴资金\n";
        assert_eq!(
            extract_text(form, &Config::default()).title.as_deref(),
            Some("某区财政支出绩效评价结果反馈表")
        );
    }

    #[test]
    fn a_title_naming_a_project_s_spending_gives_the_project() {
        let d = crate::dictionaries::Dictionaries::embedded();
        let p = |t: &str| super::project_from_title(t, &d);
        assert_eq!(
            p("关于2023年度城区道路养护项目支出绩效评价情况的报告").as_deref(),
            Some("城区道路养护项目")
        );
        assert_eq!(
            p("某县2022年度农村公路养护项目支出绩效自评报告").as_deref(),
            Some("农村公路养护项目")
        );
        assert_eq!(p("某县交通运输局2023年度部门整体支出绩效评价报告"), None);
        // After a fund's name, the 项目 of 项目支出 is the kind of spending.
        assert_eq!(
            p("某区2023年度城区绿化养护经费项目支出绩效自评报告").as_deref(),
            Some("城区绿化养护经费")
        );
        assert_eq!(
            p("某县2023年度就业补助资金项目支出绩效评价报告").as_deref(),
            Some("就业补助资金")
        );
        // A 重点 evaluation, a 财政支出 feedback: the project is what precedes those words.
        assert_eq!(
            p("湘城区2023年度高龄津贴资金重点绩效评价报告").as_deref(),
            Some("高龄津贴资金")
        );
        assert_eq!(
            p("某市财政局关于2022年度体育场馆开放补助资金财政支出绩效评价结果反馈").as_deref(),
            Some("体育场馆开放补助资金")
        );
        assert_eq!(
            super::doc_type(&d, "关于2023年度城区道路养护项目支出绩效评价情况的报告"),
            crate::report::DocType::EvaluationReport
        );
    }

    #[test]
    fn a_header_row_of_labels_has_its_values_in_the_row_below() {
        let text = "某县2023年度道路养护项目绩效评价报告\n\
                    项目名称\t主管部门\t评价得分\t评价等级\n\
                    农村道路养护\t某县交通运输局\t86.5\t良\n一、存在的问题\n1.资金拨付不及时。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.project.as_deref(), Some("农村道路养护"));
        assert_eq!(r.department.as_deref(), Some("某县交通运输局"));
        assert_eq!(r.score, Some(86.5));
        assert_eq!(r.grade_raw.as_deref(), Some("良"));
        // Without a row of as many cells below, a label in a header row has no value
        // (never the next label): the project is then the title's.
        let text = "某县2023年度道路养护项目绩效评价报告\n项目名称  主管部门  评价得分\n\
                    一、存在的问题\n1.资金拨付不及时。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.project.as_deref(), Some("道路养护项目"));
        assert_eq!((r.department, r.score), (None, None));
    }

    #[test]
    fn a_label_word_inside_brackets_does_not_end_a_value() {
        let text = "江川县卫生健康局2022年度部门整体支出绩效评价报告\n\
                    部门（单位）名称  江川县卫生健康局（含下属疾病预防控制中心等6家二级预算单位）\n\
                    一、存在的问题\n1.预算执行率低。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.unit.as_deref(),
            Some("江川县卫生健康局（含下属疾病预防控制中心等6家二级预算单位）")
        );
    }

    #[test]
    fn a_header_label_of_no_field_ends_a_value_run_into_it() {
        // A table row whose cell gaps printed as single spaces (gone between CJK).
        let text = "某县教育局学生营养改善计划绩效自评报告\n\
                    实施单位 某县学生资助管理中心 项目属性 经常性项目\n\
                    一、存在的问题\n1.预算执行率低。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.unit.as_deref(), Some("某县学生资助管理中心"));
    }

    #[test]
    fn the_signature_block_is_no_part_of_the_last_item() {
        let letter = "关于2022年度某项目绩效评价结果的反馈意见\n五、整改意见\n\
                      （一）规范合同管理。及时签订合同。\n（二）科学设置目标。合理确定指标值。\n\
                      请你单位在收到本函后30日内，将整改情况书面报送我局。\n\
                      附件：某项目绩效评价报告\n特此函告。\n某区财政局（盖章）\n2023年7月20日\n";
        let r = extract_text(letter, &Config::default());
        let last = r.suggestions.last().expect("two suggestions");
        assert_eq!(r.suggestions.len(), 2);
        assert_eq!(last.title, "科学设置目标");
        assert_eq!(last.text, "合理确定指标值。");
        assert_eq!(r.evaluation_date.as_deref(), Some("2023-07-20"));
        // An item's own date and an unsigned sentence stay in the item.
        let report = "某县2023年度道路养护项目绩效评价报告\n四、意见建议\n\
                      1.加快工程进度。按计划推进施工。\n2.完善验收资料。\n完成时限：2024年6月30日\n";
        let r = extract_text(report, &Config::default());
        assert_eq!(r.suggestions[1].text, "完成时限：2024年6月30日");
        let tail = "某县2023年度道路养护项目绩效评价报告\n四、意见建议\n\
                    1.加快工程进度。\n严格执行工程管理制度\n2024年3月\n";
        let r = extract_text(tail, &Config::default());
        assert_eq!(r.suggestions[0].text, "严格执行工程管理制度");
        // The firm's signatories and contact lines sign too.
        let firm = "某县2023年度道路养护项目绩效评价报告\n四、意见建议\n1.加快拨付。按进度拨付资金。\n\
                    某某会计师事务所有限公司\n项目负责人：张三\n联系电话：0791-1234567\n2024年5月\n";
        let r = extract_text(firm, &Config::default());
        assert_eq!(r.suggestions[0].text, "按进度拨付资金。");
        assert_eq!(r.evaluator.as_deref(), Some("某某会计师事务所有限公司"));
    }

    #[test]
    fn a_closing_date_without_title_or_findings_is_no_evaluation_date() {
        // A budget disclosure: a 基本情况 section and a signature date, no title of a report.
        let text = "按照预算法要求，现将本局2024年度部门预算公开如下：\n一、部门基本情况\n\
                    本局负责全县农业工作。\n某县农业农村局\n2024年2月6日\n";
        assert_eq!(extract_text(text, &Config::default()).evaluation_date, None);
        let report =
            format!("{text}二、存在的问题\n1.预算执行率偏低。\n某县农业农村局\n2024年2月6日\n");
        assert_eq!(
            extract_text(&report, &Config::default())
                .evaluation_date
                .as_deref(),
            Some("2024-02-06")
        );
    }

    #[test]
    fn a_column_heading_row_or_a_numbered_chapter_gives_no_project() {
        let extract = |t: &str| extract_text(t, &Config::default());
        // The header row of a data table: 项目名称 heads a column, the next cells too.
        let r = extract(
            "某县2023年度职业培训补贴资金绩效评价报告\n一、基本情况\n\
             项目名称  子项目  年度  预算安排(万元)  支出金额(万元)\n\
             职业培训补贴  技能培训  2023  605.00  605.00\n",
        );
        // No labelled project, so the title's (not the column heading 子项目).
        assert_eq!(r.project.as_deref(), Some("职业培训补贴资金"));
        // A numbered chapter heading that starts with a label word.
        let r = extract("某县2023年度高标准农田建设项目绩效评价报告\n一、基本情况\n（一）评价对象和范围\n本次评价……\n");
        assert_eq!(r.project.as_deref(), Some("高标准农田建设项目"));
        // A header-block row of label/value pairs still gives its value.
        let r = extract(
            "某县2023年度职业培训补贴资金绩效评价报告\n项目名称  职业培训补贴资金  主管部门  某县人力资源和社会保障局\n",
        );
        assert_eq!(r.project.as_deref(), Some("职业培训补贴资金"));
    }

    #[test]
    fn a_one_row_table_under_a_header_of_labels_and_headings_gives_its_cells() {
        let extract = |t: &str| extract_text(t, &Config::default());
        // A pipe table without outer bars; 资金规模（万元） is a column heading, no label.
        let r = extract(
            "某省财政厅关于2022年度某专项资金绩效评价结果的反馈意见
一、评价结果
\
             项目名称 | 资金规模（万元） | 评价得分 | 等级\n\
             省级职业技能提升专项资金 | 42000 | 83.6 | 良\n二、主要绩效\n",
        );
        assert_eq!(r.project.as_deref(), Some("省级职业技能提升专项资金"));
        assert_eq!(r.score, Some(83.6));
        assert_eq!(r.grade_raw.as_deref(), Some("良"));
        // A table of many rows lists many projects: none of them is the report's.
        let r = extract(
            "某县2023年度部门整体支出绩效评价报告
一、基本情况
\
             项目名称  资金规模（万元）  评价得分  等级\n\
             甲项目  420  83.6  良\n乙项目  300  91  优\n",
        );
        assert_eq!(r.score, None);
        assert_eq!(r.project, None);
        // Rows of label/value pairs whose value is also a label word stay pairs.
        let r = extract(
            "某县2023年度乡村道路养护资金绩效评价报告\n评价机构  评价工作组  联系人  张三\n\
             报告日期  2024年5月  联系电话  1234567\n一、基本情况\n",
        );
        assert_eq!(r.evaluator.as_deref(), Some("评价工作组"));
    }

    #[test]
    fn a_problem_table_with_wrapping_cells_gives_one_item_per_row() {
        let text = "某市2023年度公交补贴资金绩效评价报告\n五、存在的问题及整改建议\n\
                    序号  存在问题  整改建议\n\
                    1  补贴测算依据不充分。未建立成本  建立成本规制制度，开展年度\n\
                    规制。  成本审计。\n\
                    2  考核结果未与补贴挂钩。考核流于  将考核结果与补贴拨付挂钩。\n\
                    形式，未影响\n\
                    补贴拨付。\n\
                    六、其他需要说明的问题\n无。\n";
        let r = extract_text(text, &Config::default());
        let problems: Vec<(&str, &str)> = r
            .problems
            .iter()
            .map(|p| (p.title.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![
                ("补贴测算依据不充分", "未建立成本规制。"),
                ("考核结果未与补贴挂钩", "考核流于形式，未影响补贴拨付。"),
            ]
        );
        let suggestions: Vec<&str> = r.suggestions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            suggestions,
            vec![
                "建立成本规制制度，开展年度成本审计",
                "将考核结果与补贴拨付挂钩"
            ]
        );
    }

    #[test]
    fn a_problem_description_column_is_the_problem_itself() {
        let text = "某县2023年度道路养护资金绩效评价报告\n四、存在的问题及建议\n\
                    序号  问题描述  整改建议\n\
                    1  资金拨付滞后。部分资金滞后半年拨付。  按进度及时拨付资金。\n";
        let r = extract_text(text, &Config::default());
        let problems: Vec<(&str, &str)> = r
            .problems
            .iter()
            .map(|p| (p.title.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(problems, vec![("资金拨付滞后", "部分资金滞后半年拨付。")]);
    }

    #[test]
    fn a_row_number_centred_beside_its_middle_line_still_numbers_the_row() {
        // pdftotext -layout prints a vertically centred 序号 cell beside the row's middle
        // line; the row's first line then has no number.
        let text = "某市2023年度公交补贴资金绩效评价报告\n五、存在的问题及整改建议\n\
                    序号  存在问题  整改建议\n\
                    补贴测算依据不充分。未建立  建立成本规制制度，\n\
                    1  成本规制，按基数  开展年度成本\n\
                    核定补贴。  审计。\n\
                    数据统计不准确。依赖人工  加快客流统计系统\n\
                    2  报表。  建设。\n\
                    六、其他需要说明的问题\n无。\n";
        let r = extract_text(text, &Config::default());
        let problems: Vec<(&str, &str)> = r
            .problems
            .iter()
            .map(|p| (p.title.as_str(), p.text.as_str()))
            .collect();
        assert_eq!(
            problems,
            vec![
                ("补贴测算依据不充分", "未建立成本规制，按基数核定补贴。"),
                ("数据统计不准确", "依赖人工报表。"),
            ]
        );
        let suggestions: Vec<&str> = r.suggestions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(
            suggestions,
            vec!["建立成本规制制度，开展年度成本审计", "加快客流统计系统建设"]
        );
    }

    #[test]
    fn achievements_grouped_by_outputs_and_outcomes_are_the_indicators() {
        let text = "某区2023年度绿化养护经费项目支出绩效自评报告\n二、绩效目标实现情况\n\
                    （一）产出情况\n1.数量指标。完成养护面积186万平方米。\n2.质量指标。成活率97%。\n\
                    （二）效益情况\n1.社会效益。绿化覆盖率提高到42.6%。\n\
                    三、存在的主要问题及原因分析\n（一）监管手段单一。依靠人工巡查。\n";
        let r = extract_text(text, &Config::default());
        let titles: Vec<&str> = r.achievements.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, vec!["数量指标", "质量指标", "社会效益"]);
        let text = "某区2023年度社区卫生服务补助资金项目支出绩效自评报告\n二、绩效指标完成情况\n\
                    （一）产出指标完成情况\n1.数量指标：全年服务居民12万人次。\n\
                    （二）效益指标完成情况\n1.满意度指标：居民满意度93%。\n\
                    三、存在的问题\n（一）人员配备不足。全科医生缺口8人。\n";
        let r = extract_text(text, &Config::default());
        let titles: Vec<&str> = r.achievements.iter().map(|a| a.title.as_str()).collect();
        assert_eq!(titles, vec!["数量指标", "满意度指标"]);
    }

    #[test]
    fn a_provincial_letter_s_closing_request_is_no_suggestion() {
        let letter = "某省财政厅关于2022年度某专项资金绩效评价结果的反馈意见\n四、整改意见\n\
                      （一）优化资金分配。\n（二）完善绩效目标管理。\n\
                      请你厅于2023年10月31日前将整改情况书面报送我厅。\n某省财政厅\n2023年8月15日\n";
        let r = extract_text(letter, &Config::default());
        assert_eq!(r.suggestions.len(), 2);
        assert_eq!(r.suggestions[1].title, "完善绩效目标管理");
        assert_eq!(r.suggestions[1].text, "");
    }

    #[test]
    fn a_budget_document_gives_no_score_grade_or_unit() {
        // Shapes of a published department budget / final account (not an evaluation):
        // a cover page before the table of contents, a unit list under column headings, a
        // prose definition naming 预算单位, totals of amount tables, and counts per grade.
        let pages = [
            "2024年区级部门预算\n编制部门：北原市某某街道办事处\n".to_string(),
            "目录\n一、部门主要职能………………1\n".to_string(),
            "纳入部门预算编制范围的单位包括：\n序号\n单位名称\n备注\n1\n北原市某某街道办事处（本级）\n\
             （七）“三公”经费：是与财政有经费领拨关系的部门及其下属预算单位使用财政拨款安排的因公出国\n\
             科目名称\n金额\n人员经费合计\n95.36\n合计\n99,706,020\n88,537,451\n\
             绩效自评的项目4个，平均得分99.43分（其中，绩效评级为“优”的项目4个；绩效评级为“良”\n的项目0个）。\n"
                .to_string(),
        ];
        let text = crate::normalize::normalize_pages(&pages);
        let r = super::extract(
            &text,
            crate::Source::default(),
            &crate::Dictionaries::embedded(),
        );
        assert_eq!(r.score, None);
        assert_eq!(r.grade, None);
        assert_eq!(r.unit, None);
        // The table-of-contents heading opening page 2 is not glued to the cover's last line.
        assert!(text.text.contains("街道办事处\n目录\n"), "{}", text.text);
    }

    #[test]
    fn attachment_mark_is_not_part_of_the_title() {
        let r = extract_text(
            "附件1：北原县2023年度道路养护资金绩效评价报告\n评价机构：北原明信会计师事务所\n",
            &Config::default(),
        );
        assert_eq!(
            r.title.as_deref(),
            Some("北原县2023年度道路养护资金绩效评价报告")
        );
        assert_eq!(r.region.as_deref(), Some("北原县"));
        assert_eq!(r.fiscal_year, Some(2023));
    }

    #[test]
    fn signing_firm_is_the_evaluator_of_a_third_party_report() {
        let text = "北原县2023年度道路养护资金绩效评价报告\n一、存在的问题\n（一）养护计划编制不科学\n计划未结合路况。\n北原明信会计师事务所有限公司\n2024年5月\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.evaluator.as_deref(), Some("北原明信会计师事务所有限公司"));
        assert_eq!(r.evaluation_date.as_deref(), Some("2024-05"));
        assert_eq!(r.problems.len(), 1);
        assert_eq!(r.problems[0].title, "养护计划编制不科学");
    }

    #[test]
    fn a_decimal_outline_report_has_sections_and_items() {
        let text = "某县2023年度校车运营补助资金绩效评价报告\n1 项目概况\n1.1 项目背景\n\
                    全县运营校车186辆。\n3 主要绩效\n3.1 学生乘车安全得到保障。全年接送1.28万人。\n\
                    3.2 家长满意度较高。满意度为94.1%。\n4 存在的问题\n4.1 补助标准多年未调整\n\
                    标准自2019年执行至今。\n4.2 校车运营监管不到位\n抽查发现12辆校车超员。\n";
        let r = extract_text(text, &Config::default());
        let titles = |v: Vec<&str>| v.join("|");
        assert_eq!(
            titles(r.achievements.iter().map(|a| a.title.as_str()).collect()),
            "学生乘车安全得到保障|家长满意度较高"
        );
        assert_eq!(
            titles(r.problems.iter().map(|a| a.title.as_str()).collect()),
            "补助标准多年未调整|校车运营监管不到位"
        );
        assert_eq!(r.problems[1].text, "抽查发现12辆校车超员。");
        // A line that wrapped before a lone number is no chapter.
        let wrapped = "某县2023年度校车运营补助资金绩效评价报告\n一、存在的问题\n\
                       1.进度滞后。全年有\n2 个标段未完工。\n2.资料不全。\n";
        let r = extract_text(wrapped, &Config::default());
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[1].title, "资料不全");
    }

    #[test]
    fn items_grouped_by_aspect_are_the_numbered_lines_under_the_groups() {
        let text = "某县2023年度森林防火经费绩效评价报告\n四、存在的问题\n（一）项目管理方面\n\
                    1.绩效目标设置不够全面。未设质量指标。\n2.防火物资管理不规范。账实不符。\n\
                    （二）资金使用方面\n1.专项经费存在挤占现象。列支办公费用。\n五、意见建议\n\
                    （一）加强管理。\n（二）规范使用。\n";
        let r = extract_text(text, &Config::default());
        let t: Vec<&str> = r.problems.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(
            t,
            [
                "绩效目标设置不够全面",
                "防火物资管理不规范",
                "专项经费存在挤占现象"
            ]
        );
        assert_eq!(r.problems[1].text, "账实不符。");
        // Headings that name no aspect are the items themselves.
        let t: Vec<&str> = r.suggestions.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["加强管理", "规范使用"]);
    }

    #[test]
    fn a_suggestion_labelled_under_each_problem_of_a_combined_section() {
        let text = "某县2023年度校车运营补助资金绩效评价报告\n四、存在问题及整改建议\n\
                    （一）补助标准多年未调整\n标准自2019年执行至今。\n整改建议：建立补助标准动态调整机制。\n\
                    （二）监管不到位\n抽查发现超员。\n整改建议：加强动态监管，严格考核。\n";
        let r = extract_text(text, &Config::default());
        let t: Vec<&str> = r.suggestions.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["建立补助标准动态调整机制", "加强动态监管，严格考核"]);
        assert_eq!(r.problems.len(), 2);
        assert_eq!(r.problems[0].text, "标准自2019年执行至今。");
    }

    #[test]
    fn a_form_states_its_period_under_its_title_and_ends_at_its_last_row() {
        let text = "某区财政支出绩效评价结果反馈表\n（2023年度）\n项目名称  职业技能培训补贴资金\n\
                    整改意见\n1.建立退出机制。\n2.优化培训工种设置。\n整改时限  2024年6月30日前\n\
                    评价组织单位（盖章）：某区财政局\n反馈日期：2024年4月15日\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.title.as_deref(), Some("某区财政支出绩效评价结果反馈表"));
        assert_eq!(r.doc_type, crate::DocType::ResultFeedback);
        assert_eq!(r.period.as_deref(), Some("2023年度"));
        assert_eq!(r.fiscal_year, Some(2023));
        assert_eq!(r.evaluation_date.as_deref(), Some("2024-04-15"));
        assert_eq!(r.suggestions.len(), 2);
        assert_eq!(r.suggestions[1].title, "优化培训工种设置");
        assert_eq!(r.suggestions[1].text, "");
    }

    #[test]
    fn a_self_evaluation_form_under_an_attachment_mark_has_its_title() {
        let text = "附件2\n\n某县2023年度项目支出绩效自评表\n（2023年度）\n\
                    项目名称  农村公路安全生命防护工程\n总分  100  96.09\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.title.as_deref(), Some("某县2023年度项目支出绩效自评表"));
        assert_eq!(r.doc_type, crate::DocType::SelfEvaluation);
        assert_eq!(r.project.as_deref(), Some("农村公路安全生命防护工程"));
    }

    #[test]
    fn bulleted_findings_are_items() {
        let text = "某县2022年度农家书屋项目绩效评价报告\n四、存在的问题\n\
                    ● 图书选配不匹配：未开展需求调查。\n● 开放时间得不到保障：部分书屋长期上锁。\n\
                    五、意见和建议\n- 建立按需选配机制：开展需求调查。\n- 落实开放责任：纳入考核。\n";
        let r = extract_text(text, &Config::default());
        let t: Vec<&str> = r.problems.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["图书选配不匹配", "开放时间得不到保障"]);
        let t: Vec<&str> = r.suggestions.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["建立按需选配机制", "落实开放责任"]);
    }

    #[test]
    fn opening_names_firm_and_department_around_asides() {
        let text = "某市2022年度体育场馆开放补助资金绩效评价报告\n\
                    我局委托恒信立达会计师事务所（特殊普通合伙）具体实施评价。\n\
                    受托对某市体育局（以下简称“市体育局”）实施的项目开展了评价。\n一、基本情况\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.evaluator.as_deref(),
            Some("恒信立达会计师事务所（特殊普通合伙）")
        );
        assert_eq!(r.department.as_deref(), Some("某市体育局"));
    }

    #[test]
    fn labels_with_wei_inside_sentences() {
        let text = "关于2022年度某项目绩效自评情况的报告\n项目名称为2022年度城镇老旧小区改造项目，项目主管部门为东城市住房和城乡建设局，实施单位为东城市更新中心。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.project.as_deref(), Some("2022年度城镇老旧小区改造项目"));
        assert_eq!(r.department.as_deref(), Some("东城市住房和城乡建设局"));
        assert_eq!(r.unit.as_deref(), Some("东城市更新中心"));
    }

    #[test]
    fn the_firm_opening_the_sentence_after_the_commissioning_clause_is_the_evaluator() {
        let text = "某区2023年度课后服务经费绩效评价报告\n某区财政局：\n\
                    受贵局委托，广和信会计师事务所（特殊普通合伙）（以下简称“我所”）于2024年3月至5月对该经费开展了绩效评价。\n一、基本情况\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(
            r.evaluator.as_deref(),
            Some("广和信会计师事务所（特殊普通合伙）")
        );
        assert_eq!(r.organizer.as_deref(), Some("某区财政局"));
    }

    #[test]
    fn the_firm_signing_above_the_date_before_appendices_is_the_evaluator() {
        let text = "北原县2023年度道路养护资金绩效评价报告\n一、存在的问题\n（一）养护计划编制不科学\n\
                    计划未结合路况。\n北原明信会计师事务所有限公司\n2024年5月20日\n\
                    附件1：绩效评价指标体系及评分表\n一级指标\t二级指标\t分值\t得分\n决策\t项目立项\t3\t3\n\
                    合计\t\t100\t90.02\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.evaluator.as_deref(), Some("北原明信会计师事务所有限公司"));
        assert_eq!(r.evaluation_date.as_deref(), Some("2024-05-20"));
        assert_eq!(r.problems.len(), 1);
    }

    #[test]
    fn a_title_naming_the_project_before_its_period_gives_the_project() {
        let dicts = Dictionaries::embedded();
        assert_eq!(
            project_from_title("望江县农村危房改造补助资金2023年度重点绩效评价报告", &dicts)
                .as_deref(),
            Some("农村危房改造补助资金")
        );
        // A place and a period only name no project.
        assert_eq!(project_from_title("某县2023年度绩效评价报告", &dicts), None);
    }

    #[test]
    fn purchase_of_services_labels_and_an_evaluation_team() {
        let text = "槐荫县2023年度政府购买基层公共法律服务项目绩效评价报告\n\
                    评价组织单位：槐荫县财政局\n购买主体：槐荫县司法局\n承接主体：槐荫县明理法律服务所\n\
                    评价小组：槐荫县财政局政府购买服务绩效评价小组\n一、项目基本情况\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.unit.as_deref(), Some("槐荫县司法局"));
        assert_eq!(
            r.evaluator.as_deref(),
            Some("槐荫县财政局政府购买服务绩效评价小组")
        );
        assert_eq!(r.organizer.as_deref(), Some("槐荫县财政局"));
        assert_eq!(r.department, None);
    }

    #[test]
    fn the_unit_that_carries_a_project_out_in_a_sentence() {
        let text = "某县2022年度农村饮水工程项目支出绩效评价报告\n一、项目概况\n\
                    项目主管部门为某县水利局，具体实施单位为某县农村供水管理站。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.department.as_deref(), Some("某县水利局"));
        assert_eq!(r.unit.as_deref(), Some("某县农村供水管理站"));
    }

    #[test]
    fn problem_and_suggestion_pairs_labelled_on_their_own_lines_or_on_one() {
        let own_lines = "某县2023年度危房改造补助资金重点绩效评价报告\n五、存在的问题及建议\n\
                         （一）问题：改造对象认定把关不严。抽查发现7户不符合条件。\n\
                         建议：严格落实改造对象审核程序。\n\
                         （二）问题：补助资金拨付不及时。部分农户3个月后才领到补助。\n\
                         建议：加快资金拨付。\n";
        let one_line = "某县2023年度危房改造补助资金重点绩效评价报告\n五、存在的问题及建议\n\
                        （一）问题：改造对象认定把关不严。抽查发现7户不符合条件。建议：严格落实改造对象审核程序。\n\
                        （二）问题：补助资金拨付不及时。部分农户3个月后才领到补助。建议：加快资金拨付。\n";
        for text in [own_lines, one_line] {
            let r = extract_text(text, &Config::default());
            let t: Vec<&str> = r.problems.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(t, ["改造对象认定把关不严", "补助资金拨付不及时"]);
            assert_eq!(r.problems[1].text, "部分农户3个月后才领到补助。");
            let t: Vec<&str> = r.suggestions.iter().map(|p| p.title.as_str()).collect();
            assert_eq!(t, ["严格落实改造对象审核程序", "加快资金拨付"]);
        }
    }

    #[test]
    fn more_header_label_synonyms() {
        let text = "某县2023年度养老服务补贴资金绩效评价报告\n\
                    评价组织部门：某县财政局\n项目承担单位：某县社会福利中心\n\
                    第三方评价机构名称：某县明达会计师事务所有限公司\n报告出具时间：2024年7月\n\
                    一、评价结论\n综合得分86分，等级为良好。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.organizer.as_deref(), Some("某县财政局"));
        assert_eq!(r.unit.as_deref(), Some("某县社会福利中心"));
        assert_eq!(r.evaluator.as_deref(), Some("某县明达会计师事务所有限公司"));
        assert_eq!(r.evaluation_date.as_deref(), Some("2024-07"));
    }

    #[test]
    fn a_department_title_without_a_period_names_the_evaluated_body() {
        let text = "某县自然资源局部门整体支出绩效自评报告\n（2023年度）\n一、部门概况\n略。\n\
                    二、存在的问题\n1）预算执行率偏低。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.unit.as_deref(), Some("某县自然资源局"));
        assert_eq!(r.department.as_deref(), Some("某县自然资源局"));
        assert_eq!(r.fiscal_year, Some(2023));
        let dicts = Dictionaries::embedded();
        // A place alone is no body.
        assert_eq!(
            super::body_before_scope("某县部门整体支出绩效评价报告", &dicts),
            None
        );
    }

    #[test]
    fn a_signing_firm_with_its_seal_or_a_signatory_or_as_a_branch() {
        for (sig, firm) in [
            (
                "某县恒通工程咨询有限公司（盖章）",
                "某县恒通工程咨询有限公司",
            ),
            (
                "某县恒通工程咨询有限公司 项目负责人：张三",
                "某县恒通工程咨询有限公司",
            ),
            (
                "北京某某会计师事务所（特殊普通合伙）某县分所",
                "北京某某会计师事务所（特殊普通合伙）某县分所",
            ),
        ] {
            let text = format!(
                "某县2023年度农村公路养护资金绩效评价报告\n一、存在的问题\n（一）养护资金拨付滞后。\n\
                 二、建议\n（一）加快资金拨付。\n{sig}\n2024年3月8日\n"
            );
            let r = extract_text(&text, &Config::default());
            assert_eq!(r.evaluator.as_deref(), Some(firm), "{sig}");
            assert_eq!(r.suggestions[0].text, "", "{sig}");
        }
    }

    #[test]
    fn aspect_groups_that_name_their_kind_are_groups_not_sections() {
        let text = "某县2023年度农村公路养护资金绩效评价报告\n二、存在的问题\n\
                    （一）资金管理方面存在的问题\n1.资金拨付滞后。年底才拨付。\n2.配套资金未到位。缺口50万元。\n\
                    （二）项目管理方面存在的问题\n1.养护质量考核不严。未开展考核。\n三、意见建议\n\
                    （一）资金管理方面的建议\n1.加快资金拨付。\n（二）项目管理方面的建议\n1.严格养护考核。\n";
        let r = extract_text(text, &Config::default());
        let t: Vec<&str> = r.problems.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["资金拨付滞后", "配套资金未到位", "养护质量考核不严"]);
        let t: Vec<&str> = r.suggestions.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(t, ["加快资金拨付", "严格养护考核"]);
        // A chapter of its own that names a stage is still a problems section.
        let text = "某县2023年度农村公路养护资金绩效评价报告\n四、资金使用中存在的问题\n\
                    （一）资金拨付滞后。\n（二）配套资金未到位。\n";
        let r = extract_text(text, &Config::default());
        assert_eq!(r.problems.len(), 2);
    }
}
