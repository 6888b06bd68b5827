//! Text decoding: UTF-8 (with or without BOM), UTF-16 (with BOM, or recognized without),
//! GB18030/GBK and other legacy encodings detected by `chardetng`.

use std::path::Path;

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE, UTF_8};

use crate::error::{Error, Result};

/// Text decoded by [`decode`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, BOM removed.
    pub text: String,
    /// The encoding's name (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, …).
    pub encoding: &'static str,
    /// Invalid bytes replaced by U+FFFD (only in a text that is otherwise UTF-8).
    pub replaced: usize,
}

impl Decoded {
    /// The warning to put in the report when bytes were replaced, e.g.
    /// `3 invalid UTF-8 bytes replaced`.
    pub fn warning(&self) -> Option<String> {
        match self.replaced {
            0 => None,
            1 => Some("1 invalid UTF-8 byte replaced".into()),
            n => Some(format!("{n} invalid UTF-8 bytes replaced")),
        }
    }
}

/// Decodes text bytes, returning the text (BOM removed) and the encoding's name
/// (`UTF-8`, `UTF-16LE`, `UTF-16BE`, `GB18030`, …). As [`decode`], without the count of
/// replaced bytes.
///
/// # Errors
/// As [`decode`].
pub fn decode_text(path: &Path, bytes: &[u8]) -> Result<(String, &'static str)> {
    decode(path, bytes).map(|d| (d.text, d.encoding))
}

/// Decodes text bytes.
///
/// Order: BOM; valid UTF-8; BOM-less UTF-16 (NUL bytes in alternate positions); binary
/// check; UTF-8 with a few invalid bytes (a torn last character, a stray byte: at most 1%
/// of the bytes or two sequences, and at least ten valid multi-byte characters per invalid sequence), which
/// are replaced by U+FFFD and counted in [`Decoded::replaced`]; `chardetng` guess. A
/// decoded text must be plausible (mostly CJK, ASCII and punctuation), because a wrong
/// guess decodes silently into mojibake.
///
/// # Errors
/// [`Error::Unsupported`] for binary data, [`Error::Encoding`] when no supported encoding
/// gives plausible text.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<Decoded> {
    let done = |text: String, encoding: &'static str| Decoded {
        text,
        encoding,
        replaced: 0,
    };
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let body = &bytes[bom_len..];
        if enc == UTF_8 {
            if let Ok(s) = std::str::from_utf8(body) {
                return Ok(done(s.to_string(), UTF_8.name()));
            }
            return mostly_utf8(body).ok_or_else(|| Error::Encoding {
                path: path.to_path_buf(),
                reason: "invalid UTF-8 after a UTF-8 byte-order mark".into(),
            });
        }
        let (text, _) = enc.decode_without_bom_handling(body);
        return Ok(done(text.into_owned(), enc.name()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        if s.contains('\0') {
            if let Some((text, enc)) = utf16_without_bom(bytes) {
                return Ok(done(text, enc));
            }
            return Err(binary(path));
        }
        return Ok(done(s.to_string(), UTF_8.name()));
    }
    if let Some((text, enc)) = utf16_without_bom(bytes) {
        return Ok(done(text, enc));
    }
    if looks_binary(bytes) {
        return Err(binary(path));
    }
    if let Some(decoded) = mostly_utf8(bytes) {
        return Ok(decoded);
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let guess = detector.guess(Some(b"cn"), chardetng::Utf8Detection::Allow);
    for enc in [guess, GB18030] {
        let (text, _, had_errors) = enc.decode(bytes);
        if !had_errors && plausibility(&text) >= 0.9 {
            // GBK is a subset of GB18030; report the superset we decoded with.
            let name = if enc == encoding_rs::GBK || enc == GB18030 {
                "GB18030"
            } else {
                enc.name()
            };
            return Ok(done(text.into_owned(), name));
        }
    }
    Err(Error::Encoding {
        path: path.to_path_buf(),
        reason: format!(
            "not valid UTF-8, UTF-16 or GB18030 (best guess {} gives implausible text)",
            guess.name()
        ),
    })
}

/// UTF-8 with a few invalid sequences, decoded lossily: at most 1% of the bytes invalid
/// (or at most two invalid sequences, for short texts), and at least ten valid multi-byte characters per invalid sequence (so that a legacy
/// encoding, whose non-ASCII bytes are mostly invalid UTF-8, is not taken for it).
fn mostly_utf8(bytes: &[u8]) -> Option<Decoded> {
    let mut invalid_bytes = 0usize;
    let mut invalid_runs = 0usize;
    let mut multibyte = 0usize;
    for chunk in bytes.utf8_chunks() {
        multibyte += chunk.valid().chars().filter(|c| c.len_utf8() > 1).count();
        if !chunk.invalid().is_empty() {
            invalid_runs += 1;
            invalid_bytes += chunk.invalid().len();
        }
    }
    let few = invalid_bytes * 100 <= bytes.len() || invalid_runs <= 2;
    if !few || multibyte < invalid_runs * 10 {
        return None;
    }
    Some(Decoded {
        text: String::from_utf8_lossy(bytes).into_owned(),
        encoding: UTF_8.name(),
        replaced: invalid_bytes,
    })
}

fn binary(path: &Path) -> Error {
    Error::Unsupported {
        path: path.to_path_buf(),
        reason: "binary data, not text".into(),
    }
}

/// BOM-less UTF-16: many NUL bytes, all on one parity.
fn utf16_without_bom(bytes: &[u8]) -> Option<(String, &'static str)> {
    if bytes.len() < 4 || bytes.len() % 2 != 0 {
        return None;
    }
    // ASCII in UTF-16LE puts the NUL second (odd index), in UTF-16BE first.
    let odd_nuls = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let even_nuls = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let nuls = odd_nuls + even_nuls;
    let order = if even_nuls > odd_nuls {
        [UTF_16BE, UTF_16LE]
    } else {
        [UTF_16LE, UTF_16BE]
    };
    for enc in order {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        // Without NUL bytes (pure CJK), only a text that is mostly ideographs counts.
        if !had_errors && plausibility(&text) >= 0.95 && (nuls > 0 || cjk_share(&text) > 0.5) {
            return Some((text.into_owned(), enc.name()));
        }
    }
    None
}

fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    let control = sample
        .iter()
        .filter(|&&b| b < 0x09 || (0x0e..0x20).contains(&b) || b == 0x7f)
        .count();
    control * 20 > sample.len()
}

