//! `jixiao stats`: counts over the archive.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;
use unicode_width::UnicodeWidthStr;

use super::search::TableFormat;
use jixiao::store::Store;
use jixiao::Config;

/// Arguments of `jixiao stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// The archive database (made by `jixiao index`).
    #[arg(long, value_name = "FILE")]
    pub db: PathBuf,

    /// How many departments to list by problem count.
    #[arg(long, default_value_t = 10)]
    pub top: usize,

    /// Output format.
    #[arg(long, value_enum, default_value = "table")]
    pub format: TableFormat,
}

/// Left-aligns `s` in `width` terminal columns (Chinese characters take two).
fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(s.width())))
}

/// Runs `jixiao stats`.
pub fn run(args: StatsArgs, config: &Config) -> anyhow::Result<ExitCode> {
    let store = Store::open_read_only(&args.db, config)?;
    let stats = store.stats(args.top)?;
    let name_of = |id: &str| {
        config
            .dictionaries
            .categories
            .category
            .iter()
            .find(|c| c.id == id)
            .map(|c| c.name.clone())
            .unwrap_or_default()
    };
    let year = |y: Option<i32>| y.map(|y| y.to_string()).unwrap_or_else(|| "unknown".into());
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        TableFormat::Json => {
            let mut value = serde_json::to_value(&stats)?;
            let names: serde_json::Map<String, serde_json::Value> = config
                .dictionaries
                .categories
                .category
                .iter()
                .map(|c| (c.id.clone(), c.name.clone().into()))
                .collect();
            value["category_names"] = names.into();
            serde_json::to_writer_pretty(&mut out, &value)?;
            writeln!(out)?;
        }
        TableFormat::Csv => {
            let mut w = csv::Writer::from_writer(&mut out);
            w.write_record(["section", "name", "fiscal_year", "value"])?;
            for (name, n) in [
                ("reports", stats.reports),
                ("achievements", stats.achievements),
                ("problems", stats.problems),
                ("suggestions", stats.suggestions),
                ("failures", stats.failures),
            ] {
                w.write_record(["total", name, "", &n.to_string()])?;
            }
            for c in &stats.by_category_year {
                w.write_record([
                    "category_year",
                    &c.category,
                    &year(c.fiscal_year),
                    &c.problems.to_string(),
                ])?;
            }
            for (g, n) in &stats.grades {
                w.write_record([
                    "grade",
                    g.as_deref().unwrap_or("unknown"),
                    "",
                    &n.to_string(),
                ])?;
            }
            for (band, n) in &stats.score_bands {
                w.write_record(["score_band", band, "", &n.to_string()])?;
            }
            for d in &stats.top_departments {
                w.write_record([
                    "department_problems",
                    &d.department,
                    "",
                    &d.problems.to_string(),
                ])?;
                w.write_record([
                    "department_reports",
                    &d.department,
                    "",
                    &d.reports.to_string(),
                ])?;
            }
            w.flush()?;
        }
        TableFormat::Table => {
            writeln!(
                out,
                "{}: {} reports, {} problems, {} suggestions, {} achievements, {} failed files",
                args.db.display(),
                stats.reports,
                stats.problems,
                stats.suggestions,
                stats.achievements,
                stats.failures
            )?;
            let years: Vec<Option<i32>> = stats
                .by_category_year
                .iter()
                .map(|c| c.fiscal_year)
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            let categories: Vec<&str> = stats
                .by_category_year
                .iter()
                .map(|c| c.category.as_str())
                .collect::<BTreeSet<_>>()
                .into_iter()
                .collect();
            writeln!(out, "\nProblems by category and fiscal year")?;
            let label_width = categories
                .iter()
                .map(|c| format!("{c} {}", name_of(c)).width())
                .max()
                .unwrap_or(8)
                .max(8);
            let mut header = pad("category", label_width);
            for y in &years {
                header.push_str(&format!(" {:>7}", year(*y)));
            }
            writeln!(out, "{header} {:>7}", "total")?;
            for c in &categories {
                let mut line = pad(&format!("{c} {}", name_of(c)), label_width);
                let mut total = 0;
                for y in &years {
                    let n = stats
                        .by_category_year
                        .iter()
                        .find(|x| x.category == *c && x.fiscal_year == *y)
                        .map(|x| x.problems)
                        .unwrap_or(0);
                    total += n;
                    line.push_str(&format!(" {n:>7}"));
                }
                writeln!(out, "{line} {total:>7}")?;
            }
            writeln!(out, "\nGrades (reports)")?;
            for (g, n) in &stats.grades {
                writeln!(
                    out,
                    "  {} {n:>6}",
                    pad(g.as_deref().unwrap_or("unknown"), 8)
                )?;
            }
            writeln!(out, "\nScores (reports)")?;
            for (band, n) in &stats.score_bands {
                writeln!(out, "  {} {n:>6}", pad(band, 8))?;
            }
            writeln!(out, "\nTop departments by problems")?;
            let width = stats
                .top_departments
                .iter()
                .map(|d| d.department.width())
                .max()
                .unwrap_or(10)
                .max(10);
            writeln!(
                out,
                "  {} {:>8} {:>8}",
                pad("department", width),
                "problems",
                "reports"
            )?;
            for d in &stats.top_departments {
                writeln!(
                    out,
                    "  {} {:>8} {:>8}",
                    pad(&d.department, width),
                    d.problems,
                    d.reports
                )?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
