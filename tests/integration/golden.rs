//! Golden tests: every `tests/golden/<stem>.json` (a hand-written answer) is compared with
//! what the library extracts from `corpus/<stem>.*`, field by field, the way
//! `../shared/eval/score.py` scores: whitespace, full-width ASCII, curly quotes and trailing
//! punctuation are normalized; the score must be within 0.005; problems and suggestions
//! need an exact title match after normalization, achievements allow a prefix match;
//! every gold category (or one of `a|b`) must be among the predicted ones; every gold
//! figure `{value, unit}` must be present.
//!
//! All differences of all files are collected and reported together, one line each:
//! `file: field: expected X, got Y`.
//!
//! Gold files may also hold `grade_raw` (compared like the string fields) and
//! `"expect_warning": true` (the report must carry at least one warning). Keys starting
//! with `_` are notes and are ignored; any other unknown key is an error in the gold file.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// String fields compared after [`norm`], as in score.py (plus `grade_raw`, ours only).
const STRING_FIELDS: &[&str] = &[
    "doc_type",
    "title",
    "project",
    "scope",
    "organizer",
    "department",
    "unit",
    "region",
    "period",
    "evaluator",
    "evaluation_date",
    "grade",
    "grade_raw",
];

/// Keys a gold file may hold besides [`STRING_FIELDS`] (and `_notes`-style keys).
const OTHER_KEYS: &[&str] = &[
    "fiscal_year",
    "score",
    "achievements",
    "problems",
    "suggestions",
    "expect_warning",
];

/// File extensions of renderings that answer to a gold file.
const RENDERINGS: &[&str] = &["txt", "md", "pdf", "docx", "html"];

/// Renderings skipped (with a note) while the library reports their format as unsupported.
const LATER_FORMATS: &[&str] = &["pdf", "docx", "html"];

/// Trailing characters removed by [`norm`] (score.py's `TRAILING`).
const TRAILING: &[char] = &[
    '。', '；', ';', '，', ',', '：', ':', '、', '.', '!', '！', '?', '？', ' ',
];

/// score.py's `norm`: full-width ASCII (U+FF01–U+FF5E) to half-width, curly/corner quotes to
/// straight ones, all whitespace removed, trailing punctuation stripped.
pub fn norm(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '“' | '”' | '「' | '」' | '『' | '』' => '"',
            '‘' | '’' => '\'',
            _ => c,
        })
        .filter(|c| !c.is_whitespace())
        .collect();
    mapped.trim_end_matches(TRAILING).to_string()
}

/// score.py's `title_match`: equal after [`norm`]; with `prefix`, the prediction may extend
/// the gold title, or be a prefix of it covering at least 60 % of it.
pub fn title_match(gold: &str, pred: &str, prefix: bool) -> bool {
    let (g, p) = (norm(gold), norm(pred));
    if g.is_empty() || p.is_empty() {
        return false;
    }
    if g == p {
        return true;
    }
    prefix
        && (p.starts_with(&g)
            || (g.starts_with(&p) && p.chars().count() as f64 >= 0.6 * g.chars().count() as f64))
}

/// A value as text for messages: strings unquoted-ish, null as `null`.
fn show(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => "null".to_string(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(other) => other.to_string(),
    }
}

