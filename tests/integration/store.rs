//! The archive database: indexing, search, stats, export, and bad input, through the library
//! and the `jixiao` binary. Test archives are built from hand-constructed reports.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jixiao::store::{Indexed, ItemKind, Query, Store, TableKind, YearRange};
use jixiao::{
    Achievement, Config, DocType, Figure, Grade, Problem, Report, Scope, Source, Suggestion,
};

fn source(path: &str, version: &str) -> Source {
    Source {
        path: path.into(),
        format: "txt".into(),
        encoding: Some("UTF-8".into()),
        sha256: jixiao::sha256_hex(format!("{path}{version}").as_bytes()),
        bytes: 1000,
        pages: 1,
        pdf_backend: None,
    }
}

fn problem(title: &str, text: &str, categories: &[&str]) -> Problem {
    Problem {
        title: title.into(),
        text: text.into(),
        categories: categories.iter().map(|c| c.to_string()).collect(),
    }
}

fn suggestion(title: &str, text: &str) -> Suggestion {
    Suggestion {
        title: title.into(),
        text: text.into(),
    }
}

/// The seed report (昌江区科技局 2023), as the extractor should give it.
fn seed() -> Report {
    let mut r = Report::empty(source("corpus/changjiang-keji-2023.txt", "1"));
    r.doc_type = DocType::ResultFeedback;
    r.title = Some("昌江区财政支出绩效评价结果反馈".into());
    r.project = Some("23年科技局部门整体支出".into());
    r.scope = Scope::Department;
    r.organizer = Some("昌江区财政局".into());
    r.department = Some("区科技局".into());
    r.unit = Some("区科技局".into());
    r.region = Some("昌江区".into());
    r.period = Some("2023年度".into());
    r.fiscal_year = Some(2023);
    r.evaluator = Some("景德镇保记会计师事务所".into());
    r.evaluation_date = Some("2024-08".into());
    r.score = Some(81.41);
    r.grade = Some(Grade::Good);
    r.grade_raw = Some("良".into());
    r.achievements = vec![Achievement {
        title: "科技助企取得新成效".into(),
        text: "科技助企取得新成效培育了41家科技型中小企业，9家高新技术企业，兑现奖补资金120万元。"
            .into(),
        figures: vec![
            Figure {
                value: 41.0,
                unit: "家".into(),
                text: "41家".into(),
            },
            Figure {
                value: 120.0,
                unit: "万元".into(),
                text: "120万元".into(),
            },
        ],
    }];
    r.problems = vec![
        problem("中长期规划内容不完整", "部门中长期规划内容不完整，缺少时间节点。", &["planning"]),
        problem("部门任务转换绩效目标不够全面", "可量化的指标覆盖面不足。", &["performance_targets"]),
        problem(
            "人员超编",
            "因任务负荷与人员编制不完全匹配，自聘了编外人员协助工作，导致人员超编，不符合部门编制要求。",
            &["staffing"],
        ),
        problem("长效管理机制有待完善，管理制度不够健全", "科技项目管理办法缺失。", &["internal_control"]),
    ];
    r.suggestions = vec![
        suggestion("完善部门中长期规划的编制", "明确时间节点。"),
        suggestion(
            "申请重新定编",
            "根据承担任务的实际情况申请重新定编，避免超编情况。",
        ),
    ];
    r
}

fn other_reports() -> Vec<Report> {
    let mut a = Report::empty(source("corpus/xishan-roads-2022.txt", "1"));
    a.title = Some("西山县农村公路养护资金绩效评价报告".into());
    a.department = Some("西山县交通运输局".into());
    a.region = Some("西山县".into());
    a.fiscal_year = Some(2022);
    a.scope = Scope::Project;
    a.evaluator = Some("江西华审咨询有限公司".into());
    a.score = Some(72.5);
    a.grade = Some(Grade::Fair);
    a.problems = vec![
        problem(
            "会计核算制度缺失",
            "项目资金未设辅助账，会计核算制度缺失，原始凭证附件不全。",
            &["financial_accounting", "internal_control"],
        ),
        problem(
            "预算执行率低",
            "年末预算执行率仅为62%，结转结余较大。",
            &["budget_management"],
        ),
    ];
    a.suggestions = vec![suggestion("规范会计核算", "建立专账核算制度。")];

    let mut b = Report::empty(source("corpus/hewan-food-2021.txt", "1"));
    b.title = Some("河湾区食品抽检经费绩效自评报告".into());
    b.doc_type = DocType::SelfEvaluation;
    b.department = Some("河湾区市场监督管理局".into());
    b.region = Some("河湾区".into());
    b.fiscal_year = Some(2021);
    b.score = Some(55.0);
    b.grade = Some(Grade::Poor);
    b.problems = vec![
        problem(
            "内控制度不健全",
            "抽检经费管理制度不健全，内部控制流于形式。",
            &["internal_control"],
        ),
        problem(
            "编外人员较多",
            "抽检工作依靠编外人员，专业人才缺乏。",
            &["staffing"],
        ),
        problem(
            "资金拨付不及时",
            "资金拨付滞后三个月。",
            &["fund_management"],
        ),
    ];

    let mut c = Report::empty(source("corpus/nanhe-health-2023.txt", "1"));
    c.title = Some("南河区公共卫生服务项目绩效评价报告".into());
    c.department = Some("南河区卫生健康委员会".into());
    c.fiscal_year = Some(2023);
    c.score = Some(93.0);
    c.grade = Some(Grade::Excellent);
    c.problems = vec![problem(
        "档案资料不完整",
        "部分台账资料不完整。",
        &["records_disclosure"],
    )];
    vec![a, b, c]
}

fn all_reports() -> Vec<Report> {
    let mut v = vec![seed()];
    v.extend(other_reports());
    v
}

fn build(dir: &Path, reports: &[Report]) -> Store {
    let mut store = Store::open(&dir.join("archive.db"), &Config::default()).unwrap();
    for r in reports {
        assert_eq!(store.index_report(r, "test.jsonl").unwrap(), Indexed::New);
    }
    store
}

