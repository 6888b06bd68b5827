//! Figures: a number and its unit in achievement text (41家, 120万元, 1000余元, 100%).

use crate::report::Figure;

/// Finds every figure in `text`, in order, using `units` (longest match wins).
///
/// A number is digits with optional thousands commas and decimals; 余/多 between number and
/// unit is dropped ("1000余元" → 1000 元). Years (2023年) and dates are not figures because
/// 年/月/日 are not units. `text` of each figure is the clause it sits in.
///
/// # Examples
/// ```
/// let units = vec!["万元".to_string(), "元".to_string(), "家".to_string(), "%".to_string()];
/// let f = jixiao::extract::figures::find_figures("培育了41家企业，获得资金120万元，亩产值达1000余元。", &units);
/// let got: Vec<(f64, &str)> = f.iter().map(|f| (f.value, f.unit.as_str())).collect();
/// assert_eq!(got, vec![(41.0, "家"), (120.0, "万元"), (1000.0, "元")]);
/// ```
pub fn find_figures(text: &str, units: &[String]) -> Vec<Figure> {
    let mut sorted: Vec<&String> = units.iter().collect();
    sorted.sort_by_key(|u| std::cmp::Reverse(u.len()));
    let mut out = Vec::new();
    // Units are matched on the simplified form (處 → 处), which keeps byte offsets.
    let key = crate::normalize::simplified(text);
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && (bytes[i - 1].is_ascii_digit()
                    || bytes[i - 1] == b'.'
                    || bytes[i - 1].is_ascii_alphabetic()))
        {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < bytes.len()
            && (bytes[j].is_ascii_digit()
                || (bytes[j] == b',' && j + 1 < bytes.len() && bytes[j + 1].is_ascii_digit())
                || (bytes[j] == b'.' && j + 1 < bytes.len() && bytes[j + 1].is_ascii_digit()))
        {
            j += 1;
        }
        let number: String = text[start..j].chars().filter(|&c| c != ',').collect();
        let mut k = j;
        for approx in ["余", "多"] {
            if text[k..].starts_with(approx) {
                k += approx.len();
            }
        }
        let rest = key[k..].trim_start_matches(' ');
        let k = key.len() - rest.len();
        if let (Ok(value), Some(unit)) = (
            number.parse::<f64>(),
            sorted.iter().find(|u| rest.starts_with(u.as_str())),
        ) {
            let end = k + unit.len();
            out.push(Figure {
                value,
                unit: text[k..end].to_string(),
                text: clause_around(text, start, end),
            });
            i = end;
        } else {
            i = j.max(i + 1);
        }
    }
    out
}

/// The clause (between Chinese punctuation) containing `[start, end)`.
fn clause_around(text: &str, start: usize, end: usize) -> String {
    const STOPS: [char; 7] = ['，', '。', '；', '：', '\n', ';', '、'];
    let s = text[..start].rfind(STOPS).map_or(0, |p| {
        p + text[p..].chars().next().map_or(1, char::len_utf8)
    });
    let e = text[end..].find(STOPS).map_or(text.len(), |p| end + p);
    text[s..e].trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_units_and_years() {
        let units: Vec<String> = ["万平方米", "平方米", "个百分点", "个", "%", "公里"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let f = find_figures(
            "2023年完成路面修补2.8万平方米，清理边沟1,260公里，提高3.1个百分点，达到82.5%",
            &units,
        );
        let got: Vec<(f64, &str)> = f.iter().map(|f| (f.value, f.unit.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (2.8, "万平方米"),
                (1260.0, "公里"),
                (3.1, "个百分点"),
                (82.5, "%")
            ]
        );
        assert_eq!(f[1].text, "清理边沟1,260公里");
    }

    #[test]
    fn the_embedded_units_count_books_in_ten_thousands() {
        let d = crate::Dictionaries::embedded();
        let f = find_figures("补充更新图书5.04万册", &d.fields.figure_units);
        let got: Vec<(f64, &str)> = f.iter().map(|f| (f.value, f.unit.as_str())).collect();
        assert_eq!(got, vec![(5.04, "万册")]);
    }

    #[test]
    fn the_embedded_units_count_courses() {
        let d = crate::Dictionaries::embedded();
        let f = find_figures("开设素质拓展课程326门", &d.fields.figure_units);
        let got: Vec<(f64, &str)> = f.iter().map(|f| (f.value, f.unit.as_str())).collect();
        assert_eq!(got, vec![(326.0, "门")]);
    }
}