/// Compares one predicted report (as JSON) with its gold answer; returns the differences as
/// `field: expected X, got Y` lines.
pub fn compare(gold: &Value, pred: &Value) -> Vec<String> {
    let mut diffs = Vec::new();
    let Some(gold_map) = gold.as_object() else {
        return vec!["gold: not a JSON object".to_string()];
    };
    for key in gold_map.keys() {
        if !key.starts_with('_')
            && !STRING_FIELDS.contains(&key.as_str())
            && !OTHER_KEYS.contains(&key.as_str())
        {
            diffs.push(format!("gold: unknown key {key:?} (typo?)"));
        }
    }
    for &field in STRING_FIELDS {
        let Some(g) = gold_map.get(field) else {
            continue;
        };
        let p = pred.get(field);
        let ok = match (g.as_str(), p.and_then(Value::as_str)) {
            (None, None) => g.is_null() && p.map_or(true, Value::is_null),
            (Some(gs), Some(ps)) => norm(gs) == norm(ps),
            _ => false,
        };
        if !ok {
            diffs.push(format!(
                "{field}: expected {}, got {}",
                show(Some(g)),
                show(p)
            ));
        }
    }
    if let Some(g) = gold_map.get("fiscal_year") {
        let p = pred.get("fiscal_year");
        let ok = match (g.as_i64(), p.and_then(Value::as_i64)) {
            (Some(a), Some(b)) => a == b,
            (None, None) => g.is_null() && p.map_or(true, Value::is_null),
            _ => false,
        };
        if !ok {
            diffs.push(format!(
                "fiscal_year: expected {}, got {}",
                show(Some(g)),
                show(p)
            ));
        }
    }
    if let Some(g) = gold_map.get("score") {
        let p = pred.get("score");
        let ok = match (g.as_f64(), p.and_then(Value::as_f64)) {
            (Some(a), Some(b)) => (a - b).abs() < 0.005,
            (None, None) => g.is_null() && p.map_or(true, Value::is_null),
            _ => false,
        };
        if !ok {
            diffs.push(format!(
                "score: expected {}, got {}",
                show(Some(g)),
                show(p)
            ));
        }
    }
    if gold_map.get("expect_warning").and_then(Value::as_bool) == Some(true) {
        let n = pred
            .get("warnings")
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        if n == 0 {
            diffs.push("warnings: expected at least one warning, got none".to_string());
        }
    }
    for (tag, prefix) in [
        ("achievements", true),
        ("problems", false),
        ("suggestions", false),
    ] {
        if let Some(g) = gold_map.get(tag) {
            compare_items(tag, g, pred.get(tag), prefix, &mut diffs);
        }
    }
    diffs
}