fn keys(hits: &[jixiao::store::Hit]) -> BTreeSet<(String, usize)> {
    hits.iter().map(|h| (h.path.clone(), h.ordinal)).collect()
}

#[test]
fn chaobian_finds_the_seed_staffing_problem() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &all_reports());
    let hits = store.search(&Query::text("超编")).unwrap();
    let top = &hits[0];
    assert_eq!(top.item_title, "人员超编");
    assert_eq!(top.kind, ItemKind::Problem);
    assert_eq!(top.path, "corpus/changjiang-keji-2023.txt");
    assert_eq!(top.fiscal_year, Some(2023));
    assert_eq!(top.department.as_deref(), Some("区科技局"));
    assert_eq!(top.grade.as_deref(), Some("良"));
    assert_eq!(top.score, Some(81.41));
    assert_eq!(top.categories, ["staffing"]);
    assert!(top.snippet.contains("[超编]"), "{}", top.snippet);
    // The suggestion 避免超编 matches too; nothing else does.
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[1].kind, ItemKind::Suggestion);
}

#[test]
fn a_word_finds_longer_words_containing_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &all_reports());
    let hits = store
        .search(&Query {
            kinds: vec![ItemKind::Problem],
            ..Query::text("会计核算")
        })
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].item_title, "会计核算制度缺失");
    // Several terms: all must occur.
    assert_eq!(store.search(&Query::text("编外 人才")).unwrap().len(), 1);
    assert_eq!(store.search(&Query::text("超编 人才")).unwrap().len(), 0);
    // Numbers with units, and a single trailing character.
    let hits = store.search(&Query::text("41家")).unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].kind, ItemKind::Achievement);
    assert!(hits[0].snippet.contains("[41家]"), "{}", hits[0].snippet);
}

#[test]
fn a_match_in_the_item_title_ranks_above_matches_in_text_only() {
    let dir = tempfile::tempdir().unwrap();
    let mut r = Report::empty(source("bulk/titles.txt", "1"));
    r.problems = vec![
        problem(
            "台账缺失",
            "资产管理台账缺失，资产管理流程不清，资产管理人员不足。",
            &["asset_management"],
        ),
        problem(
            "资产管理不规范",
            "部分设备未登记入账。",
            &["asset_management"],
        ),
    ];
    let store = build(dir.path(), &[r]);
    let hits = store.search(&Query::text("资产管理")).unwrap();
    let titles: Vec<&str> = hits.iter().map(|h| h.item_title.as_str()).collect();
    assert_eq!(titles, ["资产管理不规范", "台账缺失"]);
}

#[test]
fn category_filter_returns_exactly_the_problems_so_classified() {
    let dir = tempfile::tempdir().unwrap();
    let reports = all_reports();
    let store = build(dir.path(), &reports);
    let expected: BTreeSet<(String, usize)> = reports
        .iter()
        .flat_map(|r| {
            r.problems
                .iter()
                .enumerate()
                .filter(|(_, p)| p.categories.iter().any(|c| c == "internal_control"))
                .map(|(i, _)| (r.source.path.clone(), i))
        })
        .collect();
    assert_eq!(expected.len(), 3);
    let query = Query {
        categories: vec!["internal_control".into()],
        limit: 100,
        ..Query::default()
    };
    let hits = store.search(&query).unwrap();
    assert_eq!(keys(&hits), expected);
    assert!(hits
        .iter()
        .all(|h| h.kind == ItemKind::Problem && h.categories.contains(&"internal_control".into())));
    // With words too.
    let hits = store
        .search(&Query {
            text: "制度".into(),
            ..query.clone()
        })
        .unwrap();
    assert_eq!(hits.len(), 3);
    // Unknown category: a clear error.
    let err = store
        .search(&Query {
            categories: vec!["nonsense".into()],
            ..Query::default()
        })
        .unwrap_err();
    assert!(
        err.to_string().contains("unknown category \"nonsense\""),
        "{err}"
    );
}

#[test]
fn grade_year_and_text_filters() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &all_reports());
    let fair = store
        .search(&Query {
            grades: vec![Grade::Fair],
            limit: 100,
            ..Query::default()
        })
        .unwrap();
    // The 中 report has 2 problems and 1 suggestion.
    assert_eq!(fair.len(), 3);
    assert!(fair.iter().all(|h| h.grade.as_deref() == Some("中")));
    let worse = Query {
        grades: vec![Grade::Fair, Grade::Poor],
        kinds: vec![ItemKind::Problem],
        limit: 100,
        ..Query::default()
    };
    assert_eq!(store.search(&worse).unwrap().len(), 5);
    let staffing_fair_or_worse = store
        .search(&Query {
            text: "编外".into(),
            ..worse
        })
        .unwrap();
    assert_eq!(staffing_fair_or_worse.len(), 1);
    assert_eq!(staffing_fair_or_worse[0].item_title, "编外人员较多");

    let years = Query {
        years: Some("2022..2023".parse::<YearRange>().unwrap()),
        kinds: vec![ItemKind::Problem],
        limit: 100,
        ..Query::default()
    };
    let hits = store.search(&years).unwrap();
    assert_eq!(hits.len(), 4 + 2 + 1);
    assert!(hits
        .iter()
        .all(|h| matches!(h.fiscal_year, Some(2022 | 2023))));
    let hits = store
        .search(&Query {
            department: Some("科技局".into()),
            ..years.clone()
        })
        .unwrap();
    assert_eq!(hits.len(), 4);
    let hits = store
        .search(&Query {
            evaluator: Some("会计师事务所".into()),
            region: Some("昌江区".into()),
            ..years
        })
        .unwrap();
    assert_eq!(hits.len(), 4);
    let hits = store
        .search(&Query {
            scope: Some(Scope::Project),
            limit: 100,
            ..Query::default()
        })
        .unwrap();
    assert_eq!(hits.len(), 3);
}

