//! `jixiao search`: full-text search of the archive with filters.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};

use jixiao::store::{ItemKind, Query, Store, YearRange};
use jixiao::{Config, Grade, Scope};

/// Output formats of `search` and `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableFormat {
    /// Aligned text for reading in a terminal.
    Table,
    /// JSON.
    Json,
    /// CSV with a header row.
    Csv,
}

/// Which items to search.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ItemsArg {
    /// Problems (存在的问题).
    Problems,
    /// Suggestions (建议).
    Suggestions,
    /// Achievements (主要绩效).
    Achievements,
    /// All three.
    All,
}

/// Report scope filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScopeArg {
    /// 部门整体支出.
    Department,
    /// 项目支出.
    Project,
    /// 政策.
    Policy,
    /// Not recognized.
    Unknown,
}

/// Arguments of `jixiao search`.
#[derive(Debug, Args)]
pub struct SearchArgs {
    /// Words to find; every word must occur in the item (超编 also finds 人员超编). Spaces and
    /// punctuation separate words; search operators (quotes, *, parentheses, -, :) have no
    /// special meaning and NEAR, OR, AND are searched as words. May be empty
    /// when a filter is given: then every item passing the filters is listed.
    #[arg(value_name = "QUERY")]
    pub query: Vec<String>,

    /// The archive database (made by `jixiao index`).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,

    /// Problems of this category id (e.g. internal_control); repeat or separate with commas
    /// for any of several. Implies --in problems.
    #[arg(long, value_name = "ID", value_delimiter = ',')]
    pub category: Vec<String>,

    /// Reports graded this (优 良 中 差, or 优秀 良好 合格 …); separate with commas for any of
    /// several: --grade 中,差.
    #[arg(long, value_name = "GRADE", value_delimiter = ',')]
    pub grade: Vec<String>,

    /// Reports graded this or worse: --grade-max 中 means 中 or 差.
    #[arg(long, value_name = "GRADE", conflicts_with = "grade")]
    pub grade_max: Option<String>,

    /// Fiscal years: 2023, 2022..2023, 2022.. or ..2023.
    #[arg(long, value_name = "YEARS")]
    pub year: Option<YearRange>,

    /// Region contains this text (e.g. 昌江区).
    #[arg(long, value_name = "TEXT")]
    pub region: Option<String>,

    /// Department (主管部门) or unit contains this text (e.g. 科技局).
    #[arg(long, value_name = "TEXT")]
    pub department: Option<String>,

    /// Evaluator contains this text (e.g. 会计师事务所).
    #[arg(long, value_name = "TEXT")]
    pub evaluator: Option<String>,

    /// Report scope.
    #[arg(long, value_enum)]
    pub scope: Option<ScopeArg>,

    /// Which items to search.
    #[arg(long = "in", value_enum, default_value = "all")]
    pub items: ItemsArg,

    /// Most hits shown.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

fn parse_grade(raw: &str) -> anyhow::Result<Grade> {
    Grade::parse(raw)
        .ok_or_else(|| anyhow::anyhow!("invalid grade {raw:?}: expected 优, 良, 中 or 差"))
}

/// Runs `jixiao search`. Exit status 0 when something matched, 1 when nothing did.
pub fn run(args: SearchArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let mut grades = args
        .grade
        .iter()
        .map(|g| parse_grade(g))
        .collect::<anyhow::Result<Vec<_>>>()?;
    if let Some(max) = &args.grade_max {
        let max = parse_grade(max)?;
        grades = [Grade::Excellent, Grade::Good, Grade::Fair, Grade::Poor]
            .into_iter()
            .filter(|g| *g >= max)
            .collect();
    }
    let query = Query {
        text: args.query.join(" "),
        kinds: match args.items {
            ItemsArg::Problems => vec![ItemKind::Problem],
            ItemsArg::Suggestions => vec![ItemKind::Suggestion],
            ItemsArg::Achievements => vec![ItemKind::Achievement],
            ItemsArg::All => Vec::new(),
        },
        categories: args.category.clone(),
        grades,
        years: args.year,
        region: args.region.clone(),
        department: args.department.clone(),
        evaluator: args.evaluator.clone(),
        scope: args.scope.map(|s| match s {
            ScopeArg::Department => Scope::Department,
            ScopeArg::Project => Scope::Project,
            ScopeArg::Policy => Scope::Policy,
            ScopeArg::Unknown => Scope::Unknown,
        }),
        limit: args.limit,
        ..Query::default()
    };
    if let Some(fts) = jixiao::store::text::fts_query(&query.text, &config.dictionaries.segmenter) {
        if !fts.ignored.is_empty() {
            let chars: String = fts.ignored.iter().collect();
            eprintln!("jixiao: note: {chars:?} in the query separate words (no search operators): all words must occur");
        }
        for word in &fts.operators {
            eprintln!("jixiao: note: {word:?} in the query is searched as a word (no search operators): all words must occur");
        }
    }
    let store = Store::open_read_only(&args.db, config)?;
    let hits = store.search(&query)?;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &hits)?;
            writeln!(out)?;
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record([
                "path",
                "report_title",
                "project",
                "fiscal_year",
                "department",
                "region",
                "grade",
                "score",
                "kind",
                "ordinal",
                "item_title",
                "categories",
                "snippet",
            ])?;
            for h in &hits {
                w.write_record([
                    h.path.clone(),
                    h.report_title.clone().unwrap_or_default(),
                    h.project.clone().unwrap_or_default(),
                    h.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
                    h.department.clone().unwrap_or_default(),
                    h.region.clone().unwrap_or_default(),
                    h.grade.clone().unwrap_or_default(),
                    h.score.map(|s| s.to_string()).unwrap_or_default(),
                    h.kind.as_str().to_string(),
                    h.ordinal.to_string(),
                    h.item_title.clone(),
                    h.categories.join(";"),
                    h.snippet.clone(),
                ])?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            for (i, h) in hits.iter().enumerate() {
                let categories = if h.categories.is_empty() {
                    String::new()
                } else {
                    format!(" · {}", h.categories.join(", "))
                };
                writeln!(
                    out,
                    "{:>3}. {}  [{}{}]",
                    i + 1,
                    h.item_title,
                    h.kind.as_str(),
                    categories
                )?;
                let dash = || "–".to_string();
                writeln!(
                    out,
                    "     {} · {} · {} · {} {}",
                    h.report_title
                        .clone()
                        .or_else(|| h.project.clone())
                        .unwrap_or_else(|| h.path.clone()),
                    h.fiscal_year.map(|y| y.to_string()).unwrap_or_else(dash),
                    h.department.clone().unwrap_or_else(dash),
                    h.grade.clone().unwrap_or_else(dash),
                    h.score.map(|s| s.to_string()).unwrap_or_default(),
                )?;
                writeln!(out, "     {}", h.snippet)?;
            }
            if hits.is_empty() {
                eprintln!("jixiao: no matches");
            }
        }
    }
    out.flush()?;
    Ok(if hits.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
