//! Benchmark of the archive database: indexes N synthetic reports (default 10,000), then
//! times 100 searches (each run 3 times: first-run and best-of-3 figures). Prints reports/s,
//! database size and search latency (p50/p95/max);
//! `-v` prints each query's time too; `BENCH_DB=FILE` keeps the database in FILE.
//!
//! ```text
//! cargo run --release --example bench_store -- [-v] [N] [CORPUS_DIR...]
//! ```
//!
//! Item texts are lines of the corpus files (`corpus/` and `../shared/corpus/` when present),
//! recombined per report with varied departments, years, scores and categories, so the
//! database cost is measured apart from extraction.

use std::path::{Path, PathBuf};
use std::time::Instant;

use jixiao::store::{Indexed, ItemKind, Query, Store, YearRange};
use jixiao::{Achievement, Config, Grade, Problem, Report, Scope, Source, Suggestion};

/// A small deterministic generator (xorshift), so runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn corpus_lines(dirs: &[PathBuf]) -> Vec<String> {
    let mut lines = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            continue;
        };
        let mut files: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for f in files
            .iter()
            .filter(|f| matches!(f.extension().and_then(|e| e.to_str()), Some("txt" | "md")))
        {
            if let Ok(text) = std::fs::read_to_string(f) {
                lines.extend(
                    text.lines()
                        .map(str::trim)
                        .filter(|l| l.chars().count() >= 12)
                        .map(str::to_string),
                );
            }
        }
    }
    if lines.is_empty() {
        lines = [
            "因任务负荷与人员编制不完全匹配，自聘了编外人员协助工作，导致人员超编，不符合部门编制要求。",
            "项目资金未设辅助账，会计核算制度缺失，原始凭证附件不全。",
            "年末预算执行率仅为62%，结转结余较大，预算编制不够精准。",
            "部分固定资产未及时登记入账，账实不符。",
            "政府采购程序不规范，合同管理不到位，验收资料缺失。",
            "绩效目标不够明确，可量化的指标覆盖面不足。",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
    }
    lines
}

fn title_of(line: &str) -> String {
    line.split(['。', '；', '，'])
        .next()
        .unwrap_or(line)
        .chars()
        .take(24)
        .collect()
}