/// Share of characters that belong in a Chinese report: CJK ideographs, ASCII printable,
/// whitespace, CJK and full-width punctuation.
pub(crate) fn plausibility(text: &str) -> f64 {
    let mut total = 0usize;
    let mut good = 0usize;
    for c in text.chars().take(20_000) {
        total += 1;
        if is_plausible(c) {
            good += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        good as f64 / total as f64
    }
}

fn cjk_share(text: &str) -> f64 {
    let mut total = 0usize;
    let mut cjk = 0usize;
    for c in text.chars().take(20_000).filter(|c| !c.is_whitespace()) {
        total += 1;
        if is_cjk(c) {
            cjk += 1;
        }
    }
    if total == 0 {
        0.0
    } else {
        cjk as f64 / total as f64
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x4E00..=0x9FFF | 0x3400..=0x4DBF | 0xF900..=0xFAFF | 0x20000..=0x2FA1F)
}

fn is_plausible(c: char) -> bool {
    is_cjk(c)
        || c.is_ascii_graphic()
        || c.is_whitespace()
        || matches!(c as u32,
            0x3000..=0x303F   // CJK symbols and punctuation
            | 0xFF00..=0xFFEF // full-width forms
            | 0x2000..=0x206F // general punctuation (“ ” … —)
            | 0x2460..=0x24FF // enclosed alphanumerics ①
            | 0x2160..=0x218F // Roman numerals
            | 0x00B7 | 0x00D7 | 0x00B0 | 0x2103 | 0x2116 | 0x25A0..=0x25FF | 0x2190..=0x21FF
            | 0xFE30..=0xFE4F | 0x2E80..=0x2FDF | 0x00A0..=0x00FF)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "昌江区财政支出绩效评价结果反馈，评价分值81.41，评价结论：良。";

    fn p() -> &'static Path {
        Path::new("t.txt")
    }

    #[test]
    fn utf8_plain_and_bom() {
        assert_eq!(
            decode_text(p(), SAMPLE.as_bytes()).unwrap(),
            (SAMPLE.to_string(), "UTF-8")
        );
        let mut b = vec![0xEF, 0xBB, 0xBF];
        b.extend_from_slice(SAMPLE.as_bytes());
        assert_eq!(decode_text(p(), &b).unwrap(), (SAMPLE.to_string(), "UTF-8"));
    }

    #[test]
    fn gbk_is_detected() {
        let (bytes, _, _) = GB18030.encode(SAMPLE);
        assert_eq!(
            decode_text(p(), &bytes).unwrap(),
            (SAMPLE.to_string(), "GB18030")
        );
    }

    #[test]
    fn utf16_with_and_without_bom() {
        let units: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        assert_eq!(
            decode_text(p(), &units).unwrap(),
            (SAMPLE.to_string(), "UTF-16LE")
        );
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend_from_slice(&units);
        assert_eq!(
            decode_text(p(), &with_bom).unwrap(),
            (SAMPLE.to_string(), "UTF-16LE")
        );
        let be: Vec<u8> = SAMPLE
            .encode_utf16()
            .flat_map(|u| u.to_be_bytes())
            .collect();
        assert_eq!(
            decode_text(p(), &be).unwrap(),
            (SAMPLE.to_string(), "UTF-16BE")
        );
    }

    #[test]
    fn utf8_with_a_torn_last_character_or_a_stray_byte_is_decoded_lossily() {
        // 统 is E7 BB 9F: a file cut inside it ends in E7 BB.
        let mut torn = SAMPLE.as_bytes().to_vec();
        torn.extend_from_slice(&[0xE7, 0xBB]);
        let d = decode(p(), &torn).unwrap();
        assert_eq!(d.text, format!("{SAMPLE}\u{FFFD}"));
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 2));
        assert_eq!(d.warning().unwrap(), "2 invalid UTF-8 bytes replaced");

        let mut stray = SAMPLE.as_bytes().to_vec();
        stray.insert(SAMPLE.find('，').unwrap(), 0xFF);
        let d = decode(p(), &stray).unwrap();
        assert_eq!(d.text, SAMPLE.replacen('，', "\u{FFFD}，", 1));
        assert_eq!((d.encoding, d.replaced), ("UTF-8", 1));
        assert_eq!(d.warning().unwrap(), "1 invalid UTF-8 byte replaced");

        // After a UTF-8 byte-order mark too.
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(&torn);
        assert_eq!(decode(p(), &bom).unwrap().replaced, 2);

        // A valid text has nothing replaced and no warning.
        let d = decode(p(), SAMPLE.as_bytes()).unwrap();
        assert_eq!((d.replaced, d.warning()), (0, None));
    }

    #[test]
    fn gbk_with_ascii_is_not_taken_for_damaged_utf8() {
        let text = format!("Report 2023, score 81.41. {SAMPLE}");
        let (bytes, _, _) = GB18030.encode(&text);
        let d = decode(p(), &bytes).unwrap();
        assert_eq!(
            (d.text.as_str(), d.encoding, d.replaced),
            (text.as_str(), "GB18030", 0)
        );
    }

    #[test]
    fn binary_junk_is_an_error_naming_the_file() {
        let junk: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
            .collect();
        let err = decode_text(Path::new("junk.bin"), &junk).unwrap_err();
        assert!(err.to_string().starts_with("junk.bin: "), "{err}");
        assert!(
            matches!(err, Error::Unsupported { .. } | Error::Encoding { .. }),
            "{err:?}"
        );
    }
}