/// Compares an item list (achievements, problems, suggestions) as score.py does: the count,
/// then each gold item against the predicted item at the same index.
fn compare_items(
    tag: &str,
    gold: &Value,
    pred: Option<&Value>,
    prefix: bool,
    diffs: &mut Vec<String>,
) {
    let empty = Vec::new();
    let gold_items = gold.as_array().unwrap_or(&empty);
    let pred_items = pred.and_then(Value::as_array).unwrap_or(&empty);
    let titles = |items: &[Value]| -> String {
        let v: Vec<String> = items.iter().map(|i| show(i.get("title"))).collect();
        format!("[{}]", v.join(", "))
    };
    if gold_items.len() != pred_items.len() {
        diffs.push(format!(
            "{tag}: expected {} items {}, got {} items {}",
            gold_items.len(),
            titles(gold_items),
            pred_items.len(),
            titles(pred_items)
        ));
    }
    for (i, g) in gold_items.iter().enumerate() {
        let gold_title = g.get("title").and_then(Value::as_str).unwrap_or("");
        let cand = pred_items.get(i);
        let cand_title = cand
            .and_then(|c| c.get("title"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let cand_text = cand
            .and_then(|c| c.get("text"))
            .and_then(Value::as_str)
            .unwrap_or("");
        let hit = cand.is_some()
            && (title_match(gold_title, cand_title, prefix)
                || (prefix
                    && !norm(gold_title).is_empty()
                    && norm(&format!("{cand_title}{cand_text}")).starts_with(&norm(gold_title))));
        if !hit {
            diffs.push(format!(
                "{tag}[{i}].title: expected {gold_title:?}, got {}",
                show(cand.and_then(|c| c.get("title")))
            ));
        }
        // An expected text, when given, must be the item's whole text (where it ends: a
        // signature block, a letter's closing request or an appendix is no part of it).
        if let Some(gold_text) = g.get("text").and_then(Value::as_str) {
            if norm(gold_text) != norm(cand_text) {
                diffs.push(format!(
                    "{tag}[{i}].text: expected {gold_text:?}, got {cand_text:?}"
                ));
            }
        }
        let pred_categories: Vec<&str> = cand
            .and_then(|c| c.get("categories"))
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        for cat in g
            .get("categories")
            .and_then(Value::as_array)
            .unwrap_or(&empty)
        {
            let cat = cat.as_str().unwrap_or("");
            let got = hit && cat.split('|').any(|c| pred_categories.contains(&c));
            if !got {
                diffs.push(format!(
                    "{tag}[{i}].categories: expected {cat:?} among them, got {pred_categories:?}"
                ));
            }
        }
        let pred_figures = cand
            .and_then(|c| c.get("figures"))
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for fig in g.get("figures").and_then(Value::as_array).unwrap_or(&empty) {
            let value = fig.get("value").and_then(Value::as_f64).unwrap_or(f64::NAN);
            let unit = fig.get("unit").and_then(Value::as_str).unwrap_or("");
            let got = hit
                && pred_figures.iter().any(|f| {
                    f.get("value")
                        .and_then(Value::as_f64)
                        .is_some_and(|v| (v - value).abs() < 1e-6)
                        && f.get("unit").and_then(Value::as_str) == Some(unit)
                });
            if !got {
                diffs.push(format!(
                    "{tag}[{i}].figures: expected {value}{unit} among them, got {}",
                    figures_text(pred_figures)
                ));
            }
        }
    }
}

fn figures_text(figures: &[Value]) -> String {
    let v: Vec<String> = figures
        .iter()
        .map(|f| {
            format!(
                "{}{}",
                f.get("value").map_or("?".into(), Value::to_string),
                f.get("unit").and_then(Value::as_str).unwrap_or("")
            )
        })
        .collect();
    format!("[{}]", v.join(", "))
}

/// The stem score.py uses: the file name up to its first dot.
fn stem_of(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    name.split('.').next().unwrap_or("").to_string()
}

fn extension_of(path: &Path) -> String {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// What a golden run found.
struct Outcome {
    /// `file: field: expected X, got Y` lines.
    diffs: Vec<String>,
    /// Notes that are not failures (skipped renderings).
    notes: Vec<String>,
    /// Number of (gold, rendering) pairs compared.
    compared: usize,
}

/// Compares every `gold_dir/<stem>.json` with every rendering `corpus_dir/<stem>.*`.
/// With `require_gold`, a corpus file without a gold answer is also a difference.
fn run_golden(gold_dir: &Path, corpus_dir: &Path, require_gold: bool) -> Outcome {
    let mut out = Outcome {
        diffs: Vec::new(),
        notes: Vec::new(),
        compared: 0,
    };
    let config = jixiao::Config::default();

    let mut golds: BTreeMap<String, PathBuf> = BTreeMap::new();
    for entry in
        std::fs::read_dir(gold_dir).unwrap_or_else(|e| panic!("{}: {e}", gold_dir.display()))
    {
        let path = entry.expect("read gold dir entry").path();
        if extension_of(&path) == "json" {
            golds.insert(stem_of(&path), path);
        }
    }
    let mut renderings: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in
        std::fs::read_dir(corpus_dir).unwrap_or_else(|e| panic!("{}: {e}", corpus_dir.display()))
    {
        let path = entry.expect("read corpus dir entry").path();
        if path.is_file() && RENDERINGS.contains(&extension_of(&path).as_str()) {
            renderings.entry(stem_of(&path)).or_default().push(path);
        }
    }
    for list in renderings.values_mut() {
        list.sort();
    }

    if require_gold {
        for (stem, paths) in &renderings {
            if !golds.contains_key(stem) {
                out.diffs.push(format!(
                    "{}: no expected answer {stem}.json in {}",
                    paths[0].display(),
                    gold_dir.display()
                ));
            }
        }
    }

    for (stem, gold_path) in &golds {
        let gold: Value = match std::fs::read_to_string(gold_path)
            .map_err(|e| e.to_string())
            .and_then(|t| serde_json::from_str(&t).map_err(|e| e.to_string()))
        {
            Ok(v) => v,
            Err(e) => {
                out.diffs
                    .push(format!("{}: cannot read gold: {e}", gold_path.display()));
                continue;
            }
        };
        let Some(paths) = renderings.get(stem) else {
            out.diffs.push(format!(
                "{}: no corpus file {stem}.* in {}",
                gold_path.display(),
                corpus_dir.display()
            ));
            continue;
        };
        for path in paths {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let report = match jixiao::extract_file(path, &config) {
                Ok(r) => r,
                Err(e)
                    if e.kind() == "unsupported"
                        && LATER_FORMATS.contains(&extension_of(path).as_str()) =>
                {
                    out.notes
                        .push(format!("{name}: skipped, format not supported yet ({e})"));
                    continue;
                }
                Err(e) => {
                    out.diffs.push(format!("{name}: extraction failed: {e}"));
                    continue;
                }
            };
            out.compared += 1;
            let pred = serde_json::to_value(&report).expect("a Report serializes to JSON");
            out.diffs.extend(
                compare(&gold, &pred)
                    .into_iter()
                    .map(|d| format!("{name}: {d}")),
            );
        }
    }
    out
}

/// Panics with the full listing when there are differences.
fn assert_no_diffs(label: &str, out: &Outcome) {
    for note in &out.notes {
        eprintln!("note: {note}");
    }
    if out.diffs.is_empty() {
        eprintln!(
            "{label}: {} renderings match their expected answers",
            out.compared
        );
        return;
    }
    let mut msg = String::new();
    let _ = writeln!(
        msg,
        "{label}: {} differences ({} renderings compared):",
        out.diffs.len(),
        out.compared
    );
    let mut per_file: BTreeMap<&str, usize> = BTreeMap::new();
    for d in &out.diffs {
        let _ = writeln!(msg, "  {d}");
        *per_file
            .entry(d.split(": ").next().unwrap_or(""))
            .or_default() += 1;
    }
    let _ = writeln!(msg, "differences per file:");
    for (file, n) in per_file {
        let _ = writeln!(msg, "  {n:4}  {file}");
    }
    panic!("{msg}");
}

/// The project's own corpus: `corpus/` against `tests/golden/`.
#[test]
fn corpus_matches_golden_answers() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = run_golden(&root.join("tests/golden"), &root.join("corpus"), true);
    assert!(out.compared + out.diffs.len() > 0, "no golden files found");
    assert_no_diffs("corpus", &out);
}

/// Compares every `<stem>.*` input in `tests/fixtures/<folder>` with the hand-written
/// `<stem>.json` beside it, and fails unless at least `at_least` inputs were compared.
fn fixture_folder_matches(folder: &str, at_least: usize) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(folder);
    let out = run_golden(&dir, &dir, true);
    assert!(
        out.compared >= at_least,
        "expected at least {at_least} inputs in {folder}, compared {}",
        out.compared
    );
    assert_no_diffs(folder, &out);
}

/// Reports in layouts neither corpus covers (and two texts that are not reports):
/// `tests/fixtures/unseen/<stem>.txt` against the hand-written `<stem>.json` beside it.
#[test]
fn unseen_layouts_match_expected_answers() {
    fixture_folder_matches("unseen", 41);
}

/// Reports printed from Word (`tests/fixtures/word/<stem>.docx` and the LibreOffice PDF
/// `<stem>.pdf`, made by `scripts/make_word_fixtures.py`: ruled header and score tables,
/// first-line indents, heading styles, running header and page-number footer) against the
/// hand-written `<stem>.json` beside them; both renderings of every report are compared.
#[test]
fn word_layouts_match_expected_answers() {
    fixture_folder_matches("word", 8);
}

/// The shared acceptance corpus `../shared/corpus` against `../shared/corpus/gold`, when
/// the shared folder sits beside the crate (as in CI); `JIXIAO_SHARED=DIR` points at another
/// copy of it.
#[test]
fn shared_corpus_matches_shared_gold() {
    let shared = match std::env::var_os("JIXIAO_SHARED") {
        Some(dir) => PathBuf::from(dir).join("corpus"),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    };
    if !shared.join("gold").is_dir() {
        eprintln!("skipped: {} not found", shared.display());
        return;
    }
    let out = run_golden(&shared.join("gold"), &shared, false);
    assert_no_diffs("shared corpus", &out);
}

#[cfg(test)]
mod helpers {
    use super::*;
    use serde_json::json;

    #[test]
    fn norm_maps_full_width_quotes_space_and_trailing_punctuation() {
        assert_eq!(norm("（一）人员超编。"), "(一)人员超编");
        assert_eq!(norm("ＡＢＣ１２３：x"), "ABC123:x");
        assert_eq!(norm("“三公经费” 控制\t有力；"), "\"三公经费\"控制有力");
        assert_eq!(norm("加强管理，。; "), "加强管理");
        assert_eq!(norm("二〇二二年度"), "二〇二二年度");
        assert_eq!(norm("a\u{3000}b"), "ab");
    }

    #[test]
    fn title_match_is_exact_for_items_and_prefix_for_achievements() {
        assert!(title_match("人员超编", "人员超编。", false));
        assert!(!title_match("人员超编", "人员超编因任务负荷", false));
        assert!(title_match(
            "科技助企取得新成效",
            "科技助企取得新成效培育了41家",
            true
        ));
        assert!(title_match("科技助企取得新成效", "科技助企取得新", true));
        assert!(!title_match("科技助企取得新成效", "科技", true));
        assert!(!title_match("", "", true));
    }

    #[test]
    fn compare_reports_each_wrong_field_and_item() {
        let gold = json!({
            "title": "某县绩效评价报告", "score": 81.41, "grade": "良", "fiscal_year": 2023,
            "region": null,
            "problems": [{"title": "人员超编", "categories": ["staffing|other"]}],
            "achievements": [{"title": "成效显著", "figures": [{"value": 41, "unit": "家"}]}],
            "_notes": "ignored"
        });
        let good = json!({
            "title": "某县绩效评价报告。", "score": 81.414, "grade": "良", "fiscal_year": 2023,
            "region": null,
            "problems": [{"title": "人员超编", "text": "", "categories": ["other"]}],
            "achievements": [{"title": "成效显著培育了41家", "text": "", "figures": [{"value": 41.0, "unit": "家"}]}]
        });
        assert_eq!(compare(&gold, &good), Vec::<String>::new());

        let bad = json!({
            "title": "某县", "score": 81.0, "grade": "优", "fiscal_year": null, "region": "某县",
            "problems": [{"title": "人员超编问题", "categories": ["staffing"]}, {"title": "无", "categories": []}],
            "achievements": [{"title": "成效显著", "figures": [{"value": 41, "unit": "个"}]}]
        });
        let diffs = compare(&gold, &bad);
        for field in [
            "title:",
            "score:",
            "grade:",
            "fiscal_year:",
            "region:",
            "problems:",
            "problems[0].title",
            "problems[0].categories",
            "achievements[0].figures",
        ] {
            assert!(
                diffs.iter().any(|d| d.starts_with(field)),
                "no diff for {field}: {diffs:#?}"
            );
        }
        assert_eq!(diffs.len(), 9, "{diffs:#?}");
    }

    #[test]
    fn compare_checks_nulls_warnings_and_unknown_keys() {
        let gold = json!({"score": null, "grade": null, "expect_warning": true, "problems": [], "scroe": 1});
        let pred =
            json!({"score": 65.0, "grade": null, "warnings": [], "problems": [{"title": "无"}]});
        let diffs = compare(&gold, &pred);
        assert!(
            diffs
                .iter()
                .any(|d| d.starts_with("score: expected null, got 65")),
            "{diffs:#?}"
        );
        assert!(
            diffs.iter().any(|d| d.starts_with("warnings:")),
            "{diffs:#?}"
        );
        assert!(
            diffs
                .iter()
                .any(|d| d.starts_with("problems: expected 0 items")),
            "{diffs:#?}"
        );
        assert!(
            diffs.iter().any(|d| d.contains("unknown key \"scroe\"")),
            "{diffs:#?}"
        );
        assert_eq!(diffs.len(), 4, "{diffs:#?}");

        let pred =
            json!({"score": null, "grade": null, "warnings": ["no score found"], "problems": []});
        let gold = json!({"score": null, "grade": null, "expect_warning": true, "problems": []});
        assert_eq!(compare(&gold, &pred), Vec::<String>::new());
    }
}