#[test]
fn reindexing_skips_unchanged_and_replaces_changed_reports() {
    let dir = tempfile::tempdir().unwrap();
    let reports = all_reports();
    let mut store = build(dir.path(), &reports);
    let counts = store.row_counts().unwrap();
    assert_eq!(counts.iter().find(|c| c.0 == "problems").unwrap().1, 10);
    for r in &reports {
        assert_eq!(
            store.index_report(r, "test.jsonl").unwrap(),
            Indexed::Skipped
        );
    }
    assert_eq!(store.row_counts().unwrap(), counts);
    store.set_force(true);
    for r in &reports {
        assert_eq!(
            store.index_report(r, "test.jsonl").unwrap(),
            Indexed::Replaced
        );
    }
    assert_eq!(store.row_counts().unwrap(), counts);
    store.set_force(false);
    // A changed file: its rows are replaced, search sees only the new text.
    let mut changed = seed();
    changed.source = source("corpus/changjiang-keji-2023.txt", "2");
    changed.problems.truncate(1);
    assert_eq!(
        store.index_report(&changed, "test.jsonl").unwrap(),
        Indexed::Replaced
    );
    assert_eq!(
        store
            .row_counts()
            .unwrap()
            .iter()
            .find(|c| c.0 == "problems")
            .unwrap()
            .1,
        7
    );
    assert_eq!(
        store
            .search(&Query {
                kinds: vec![ItemKind::Problem],
                ..Query::text("超编")
            })
            .unwrap()
            .len(),
        0
    );
    assert!(store.integrity_check().unwrap().is_empty());
}

#[test]
fn stats_count_by_category_year_grade_and_department() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &all_reports());
    let stats = store.stats(2).unwrap();
    assert_eq!(
        (
            stats.reports,
            stats.problems,
            stats.suggestions,
            stats.achievements
        ),
        (4, 10, 3, 1)
    );
    let cell = |c: &str, y: i32| {
        stats
            .by_category_year
            .iter()
            .find(|x| x.category == c && x.fiscal_year == Some(y))
            .map(|x| x.problems)
    };
    assert_eq!(cell("internal_control", 2023), Some(1));
    assert_eq!(cell("internal_control", 2022), Some(1));
    assert_eq!(cell("staffing", 2021), Some(1));
    assert_eq!(cell("staffing", 2022), None);
    let grades: Vec<(Option<String>, i64)> = ["优", "良", "中", "差"]
        .iter()
        .map(|g| (Some(g.to_string()), 1))
        .collect();
    assert_eq!(stats.grades, grades);
    assert_eq!(
        stats.score_bands,
        [
            ("<60".to_string(), 1),
            ("70–80".to_string(), 1),
            ("80–90".to_string(), 1),
            ("90–100".to_string(), 1)
        ]
    );
    assert_eq!(stats.top_departments.len(), 2);
    assert_eq!(stats.top_departments[0].department, "区科技局");
    assert_eq!(stats.top_departments[0].problems, 4);
    assert_eq!(stats.top_departments[1].department, "河湾区市场监督管理局");
}

#[test]
fn export_tables_have_one_row_per_item() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &all_reports());
    let problems = store.table(TableKind::Problems).unwrap();
    assert_eq!(problems.rows.len(), 10);
    let col = |name: &str| problems.columns.iter().position(|c| c == name).unwrap();
    let row = problems
        .rows
        .iter()
        .find(|r| r[col("title")] == jixiao::store::Cell::Text("会计核算制度缺失".into()))
        .unwrap();
    assert_eq!(
        row[col("categories")],
        jixiao::store::Cell::Text("financial_accounting;internal_control".into())
    );
    assert_eq!(row[col("score")], jixiao::store::Cell::Real(72.5));
    assert_eq!(row[col("fiscal_year")], jixiao::store::Cell::Integer(2022));
    assert_eq!(store.table(TableKind::Reports).unwrap().rows.len(), 4);
    assert_eq!(store.table(TableKind::Figures).unwrap().rows.len(), 2);
    let mut csv = Vec::new();
    jixiao::store::write_csv(&mut csv, &problems, Path::new("-")).unwrap();
    assert!(csv.starts_with("\u{feff}".as_bytes()));
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(text.lines().count(), 11);
    assert!(text.contains("人员超编"));
}

// ---- through the binary ----