fn synthetic(i: usize, lines: &[String], rng: &mut Rng) -> Report {
    const REGIONS: [&str; 8] = [
        "昌江区",
        "西山县",
        "河湾区",
        "南河区",
        "凤城区",
        "青溪县",
        "桃源区",
        "云山县",
    ];
    const DEPARTMENTS: [&str; 10] = [
        "科技局",
        "交通运输局",
        "市场监督管理局",
        "卫生健康委员会",
        "农业农村局",
        "教育局",
        "文化广电旅游局",
        "林业局",
        "水利局",
        "民政局",
    ];
    // The taxonomy's ids, from the dictionaries (not a copy of them).
    let dictionaries = jixiao::Dictionaries::embedded();
    let category_ids: Vec<&str> = dictionaries
        .categories
        .category
        .iter()
        .map(|c| c.id.as_str())
        .filter(|id| *id != "other")
        .collect();
    let region = REGIONS[rng.below(REGIONS.len())];
    let department = format!("{region}{}", DEPARTMENTS[rng.below(DEPARTMENTS.len())]);
    let year = 2019 + rng.below(6) as i32;
    let score = 50.0 + rng.below(4900) as f64 / 100.0;
    let mut r = Report::empty(Source {
        path: format!("synthetic/{i:06}.txt"),
        format: "txt".into(),
        encoding: Some("UTF-8".into()),
        sha256: jixiao::sha256_hex(format!("synthetic {i}").as_bytes()),
        bytes: 12_000,
        pages: 1,
        pdf_backend: None,
    });
    r.title = Some(format!(
        "{region}{year}年度{department}部门整体支出绩效评价报告"
    ));
    r.project = Some(format!("{year}年{department}部门整体支出"));
    r.scope = if rng.below(2) == 0 {
        Scope::Department
    } else {
        Scope::Project
    };
    r.department = Some(department.clone());
    r.unit = Some(department);
    r.region = Some(region.into());
    r.fiscal_year = Some(year);
    r.evaluator = Some(
        [
            "景德镇保记会计师事务所",
            "江西华审咨询有限公司",
            "评价工作组",
        ][rng.below(3)]
        .into(),
    );
    r.score = Some(score);
    r.grade = Some(Grade::from_score(score));
    let pick = |rng: &mut Rng| lines[rng.below(lines.len())].clone();
    for _ in 0..3 + rng.below(4) {
        let text = pick(rng);
        r.achievements.push(Achievement {
            title: title_of(&text),
            text,
            figures: Vec::new(),
        });
    }
    for _ in 0..3 + rng.below(5) {
        let text = pick(rng);
        let categories = vec![category_ids[rng.below(category_ids.len())].to_string()];
        r.problems.push(Problem {
            title: title_of(&text),
            text,
            categories,
        });
    }
    for _ in 0..3 + rng.below(4) {
        let text = pick(rng);
        r.suggestions.push(Suggestion {
            title: title_of(&text),
            text,
        });
    }
    r.summary = Some((0..4).map(|_| pick(rng)).collect::<Vec<_>>().join(""));
    r
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn file_size(path: &Path) -> u64 {
    ["", "-wal", "-shm"]
        .iter()
        .filter_map(|s| std::fs::metadata(format!("{}{s}", path.display())).ok())
        .map(|m| m.len())
        .sum()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    // `-v`: print each query's time.
    let verbose = args.iter().any(|a| a == "-v");
    args.retain(|a| a != "-v");
    let mut args = args.into_iter();
    let n: usize = args
        .next()
        .map(|a| a.parse())
        .transpose()?
        .unwrap_or(10_000);
    let mut dirs: Vec<PathBuf> = args.map(PathBuf::from).collect();
    if dirs.is_empty() {
        dirs = vec![
            PathBuf::from("corpus"),
            PathBuf::from("../shared/corpus"),
            PathBuf::from("/work/shared/corpus"),
        ];
    }
    let lines = corpus_lines(&dirs);
    let config = Config::default();
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let reports: Vec<Report> = (0..n).map(|i| synthetic(i, &lines, &mut rng)).collect();
    let items: usize = reports
        .iter()
        .map(|r| r.achievements.len() + r.problems.len() + r.suggestions.len())
        .sum();

    let dir = tempfile::tempdir()?;
    // BENCH_DB=FILE keeps the database (replaced if present) for inspection.
    let db = match std::env::var_os("BENCH_DB") {
        Some(path) => {
            let path = PathBuf::from(path);
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
            }
            path
        }
        None => dir.path().join("bench.db"),
    };
    // Load jieba before timing.
    let _ = config.dictionaries.segmenter.cut("预热");
    let start = Instant::now();
    let mut store = Store::open(&db, &config)?;
    for r in &reports {
        assert_eq!(store.index_report(r, "bench")?, Indexed::New);
    }
    let index_secs = start.elapsed().as_secs_f64();
    drop(store);
    let size = file_size(&db);

    let store = Store::open_read_only(&db, &config)?;
    const TERMS: [&str; 20] = [
        "超编",
        "会计核算",
        "预算执行",
        "资金",
        "绩效目标",
        "固定资产",
        "政府采购",
        "档案",
        "台账",
        "满意度",
        "专款专用",
        "验收",
        "制度",
        "编外人员",
        "指标",
        "资金拨付",
        "管理办法",
        "结转结余",
        "合同",
        "公开",
    ];
    // Each query runs ROUNDS times: the first round is the latency figure; the best of the
    // rounds is given too, as the machine's load (other processes) inflates single timings.
    const ROUNDS: usize = 3;
    let mut latencies = Vec::new();
    let mut best = vec![f64::INFINITY; 100];
    let mut total_hits = 0;
    for round in 0..ROUNDS {
        for q in 0..100 {
            let mut query = Query::text(TERMS[q % TERMS.len()]);
            if q % 3 == 1 {
                query.grades = vec![Grade::Fair, Grade::Poor];
            }
            if q % 5 == 2 {
                query.years = Some(YearRange {
                    from: Some(2021),
                    to: Some(2023),
                });
            }
            if q % 7 == 3 {
                query.kinds = vec![ItemKind::Problem];
                query.categories = vec!["fund_management".into()];
            }
            if q % 11 == 4 {
                query.department = Some("科技局".into());
            }
            let t = Instant::now();
            let hits = store.search(&query)?;
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            best[q] = best[q].min(ms);
            if round > 0 {
                continue;
            }
            if verbose {
                println!(
                "query {q:3} {:8.2} ms {:3} hits  {:?} grades {:?} years {:?} kinds {:?} categories {:?} department {:?}",
                ms,
                hits.len(),
                query.text,
                query.grades,
                query.years.map(|y| (y.from, y.to)),
                query.kinds,
                query.categories,
                query.department
            );
            }
            latencies.push(ms);
            total_hits += hits.len();
        }
    }
    latencies.sort_by(f64::total_cmp);
    best.sort_by(f64::total_cmp);
    let t = Instant::now();
    let stats = store.stats(10)?;
    let stats_ms = t.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(stats.reports as usize, n);

    println!(
        "reports indexed:   {n} ({items} items; item texts from {} corpus lines)",
        lines.len()
    );
    println!(
        "index time:        {index_secs:.2} s = {:.0} reports/s",
        n as f64 / index_secs
    );
    println!(
        "database size:     {:.1} MB ({:.1} KB/report)",
        size as f64 / 1e6,
        size as f64 / 1e3 / n as f64
    );
    println!(
        "search latency:    p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms over {} queries ({} hits, limit 20)",
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.95),
        latencies[latencies.len() - 1],
        latencies.len(),
        total_hits
    );
    println!(
        "  best of {ROUNDS} runs: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms",
        percentile(&best, 0.5),
        percentile(&best, 0.95),
        best[best.len() - 1],
    );
    println!("stats:             {stats_ms:.1} ms");
    if let Ok(load) = std::fs::read_to_string("/proc/loadavg") {
        println!(
            "load average:      {} (1, 5, 15 min; at the end)",
            load.split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ")
        );
    }
    Ok(())
}
