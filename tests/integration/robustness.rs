//! Properties over arbitrary input: nothing panics, normalization is idempotent, bad bytes
//! give errors that name the file.

use std::path::Path;

use proptest::prelude::*;

/// Text drawn from the characters reports are made of, plus noise.
fn report_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "一、",
        "（一）",
        "(二)",
        "1.",
        "2、",
        "①",
        "一是",
        "二是",
        "第一，",
        "存在的问题",
        "相关建议",
        "主要成效",
        "评价分值",
        "81.41",
        "分",
        "评价等级为“良”",
        "优(90-100分)",
        "：",
        ":",
        "。",
        "；",
        "，",
        "\n",
        "\n\n",
        "\t",
        "  ",
        " ",
        "- 2 -",
        "第1页 共3页",
        "……………1",
        "人员超编",
        "會計核算",
        "２０２３年度",
        "⻔",
        "⽀",
        "\u{3000}",
        "<td>",
        "</td>",
        "</tr>",
        "# ",
        "合计",
        "100",
        "86.20",
        "(略)",
        "无。",
        "绩效评价报告",
        "西山县",
        "2024年8月",
        "。一、",
        "二〇二二年十月",
    ]);
    prop::collection::vec(
        prop_oneof![pieces.prop_map(String::from), any::<String>()],
        0..60,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics(text in report_like()) {
        let config = jixiao::Config::default();
        let report = jixiao::extract_text(&text, &config);
        if let Some(score) = report.score {
            prop_assert!((0.0..=100.0).contains(&score));
        }
        let json = serde_json::to_value(&report).unwrap();
        prop_assert_eq!(json["schema_version"].as_str(), Some("1"));
    }

    #[test]
    fn normalization_is_idempotent(text in report_like()) {
        let once = jixiao::normalize::normalize_pages(&[text]);
        let twice = jixiao::normalize::normalize_pages(&[once.text.clone()]);
        prop_assert_eq!(&once.text, &twice.text);
        prop_assert_eq!(once.key.len(), once.text.len());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let config = jixiao::Config::default();
        match jixiao::extract_bytes(Path::new("junk.bin"), &bytes, &config) {
            Ok(report) => prop_assert_eq!(report.schema_version.as_str(), "1"),
            Err(err) => prop_assert!(err.to_string().starts_with("junk.bin: "), "{}", err),
        }
    }
}

#[test]
fn empty_and_whitespace_files_are_errors() {
    let config = jixiao::Config::default();
    for bytes in [&b""[..], b"   \n\t\n"] {
        let err = jixiao::extract_bytes(Path::new("empty.txt"), bytes, &config).unwrap_err();
        assert_eq!(err.kind(), "empty");
        assert_eq!(err.to_string(), "empty.txt: empty file");
    }
}

#[test]
fn legacy_word_and_rtf_files_are_named_as_unsupported() {
    let config = jixiao::Config::default();
    let mut ole2 = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole2.extend(std::iter::repeat_n(0u8, 512));
    let err = jixiao::extract_bytes(Path::new("old.doc"), &ole2, &config).unwrap_err();
    assert_eq!(err.kind(), "unsupported");
    assert!(
        err.to_string()
            .starts_with("old.doc: unsupported: a legacy Office/WPS file")
            && err.to_string().contains("save it as .docx or PDF"),
        "{err}"
    );
    let err = jixiao::extract_bytes(Path::new("r.rtf"), br"{\rtf1\ansi x}", &config).unwrap_err();
    assert_eq!(
        err.to_string(),
        "r.rtf: unsupported: an RTF document is not read; save it as .docx or PDF"
    );
}

#[test]
fn text_without_a_report_is_nulls_and_a_warning() {
    let config = jixiao::Config::default();
    let report = jixiao::extract_text("今天天气很好，我们去公园散步。\n晚上吃饺子。\n", &config);
    assert_eq!(report.title, None);
    assert_eq!(report.score, None);
    assert!(report.problems.is_empty());
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.contains("no report found")),
        "{:?}",
        report.warnings
    );
}

#[test]
fn grade_disagreeing_with_score_band_is_kept_with_a_warning() {
    let config = jixiao::Config::default();
    let report = jixiao::extract_text(
        "某县2022年度项目绩效评价报告\n综合得分78.50分，评价等级为“良”。\n",
        &config,
    );
    assert_eq!(report.score, Some(78.5));
    assert_eq!(report.grade, Some(jixiao::Grade::Good));
    assert!(
        report.warnings.iter().any(|w| w.contains("disagrees")),
        "{:?}",
        report.warnings
    );
}