fn jixiao(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write_jsonl(path: &Path, reports: &[Report]) {
    let mut text = String::new();
    for r in reports {
        text.push_str(&serde_json::to_string(r).unwrap());
        text.push('\n');
    }
    std::fs::write(path, text).unwrap();
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn cli_index_search_stats_export() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("reports.jsonl");
    let db = dir.path().join("archive.db");
    let mut reports = all_reports();
    let mut lines: Vec<String> = reports
        .iter()
        .map(|r| serde_json::to_string(r).unwrap())
        .collect();
    lines.push(r#"{"source":{"path":"corpus/broken.pdf"},"error":{"kind":"pdf","message":"corpus/broken.pdf: invalid PDF: no trailer"}}"#.into());
    lines.push("not json".into());
    std::fs::write(&jsonl, lines.join("\n")).unwrap();

    let o = jixiao(&["index", s(&jsonl), "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("reports.jsonl:6: not a jixiao record"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("4 new, 0 replaced, 0 unchanged, 2 failed"),
        "{}",
        stderr(&o)
    );

    // Stats equal the counts of the JSON Lines.
    let o = jixiao(&["stats", "--db", s(&db), "--format", "json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let stats: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let count = |f: fn(&Report) -> usize| reports.iter().map(f).sum::<usize>() as i64;
    assert_eq!(stats["reports"], 4);
    assert_eq!(stats["problems"], count(|r| r.problems.len()));
    assert_eq!(stats["suggestions"], count(|r| r.suggestions.len()));
    assert_eq!(stats["achievements"], count(|r| r.achievements.len()));
    assert_eq!(stats["failures"], 1);
    let by_category: i64 = stats["by_category_year"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["problems"].as_i64().unwrap())
        .sum();
    assert_eq!(
        by_category,
        count(|r| r.problems.iter().map(|p| p.categories.len()).sum())
    );

    let o = jixiao(&["search", "超编", "--db", s(&db), "--in", "problems"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = String::from_utf8(o.stdout).unwrap();
    assert!(out.starts_with("  1. 人员超编  [problem · staffing]\n     昌江区财政支出绩效评价结果反馈 · 2023 · 区科技局 · 良 81.41\n"), "{out}");
    assert!(out.contains("导致人员[超编]"), "{out}");

    let o = jixiao(&[
        "search",
        "--db",
        s(&db),
        "--grade-max",
        "中",
        "--in",
        "problems",
        "--format",
        "json",
    ]);
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(hits.len(), 5);
    let o = jixiao(&[
        "search",
        "--db",
        s(&db),
        "--grade",
        "中,差",
        "--category",
        "internal_control",
        "--format",
        "csv",
    ]);
    let out = String::from_utf8(o.stdout).unwrap();
    assert_eq!(out.lines().count(), 3, "{out}");

    // Re-indexing: unchanged, same counts.
    let o = jixiao(&["index", s(&jsonl), "--db", s(&db)]);
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 4 unchanged"),
        "{}",
        stderr(&o)
    );
    let again: serde_json::Value =
        serde_json::from_slice(&jixiao(&["stats", "--db", s(&db), "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(again, stats);

    // Prune: a record gone from the JSON Lines file is removed.
    reports.pop();
    write_jsonl(&jsonl, &reports);
    let o = jixiao(&["index", s(&jsonl), "--db", s(&db), "--prune"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("3 unchanged, 0 failed, 1 pruned; "),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains(": 3 reports, 9 problems"),
        "{}",
        stderr(&o)
    );

    // Export: CSV with BOM, XLSX, and report records that index back to the same archive.
    let csv = dir.path().join("problems.csv");
    assert!(
        jixiao(&["export", "--db", s(&db), "--format", "csv", "-o", s(&csv)])
            .status
            .success()
    );
    let bytes = std::fs::read(&csv).unwrap();
    assert!(bytes.starts_with(b"\xef\xbb\xbf"));
    assert_eq!(String::from_utf8(bytes).unwrap().lines().count(), 1 + 9);
    let xlsx = dir.path().join("archive.xlsx");
    assert!(
        jixiao(&["export", "--db", s(&db), "--format", "xlsx", "-o", s(&xlsx)])
            .status
            .success()
    );
    assert!(std::fs::read(&xlsx).unwrap().starts_with(b"PK"));
    let o = jixiao(&["export", "--db", s(&db), "--format", "xlsx"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("xlsx output needs a file"),
        "{}",
        stderr(&o)
    );
    let records = dir.path().join("records.jsonl");
    assert!(jixiao(&[
        "export",
        "--db",
        s(&db),
        "--format",
        "jsonl",
        "--table",
        "reports",
        "-o",
        s(&records)
    ])
    .status
    .success());
    let db2 = dir.path().join("copy.db");
    let o = jixiao(&["index", s(&records), "--db", s(&db2)]);
    assert!(
        stderr(&o).contains("3 new")
            && stderr(&o).contains(": 3 reports, 9 problems, 3 suggestions, 1 achievements"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn cli_indexes_folders_skips_unchanged_and_prunes_deleted_files() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "昌江区财政支出绩效评价结果反馈\n评价分值：81.41\n",
    )
    .unwrap();
    std::fs::write(docs.join("b.txt"), "西山县绩效评价报告\n评价分值：72.5\n").unwrap();
    std::fs::write(docs.join("empty.txt"), "").unwrap();
    let db = dir.path().join("archive.db");
    let o = jixiao(&["index", s(&docs), "--db", s(&db)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("empty.txt: empty file"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("2 new, 0 replaced, 0 unchanged, 1 failed"),
        "{}",
        stderr(&o)
    );
    let o = jixiao(&["index", s(&docs), "--db", s(&db)]);
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 2 unchanged, 1 failed"),
        "{}",
        stderr(&o)
    );
    std::fs::write(docs.join("b.txt"), "西山县绩效评价报告\n评价分值：75\n").unwrap();
    std::fs::remove_file(docs.join("a.txt")).unwrap();
    std::fs::remove_file(docs.join("empty.txt")).unwrap();
    let o = jixiao(&["index", s(&docs), "--db", s(&db), "--prune"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new, 1 replaced, 0 unchanged, 0 failed, 1 pruned"),
        "{}",
        stderr(&o)
    );
    let stats: serde_json::Value =
        serde_json::from_slice(&jixiao(&["stats", "--db", s(&db), "--format", "json"]).stdout)
            .unwrap();
    assert_eq!(
        (stats["reports"].as_i64(), stats["failures"].as_i64()),
        (Some(1), Some(0))
    );
}

#[test]
fn cli_index_takes_include_and_exclude_globs() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    for sub in ["2022", "2023"] {
        std::fs::create_dir_all(docs.join(sub)).unwrap();
    }
    let text = |region: &str| format!("{region}财政支出绩效评价结果反馈\n评价分值：81.41\n");
    std::fs::write(docs.join("2022/a.txt"), text("昌江区")).unwrap();
    std::fs::write(docs.join("2023/b.txt"), text("西山县")).unwrap();
    std::fs::write(docs.join("2023/draft-c.txt"), text("河湾区")).unwrap();
    let db = dir.path().join("archive.db");
    let reports = |db: &Path| -> Vec<String> {
        let store = Store::open_read_only(db, &Config::default()).unwrap();
        let mut paths: Vec<String> = store.known_files().unwrap().into_keys().collect();
        paths.sort();
        paths
            .iter()
            .map(|p| p.rsplit('/').next().unwrap().to_string())
            .collect()
    };

    let o = jixiao(&[
        "index",
        s(&docs),
        "--db",
        s(&db),
        "--include",
        "2023/*",
        "--exclude",
        "draft-*",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("jixiao: skipped 2 (hidden 0, not reports 0, excluded 2)\n"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("1 new, 0 replaced"), "{}", stderr(&o));
    assert_eq!(reports(&db), ["b.txt"]);

    // Without globs the rest comes in; --quiet prints no summary.
    let o = jixiao(&["index", s(&docs), "--db", s(&db), "--quiet"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stderr(&o), "");
    assert_eq!(reports(&db), ["a.txt", "b.txt", "draft-c.txt"]);

    // --prune with globs removes deleted files only, not those left out but still there.
    std::fs::remove_file(docs.join("2022/a.txt")).unwrap();
    let o = jixiao(&[
        "index",
        s(&docs),
        "--db",
        s(&db),
        "--exclude",
        "draft-*",
        "--prune",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 1 unchanged, 0 failed, 1 pruned"),
        "{}",
        stderr(&o)
    );
    assert_eq!(reports(&db), ["b.txt", "draft-c.txt"]);

    // A malformed glob is a usage error, and the database is left alone.
    let before = std::fs::read(&db).unwrap();
    let o = jixiao(&["index", s(&docs), "--db", s(&db), "--include", "a["]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("invalid glob pattern \"a[\""),
        "{}",
        stderr(&o)
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn bad_queries_give_clear_messages() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("archive.db");
    drop(build(dir.path(), &all_reports()));
    let before = std::fs::read(&db).unwrap();
    for q in [
        "\"超编",
        "超编*",
        "NEAR(超编 编外)",
        "(超编)",
        "超编-编外",
        "text:超编",
        "超编 OR",
        "^超编",
    ] {
        let o = jixiao(&["search", q, "--db", s(&db), "--format", "json"]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{q}: {}",
            stderr(&o)
        );
        let hits: serde_json::Value =
            serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{q}: {}", stderr(&o)));
        assert!(hits.is_array(), "{q}");
    }
    let o = jixiao(&["search", "NEAR(超编)", "--db", s(&db)]);
    assert!(
        stderr(&o).contains("note: \"()\" in the query separate words"),
        "{}",
        stderr(&o)
    );
    // NEAR is searched as a word, so nothing matches; plain 超编 in quotes does.
    assert_eq!(o.status.code(), Some(1));
    assert!(jixiao(&["search", "\"超编\"", "--db", s(&db)])
        .status
        .success());

    for (args, message) in [
        (
            vec!["search", "", "--db"],
            "empty query: give words to search, or at least one filter",
        ),
        (vec!["search", "--db"], "empty query"),
        (
            vec!["search", "\"*()\" -", "--db"],
            "has no letters or digits to search",
        ),
        (
            vec!["search", "x", "--grade", "甲", "--db"],
            "invalid grade \"甲\"",
        ),
        (
            vec!["search", "x", "--year", "2024..2020", "--db"],
            "year \"2024..2020\"",
        ),
        (
            vec!["search", "x", "--category", "nope", "--db"],
            "unknown category \"nope\"",
        ),
    ] {
        let mut args = args;
        args.push(s(&db));
        let o = jixiao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(message), "{args:?}: {}", stderr(&o));
        assert!(!stderr(&o).contains("panicked"), "{args:?}");
    }
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "searching changed the database"
    );
}

#[test]
fn missing_corrupt_and_newer_databases_are_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("missing.db");
    for cmd in [vec!["search", "超编"], vec!["stats"], vec!["export"]] {
        let mut args = cmd.clone();
        args.extend(["--db", s(&missing)]);
        let o = jixiao(&args);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}");
        assert!(
            stderr(&o).contains("missing.db: no such archive database"),
            "{}",
            stderr(&o)
        );
        assert!(!missing.exists(), "{cmd:?} created the database");
    }

    let corrupt = dir.path().join("corrupt.db");
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i * 7 % 251) as u8).collect();
    std::fs::write(&corrupt, &garbage).unwrap();
    let jsonl = dir.path().join("r.jsonl");
    write_jsonl(&jsonl, &[seed()]);
    for args in [
        vec!["search", "超编", "--db", s(&corrupt)],
        vec!["stats", "--db", s(&corrupt)],
        vec!["index", s(&jsonl), "--db", s(&corrupt)],
    ] {
        let o = jixiao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&o).contains("corrupt.db: not an archive database"),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    assert_eq!(std::fs::read(&corrupt).unwrap(), garbage);

    // Another application's SQLite file.
    let foreign = dir.path().join("foreign.db");
    rusqlite::Connection::open(&foreign)
        .unwrap()
        .execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let o = jixiao(&["index", s(&jsonl), "--db", s(&foreign)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a jixiao archive"),
        "{}",
        stderr(&o)
    );

    // A newer schema version.
    let newer = dir.path().join("newer.db");
    drop(Store::open(&newer, &Config::default()).unwrap());
    rusqlite::Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = std::fs::read(&newer).unwrap();
    for args in [
        vec!["search", "超编", "--db", s(&newer)],
        vec!["index", s(&jsonl), "--db", s(&newer)],
    ] {
        let o = jixiao(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains("archive schema version 99, this jixiao supports version 1: written by a newer jixiao"), "{}", stderr(&o));
    }
    assert_eq!(std::fs::read(&newer).unwrap(), before);
}

/// A report whose items are numbered, so a test can check all of them arrived.
fn synthetic(i: usize) -> Report {
    let mut r = seed();
    r.source = source(&format!("bulk/{i:05}.txt"), "1");
    r.fiscal_year = Some(2019 + (i % 5) as i32);
    for k in 0..(i % 7) {
        r.problems.push(problem(
            &format!("问题{k}"),
            &format!("第{i}号报告的第{k}个补充问题，资金拨付不及时。"),
            &["fund_management"],
        ));
    }
    r
}

#[test]
fn an_interrupted_index_run_leaves_a_consistent_database() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("bulk.jsonl");
    write_jsonl(&jsonl, &(0..20_000).map(synthetic).collect::<Vec<_>>());
    let db: PathBuf = dir.path().join("archive.db");
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(["index", s(&jsonl), "--db", s(&db)])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // Kill it once some reports are in (checking at most ~60 s).
    let mut indexed = 0;
    for _ in 0..600 {
        std::thread::sleep(std::time::Duration::from_millis(100));
        if let Ok(store) = Store::open_read_only(&db, &Config::default()) {
            indexed = store.row_counts().map(|c| c[0].1).unwrap_or(0);
            if indexed >= 50 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(indexed >= 50, "the index run wrote nothing in time");

    let store = Store::open(&db, &Config::default()).unwrap();
    assert_eq!(store.integrity_check().unwrap(), Vec::<String>::new());
    let conn = store.connection();
    let reports: i64 = conn
        .query_row("SELECT count(*) FROM reports", [], |r| r.get(0))
        .unwrap();
    assert!(reports >= 50 && reports < 20_000, "{reports} reports");
    // Every report row has all of its items (as its stored record lists them).
    let mut stmt = conn
        .prepare("SELECT report_json, (SELECT count(*) FROM problems p WHERE p.report_id = r.id) FROM reports r")
        .unwrap();
    let rows: Vec<(String, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (json, problems) in rows {
        let report: Report = serde_json::from_str(&json).unwrap();
        assert_eq!(
            report.problems.len() as i64,
            problems,
            "{}",
            report.source.path
        );
    }
    // The index agrees: every problem of a fund_management report is searchable.
    let fts: i64 = conn
        .query_row(
            "SELECT count(*) FROM items_fts WHERE items_fts MATCH 'grams : \"拨付\"'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let items: i64 = conn
        .query_row(
            "SELECT count(*) FROM items WHERE instr(text, '拨付') > 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts, items);
    drop(stmt);
    drop(store);
    // Resuming finishes the job.
    let o = jixiao(&["index", s(&jsonl), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(": 20000 reports"), "{}", stderr(&o));
}

#[test]
fn an_archive_of_the_corpus() {
    let config = Config::default();
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    let inputs = jixiao::batch::collect_inputs(&[corpus], &jixiao::batch::Filter::default());
    assert!(inputs.files.len() >= 10);
    let reports: Vec<Report> = inputs
        .files
        .iter()
        .map(|f| jixiao::extract_file(f, &config).unwrap())
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("corpus.db"), &config).unwrap();
    for r in &reports {
        assert_eq!(store.index_report(r, "corpus").unwrap(), Indexed::New);
    }

    // 超编: the seed's 人员超编 problem, first.
    let hits = store
        .search(&Query {
            kinds: vec![ItemKind::Problem],
            ..Query::text("超编")
        })
        .unwrap();
    assert_eq!(hits[0].item_title, "人员超编");
    assert!(
        hits[0].path.ends_with("changjiang-keji-2023.txt"),
        "{}",
        hits[0].path
    );
    assert_eq!(hits[0].categories[0], "staffing");

    // Category and grade filters return exactly the problems so classified / graded.
    let all = Query {
        kinds: vec![ItemKind::Problem],
        limit: 100_000,
        ..Query::default()
    };
    for category in ["internal_control", "staffing", "fund_management"] {
        let expected: BTreeSet<(String, usize)> = reports
            .iter()
            .flat_map(|r| {
                r.problems
                    .iter()
                    .enumerate()
                    .filter(|(_, p)| p.categories.iter().any(|c| c == category))
                    .map(|(i, _)| (r.source.path.clone(), i))
            })
            .collect();
        let hits = store
            .search(&Query {
                categories: vec![category.into()],
                ..all.clone()
            })
            .unwrap();
        assert_eq!(keys(&hits), expected, "{category}");
    }
    let internal_control = reports
        .iter()
        .flat_map(|r| &r.problems)
        .filter(|p| p.categories.contains(&"internal_control".into()))
        .count();
    assert!(
        internal_control >= 2,
        "the corpus should hold internal_control problems"
    );
    for grade in [Grade::Good, Grade::Fair] {
        let expected: usize = reports
            .iter()
            .filter(|r| r.grade == Some(grade))
            .map(|r| r.problems.len())
            .sum();
        let hits = store
            .search(&Query {
                grades: vec![grade],
                ..all.clone()
            })
            .unwrap();
        assert_eq!(hits.len(), expected, "{grade}");
        assert!(hits
            .iter()
            .all(|h| h.grade.as_deref() == Some(grade.as_str())));
    }

    // Stats equal the extracted counts.
    let stats = store.stats(10).unwrap();
    assert_eq!(stats.reports as usize, reports.len());
    assert_eq!(
        stats.problems as usize,
        reports.iter().map(|r| r.problems.len()).sum::<usize>()
    );
    assert_eq!(
        stats.suggestions as usize,
        reports.iter().map(|r| r.suggestions.len()).sum::<usize>()
    );
    assert_eq!(
        stats.achievements as usize,
        reports.iter().map(|r| r.achievements.len()).sum::<usize>()
    );
    let categorized: i64 = stats.by_category_year.iter().map(|c| c.problems).sum();
    assert_eq!(
        categorized as usize,
        reports
            .iter()
            .flat_map(|r| &r.problems)
            .map(|p| p.categories.len())
            .sum::<usize>()
    );

    // Re-indexing leaves the same rows.
    let counts = store.row_counts().unwrap();
    for r in &reports {
        assert_eq!(store.index_report(r, "corpus").unwrap(), Indexed::Skipped);
    }
    assert_eq!(store.row_counts().unwrap(), counts);
    assert!(store.integrity_check().unwrap().is_empty());
}

/// 40 reports graded 优 whose one problem is a short text on 资金 (they rank first for 资金),
/// then 3 graded 中 whose problem mentions 资金 once in longer texts (they rank last).
fn ranked_archive() -> Vec<Report> {
    let mut reports = Vec::new();
    for i in 0..40 {
        let mut r = Report::empty(source(&format!("top/{i:02}.txt"), "1"));
        r.score = Some(95.0);
        r.grade = Some(Grade::Excellent);
        r.fiscal_year = Some(2020 + (i % 4) as i32);
        r.department = Some(if i % 2 == 0 { "科技局" } else { "水利局" }.into());
        r.problems.push(problem(
            "资金拨付",
            "资金拨付不及时。",
            &["fund_management"],
        ));
        reports.push(r);
    }
    let padding = "项目实施过程中档案管理不够规范，部分会议记录与验收材料未及时归档";
    for (i, repeats) in [1, 3, 2].into_iter().enumerate() {
        let mut r = Report::empty(source(&format!("fair/{i}.txt"), "1"));
        r.score = Some(70.0);
        r.grade = Some(Grade::Fair);
        r.fiscal_year = Some(2023);
        r.department = Some("科技局".into());
        r.problems.push(problem(
            &format!("档案管理{i}"),
            &format!("{}，涉及资金的凭证缺失。", padding.repeat(repeats)),
            &["records_disclosure"],
        ));
        reports.push(r);
    }
    reports
}

#[test]
fn filtered_search_finds_hits_ranked_beyond_the_first_window() {
    let dir = tempfile::tempdir().unwrap();
    let store = build(dir.path(), &ranked_archive());
    let all = store
        .search(&Query {
            limit: 1000,
            ..Query::text("资金")
        })
        .unwrap();
    assert_eq!(all.len(), 43);
    // Equal ranks are ordered by item (insertion) order.
    let top: Vec<&str> = all[..5].iter().map(|h| h.path.as_str()).collect();
    assert_eq!(
        top,
        [
            "top/00.txt",
            "top/01.txt",
            "top/02.txt",
            "top/03.txt",
            "top/04.txt"
        ]
    );
    // The 中 problems rank last, shortest text first.
    let last: Vec<&str> = all[40..].iter().map(|h| h.path.as_str()).collect();
    assert_eq!(last, ["fair/0.txt", "fair/2.txt", "fair/1.txt"]);

    // With limit 2 the first window is 8 items, all 优: the 中 hits come from later windows.
    let fair = Query {
        grades: vec![Grade::Fair],
        limit: 2,
        ..Query::text("资金")
    };
    let hits = store.search(&fair).unwrap();
    let paths: Vec<&str> = hits.iter().map(|h| h.path.as_str()).collect();
    assert_eq!(paths, ["fair/0.txt", "fair/2.txt"]);
    assert!(hits[0].rank < hits[1].rank, "{hits:?}");
    assert!(hits[0].snippet.contains("[资金]"), "{}", hits[0].snippet);
    assert_eq!(hits[0].categories, ["records_disclosure"]);

    // Every filtered search equals the full ranking filtered afterwards, hit for hit.
    let cases: Vec<(Query, fn(&jixiao::store::Hit) -> bool)> = vec![
        (
            Query {
                grades: vec![Grade::Fair],
                limit: 10,
                ..Query::text("资金")
            },
            |h| h.grade.as_deref() == Some("中"),
        ),
        (
            Query {
                categories: vec!["records_disclosure".into()],
                limit: 1,
                ..Query::text("资金")
            },
            |h| h.categories == ["records_disclosure"],
        ),
        (
            Query {
                years: Some("2021..2022".parse().unwrap()),
                limit: 3,
                ..Query::text("资金")
            },
            |h| matches!(h.fiscal_year, Some(2021 | 2022)),
        ),
        (
            Query {
                department: Some("科技局".into()),
                limit: 25,
                ..Query::text("资金")
            },
            |h| h.department.as_deref() == Some("科技局"),
        ),
        (
            Query {
                department: Some("农业局".into()),
                limit: 5,
                ..Query::text("资金")
            },
            |_| false,
        ),
    ];
    for (query, keep) in cases {
        let expected: Vec<&jixiao::store::Hit> =
            all.iter().filter(|h| keep(h)).take(query.limit).collect();
        let got = store.search(&query).unwrap();
        assert_eq!(got.iter().collect::<Vec<_>>(), expected, "{query:?}");
    }
}

// ---- defects found by a new user ----

/// Runs `jixiao` in folder `cwd`, with `stdin` as standard input.
fn jixiao_in(cwd: &Path, args: &[&str], stdin: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_jixiao"))
        .args(args)
        .current_dir(cwd)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    child.wait_with_output().unwrap()
}

/// The report paths and failure paths stored in `db`, sorted.
fn stored_paths(db: &Path) -> (Vec<String>, Vec<String>) {
    let conn =
        rusqlite::Connection::open_with_flags(db, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .unwrap();
    let column = |sql: &str| -> Vec<String> {
        let mut stmt = conn.prepare(sql).unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<rusqlite::Result<_>>().unwrap()
    };
    (
        column("SELECT path FROM reports ORDER BY path"),
        column("SELECT path FROM failures ORDER BY path"),
    )
}

/// A folder `docs` of two small reports in `dir`.
fn two_report_folder(dir: &Path) -> PathBuf {
    let docs = dir.join("docs");
    std::fs::create_dir(&docs).unwrap();
    std::fs::write(
        docs.join("a.txt"),
        "昌江区财政支出绩效评价结果反馈\n评价分值：81.41\n",
    )
    .unwrap();
    std::fs::write(docs.join("b.txt"), "西山县绩效评价报告\n评价分值：72.5\n").unwrap();
    docs
}

#[test]
fn prune_never_removes_reports_under_a_path_that_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let docs = two_report_folder(dir.path());
    let db = dir.path().join("archive.db");
    let o = jixiao(&["index", s(&docs), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The share is unmounted (or the name mistyped): the folder is not there.
    std::fs::rename(&docs, dir.path().join("elsewhere")).unwrap();
    let o = jixiao(&["index", s(&docs), "--db", s(&db), "--prune"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("docs: cannot read: no such file or folder"),
        "{}",
        stderr(&o)
    );
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 0 unchanged, 1 failed, 0 pruned"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stored_paths(&db).0.len(), 2);
}

#[test]
fn a_file_that_fails_after_being_indexed_keeps_its_stored_report() {
    let dir = tempfile::tempdir().unwrap();
    let docs = two_report_folder(dir.path());
    let db = dir.path().join("archive.db");
    let o = jixiao(&["index", s(&docs), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = std::fs::read(docs.join("a.txt")).unwrap();
    std::fs::write(docs.join("a.txt"), "").unwrap();
    let o = jixiao(&["index", s(&docs), "--db", s(&db), "--prune"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("a.txt: empty file"), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("0 new, 0 replaced, 1 unchanged, 1 failed (1 earlier report kept), 0 pruned"),
        "{}",
        stderr(&o)
    );
    let a_path = s(&docs.join("a.txt")).to_string();
    let (reports, failures) = stored_paths(&db);
    assert_eq!(reports.len(), 2);
    assert_eq!(failures, [a_path.clone()]);
    // The file is back as it was: unchanged, and its failure is cleared.
    std::fs::write(docs.join("a.txt"), a).unwrap();
    let o = jixiao(&["index", s(&docs), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 2 unchanged, 0 failed"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stored_paths(&db).1, Vec::<String>::new());
}

#[test]
fn indexing_a_folder_and_its_extract_output_store_the_same_paths() {
    let dir = tempfile::tempdir().unwrap();
    two_report_folder(dir.path());
    let cwd = dir.path();
    let o = jixiao_in(cwd, &["extract", "docs", "-o", "rel.jsonl"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    let o = jixiao_in(cwd, &["index", "rel.jsonl", "--db", "archive.db"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("2 new, 0 replaced"), "{}", stderr(&o));
    let o = jixiao_in(cwd, &["index", "docs", "--db", "archive.db"], b"");
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 2 unchanged"),
        "{}",
        stderr(&o)
    );
    let db = cwd.join("archive.db");
    assert_eq!(stored_paths(&db).0, ["docs/a.txt", "docs/b.txt"]);
    // --prune compares the walked paths with the stored ones.
    std::fs::remove_file(cwd.join("docs/a.txt")).unwrap();
    let o = jixiao_in(
        cwd,
        &["index", "docs", "--db", "archive.db", "--prune"],
        b"",
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 1 unchanged, 0 failed, 1 pruned"),
        "{}",
        stderr(&o)
    );
    assert_eq!(stored_paths(&db).0, ["docs/b.txt"]);
}

#[test]
fn reports_from_standard_input_do_not_overwrite_each_other() {
    let dir = tempfile::tempdir().unwrap();
    let a = "昌江区财政支出绩效评价结果反馈\n评价分值：81.41\n".as_bytes();
    let b = "西山县绩效评价报告\n评价分值：72.5\n".as_bytes();
    let index = |text: &[u8]| jixiao_in(dir.path(), &["index", "-", "--db", "archive.db"], text);
    for text in [a, b] {
        let o = index(text);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(stderr(&o).contains("1 new, 0 replaced"), "{}", stderr(&o));
    }
    let o = index(a);
    assert!(
        stderr(&o).contains("0 new, 0 replaced, 1 unchanged"),
        "{}",
        stderr(&o)
    );
    let expected: BTreeSet<String> = [a, b]
        .iter()
        .map(|t| format!("-#{}", &jixiao::sha256_hex(t)[..12]))
        .collect();
    let stored: BTreeSet<String> = stored_paths(&dir.path().join("archive.db"))
        .0
        .into_iter()
        .collect();
    assert_eq!(stored, expected);
}

#[test]
fn export_to_a_file_leaves_it_untouched_when_the_archive_is_corrupt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("archive.db");
    let reports: Vec<Report> = (0..300).map(synthetic).collect();
    drop(build(dir.path(), &reports));
    // Checkpoint the WAL into the file, then damage the pages after the schema.
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "journal_mode", "DELETE")
        .unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let half = bytes.len() / 2;
    for b in &mut bytes[half..] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    for format in ["csv", "jsonl"] {
        let out = dir.path().join(format!("problems.{format}"));
        std::fs::write(&out, "earlier export\n").unwrap();
        let o = jixiao(&["export", "--db", s(&db), "--format", format, "-o", s(&out)]);
        assert_eq!(o.status.code(), Some(2), "{format}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "earlier export\n");
        assert!(!dir
            .path()
            .join(format!("problems.{format}.partial"))
            .exists());
    }
}

#[test]
fn search_and_stats_leave_no_wal_files_and_read_a_read_only_archive() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("r.jsonl");
    write_jsonl(&jsonl, &all_reports());
    let db = dir.path().join("archive.db");
    let o = jixiao(&["index", s(&jsonl), "--db", s(&db)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let wal_files = |db: &Path| {
        ["-wal", "-shm"]
            .iter()
            .map(|x| PathBuf::from(format!("{}{x}", db.display())))
            .filter(|p| p.exists())
            .collect::<Vec<_>>()
    };
    assert_eq!(wal_files(&db), Vec::<PathBuf>::new());
    let before = std::fs::read(&db).unwrap();
    for args in [
        vec!["search", "超编", "--db", s(&db)],
        vec!["stats", "--db", s(&db)],
        vec!["export", "--db", s(&db)],
    ] {
        let o = jixiao(&args);
        assert!(o.status.success(), "{args:?}: {}", stderr(&o));
        assert_eq!(wal_files(&db), Vec::<PathBuf>::new(), "{args:?}");
    }
    assert_eq!(std::fs::read(&db).unwrap(), before);

    // A folder nobody may write to (chattr +i stops root too, where it is supported).
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    let copy = locked.join("archive.db");
    std::fs::copy(&db, &copy).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o555)).unwrap();
    let immutable = Command::new("chattr")
        .args(["+i", s(&locked)])
        .output()
        .is_ok_and(|o| o.status.success());
    let results = [
        jixiao(&["search", "超编", "--db", s(&copy)]),
        jixiao(&["stats", "--db", s(&copy)]),
    ];
    if immutable {
        let _ = Command::new("chattr").args(["-i", s(&locked)]).output();
    }
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    for o in &results {
        assert!(o.status.success(), "{}", stderr(o));
    }
    assert!(
        String::from_utf8_lossy(&results[0].stdout).contains("人员超编"),
        "{}",
        String::from_utf8_lossy(&results[0].stdout)
    );
    assert_eq!(wal_files(&copy), Vec::<PathBuf>::new());
}

#[test]
fn operator_words_in_a_query_get_a_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("archive.db");
    drop(build(dir.path(), &all_reports()));
    for (q, word) in [
        ("资金 OR 超编", "OR"),
        ("AND", "AND"),
        ("超编 NEAR 编外", "NEAR"),
    ] {
        let o = jixiao(&["search", q, "--db", s(&db)]);
        assert!(
            stderr(&o).contains(&format!(
                "note: {word:?} in the query is searched as a word"
            )),
            "{q}: {}",
            stderr(&o)
        );
    }
    let o = jixiao(&["search", "超编", "--db", s(&db)]);
    assert!(!stderr(&o).contains("note:"), "{}", stderr(&o));
}
