//! List numbering: Word's automatic numbering (`word/numbering.xml`, `word/styles.xml`)
//! and the number formats it shares with HTML `<ol>` lists.
//!
//! In a DOCX the "一、" of a heading, the "（一）" of a sub-heading and the "1." of an item
//! are often not text: the paragraph (or its paragraph style) names a list instance
//! (`w:numPr`: `w:numId` + `w:ilvl`), the instance names an abstract definition
//! (`w:num` → `w:abstractNumId`, with optional `w:lvlOverride`/`w:startOverride`), and the
//! abstract definition gives each level's start value, number format (`w:numFmt`) and label
//! template (`w:lvlText`, e.g. `%1、`, `（%2）`, `%1.%2`). [`ListState`] keeps the counters
//! in document order and renders each numbered paragraph's label the way Word shows it.
//!
//! Counting follows Word: list instances of the same abstract definition share counters
//! (a `w:startOverride` restarts a level the first time its instance is used); a level
//! restarts when a higher level advances, unless `w:lvlRestart` says otherwise (0: never).
//! Malformed or missing parts mean no labels, never an error: numbering is presentation.

use std::collections::{HashMap, HashSet};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Levels of a Word list (`w:ilvl` 0–8).
const LEVELS: usize = 9;

/// Deepest `w:basedOn` / `w:numStyleLink` chain followed (guards cycles).
const MAX_CHAIN: usize = 16;

/// Largest number rendered in a non-decimal format; larger ones are written in digits.
const MAX_SPELLED: u32 = 99_999;

/// A number format (`w:numFmt`, or an HTML list type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumFmt {
    /// 1, 2, 3
    #[default]
    Decimal,
    /// 01, 02, … 10
    DecimalZero,
    /// １, ２, ３ (full-width digits)
    DecimalFullWidth,
    /// ①, ②, … ⑳ (digits beyond 20)
    DecimalEnclosedCircle,
    /// ⑴, ⑵, … ⒇
    DecimalEnclosedParen,
    /// ⒈, ⒉, … ⒛
    DecimalEnclosedFullstop,
    /// a, b, … z, aa, bb (Word) — see [`NumFmt::LowerAlpha`] for HTML's aa, ab
    LowerLetter,
    /// A, B, … Z, AA, BB
    UpperLetter,
    /// a, b, … z, aa, ab (HTML `type="a"`)
    LowerAlpha,
    /// A, B, … Z, AA, AB (HTML `type="A"`)
    UpperAlpha,
    /// i, ii, iii, iv
    LowerRoman,
    /// I, II, III, IV
    UpperRoman,
    /// 一, 二, … 十, 十一, 二十, 一百
    ChineseCounting,
    /// 壹, 贰, … 拾, 拾壹
    ChineseLegalSimplified,
    /// 甲, 乙, 丙, … 癸
    IdeographTraditional,
    /// 子, 丑, 寅, … 亥
    IdeographZodiac,
    /// A bullet: no number (the extractor does not read bullets as items).
    Bullet,
    /// No number (`w:numFmt="none"`): the label is the template's literal text.
    None,
}

impl NumFmt {
    /// The format of a `w:numFmt` value; unknown formats are decimal.
    pub fn from_word(name: &str) -> NumFmt {
        match name {
            "decimalZero" => NumFmt::DecimalZero,
            "decimalFullWidth" | "decimalFullWidth2" => NumFmt::DecimalFullWidth,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
                NumFmt::DecimalEnclosedCircle
            }
            "decimalEnclosedParen" => NumFmt::DecimalEnclosedParen,
            "decimalEnclosedFullstop" => NumFmt::DecimalEnclosedFullstop,
            "lowerLetter" => NumFmt::LowerLetter,
            "upperLetter" => NumFmt::UpperLetter,
            "lowerRoman" => NumFmt::LowerRoman,
            "upperRoman" => NumFmt::UpperRoman,
            "chineseCounting"
            | "chineseCountingThousand"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand"
            | "japaneseCounting"
            | "ideographDigital" => NumFmt::ChineseCounting,
            "chineseLegalSimplified" => NumFmt::ChineseLegalSimplified,
            "ideographTraditional" => NumFmt::IdeographTraditional,
            "ideographZodiac" => NumFmt::IdeographZodiac,
            "bullet" => NumFmt::Bullet,
            "none" => NumFmt::None,
            _ => NumFmt::Decimal,
        }
    }

    /// `n` written in this format (`""` for bullets and `None`). Numbers a format cannot
    /// write (0, negatives, beyond its range) are written in digits.
    pub fn format(self, n: i64) -> String {
        let Ok(u) = u32::try_from(n) else {
            return n.to_string();
        };
        if u == 0 || u > MAX_SPELLED {
            return match self {
                NumFmt::Bullet | NumFmt::None => String::new(),
                _ => u.to_string(),
            };
        }
        match self {
            NumFmt::Decimal => u.to_string(),
            NumFmt::DecimalZero => format!("{u:02}"),
            NumFmt::DecimalFullWidth => u
                .to_string()
                .chars()
                .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
                .collect(),
            NumFmt::DecimalEnclosedCircle => enclosed('①', 20, u),
            NumFmt::DecimalEnclosedParen => enclosed('⑴', 20, u),
            NumFmt::DecimalEnclosedFullstop => enclosed('⒈', 20, u),
            NumFmt::LowerLetter => word_letters(u, b'a'),
            NumFmt::UpperLetter => word_letters(u, b'A'),
            NumFmt::LowerAlpha => alpha(u, b'a'),
            NumFmt::UpperAlpha => alpha(u, b'A'),
            NumFmt::LowerRoman => roman(u).to_ascii_lowercase(),
            NumFmt::UpperRoman => roman(u),
            NumFmt::ChineseCounting => chinese(u, &CHINESE_DIGITS, &CHINESE_UNITS),
            NumFmt::ChineseLegalSimplified => chinese(u, &LEGAL_DIGITS, &LEGAL_UNITS),
            NumFmt::IdeographTraditional => cycle("甲乙丙丁戊己庚辛壬癸", u),
            NumFmt::IdeographZodiac => cycle("子丑寅卯辰巳午未申酉戌亥", u),
            NumFmt::Bullet | NumFmt::None => String::new(),
        }
    }
}

/// The `n`th of a run of 20 enclosed numbers starting at `first`, or digits beyond it.
fn enclosed(first: char, count: u32, n: u32) -> String {
    if n <= count {
        char::from_u32(first as u32 + n - 1).map_or_else(|| n.to_string(), String::from)
    } else {
        n.to_string()
    }
}

/// Word's letters: a … z, then aa … zz, aaa … (the letter repeated).
fn word_letters(n: u32, base: u8) -> String {
    let letter = char::from(base + ((n - 1) % 26) as u8);
    let times = ((n - 1) / 26 + 1).min(10) as usize;
    std::iter::repeat_n(letter, times).collect()
}

/// Spreadsheet-style letters (HTML): a … z, aa, ab, … az, ba.
fn alpha(mut n: u32, base: u8) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(char::from(base + (n % 26) as u8));
        n /= 26;
    }
    out.iter().rev().collect()
}

/// Roman numerals (digits beyond 3999).
fn roman(n: u32) -> String {
    if n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    let mut rest = n;
    for (value, letters) in TABLE {
        while rest >= value {
            out.push_str(letters);
            rest -= value;
        }
    }
    out
}

/// The `n`th character of a cyclic series (甲乙丙…); digits beyond its end.
fn cycle(series: &str, n: u32) -> String {
    series
        .chars()
        .nth(n as usize - 1)
        .map_or_else(|| n.to_string(), String::from)
}

const CHINESE_DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CHINESE_UNITS: [char; 4] = ['十', '百', '千', '万'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_UNITS: [char; 4] = ['拾', '佰', '仟', '万'];

/// Chinese counting (1 ≤ n ≤ 99 999): 十, 十一, 二十, 一百零一, 一千零一十.
fn chinese(n: u32, digits: &[char; 10], units: &[char; 4]) -> String {
    let places = [
        (n / 10_000) % 10,
        (n / 1000) % 10,
        (n / 100) % 10,
        (n / 10) % 10,
        n % 10,
    ];
    let unit_of = [
        Some(units[3]),
        Some(units[2]),
        Some(units[1]),
        Some(units[0]),
        None,
    ];
    let mut out = String::new();
    let mut zero_pending = false;
    for (i, &d) in places.iter().enumerate() {
        if d == 0 {
            if !out.is_empty() {
                zero_pending = true;
            }
            continue;
        }
        if zero_pending {
            out.push(digits[0]);
            zero_pending = false;
        }
        // 10–19 are 十, 十一 … (not 一十); inside larger numbers the 一 stays (一百一十).
        if !(i == 3 && d == 1 && out.is_empty()) {
            out.push(digits[d as usize]);
        }
        if let Some(unit) = unit_of[i] {
            out.push(unit);
        }
    }
    out
}

/// One level of a list definition (`w:lvl`).
#[derive(Debug, Clone, Default)]
struct Level {
    start: i64,
    fmt: NumFmt,
    /// `w:lvlText`; `None` when absent (then the level shows no label).
    text: Option<String>,
    /// `w:lvlRestart` (1-based level after which this one restarts; 0 never); `None`:
    /// after any higher level.
    restart: Option<usize>,
    /// `w:isLgl`: all numbers in the label in decimal.
    legal: bool,
    /// `w:suff`: what separates the label from the text (tab by default).
    suffix: &'static str,
    /// `w:pStyle`: the paragraph style linked to this level.
    style: Option<String>,
}

/// An abstract list definition (`w:abstractNum`).
#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition is that numbering style's list.
    style_link: Option<String>,
}

/// A list instance (`w:num`).
#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<String>,
    /// `w:lvlOverride/w:startOverride` per level.
    start_overrides: [Option<i64>; LEVELS],
    /// `w:lvlOverride/w:lvl`: a whole level replaced.
    level_overrides: [Option<Level>; LEVELS],
}

/// A style's numbering properties (`w:style`).
#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<String>,
    ilvl: Option<usize>,
}

/// The list definitions of a DOCX and the counters of a pass over its paragraphs.
#[derive(Debug, Default)]
pub struct ListState {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    styles: HashMap<String, Style>,
    default_style: Option<String>,
    /// Counters per abstract definition: `None` = level not started since its restart.
    counters: HashMap<String, [Option<i64>; LEVELS]>,
    /// (numId, level) whose `w:startOverride` was applied.
    overridden: HashSet<(String, usize)>,
}

/// A paragraph's own numbering properties (`w:pPr`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParaProps {
    /// `w:pStyle`.
    pub style: Option<String>,
    /// `w:numPr/w:numId` (`"0"` removes the style's numbering).
    pub num_id: Option<String>,
    /// `w:numPr/w:ilvl`.
    pub ilvl: Option<usize>,
}

/// The value of an element's `w:val` (or any attribute with that local name).
pub(crate) fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    let a = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)?;
    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
        .ok()
        .map(|v| v.into_owned())
}

fn is_on(e: &BytesStart<'_>) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("0" | "false" | "off"))
}

impl ListState {
    /// Reads the list definitions from `numbering.xml` and the paragraph styles from
    /// `styles.xml` (either may be absent). What cannot be parsed is left out.
    pub fn new(numbering: Option<&str>, styles: Option<&str>) -> ListState {
        let mut state = ListState::default();
        if let Some(xml) = numbering {
            state.read_numbering(xml);
        }
        if let Some(xml) = styles {
            state.read_styles(xml);
        }
        state
    }

    /// Whether any list is defined.
    pub fn is_empty(&self) -> bool {
        self.nums.is_empty()
    }

    fn read_numbering(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut override_lvl: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            let (e, empty) = match &event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::End(end) => {
                    match end.local_name().as_ref() {
                        "abstractNum" => abstract_id = None,
                        "num" => num_id = None,
                        "lvlOverride" => override_lvl = None,
                        "lvl" => {
                            if let Some((i, lvl)) = level.take() {
                                self.store_level(&abstract_id, &num_id, override_lvl, i, lvl);
                            }
                        }
                        _ => {}
                    }
                    continue;
                }
                _ => continue,
            };
            match e.local_name().as_ref() {
                "abstractNum" if !empty => {
                    abstract_id = attr(e, "abstractNumId");
                    if let Some(id) = &abstract_id {
                        self.abstracts.insert(id.clone(), AbstractNum::default());
                    }
                }
                "num" if !empty => {
                    num_id = attr(e, "numId");
                    if let Some(id) = &num_id {
                        self.nums.insert(id.clone(), Num::default());
                    }
                }
                "abstractNumId" => {
                    if let Some(num) = num_id.as_ref().and_then(|id| self.nums.get_mut(id)) {
                        num.abstract_id = attr(e, "val");
                    }
                }
                "lvlOverride" if !empty => {
                    override_lvl = attr(e, "ilvl")
                        .and_then(|v| v.parse().ok())
                        .filter(|&i: &usize| i < LEVELS);
                }
                "startOverride" => {
                    let start = attr(e, "val").and_then(|v| v.parse().ok());
                    if let (Some(num), Some(i)) = (
                        num_id.as_ref().and_then(|id| self.nums.get_mut(id)),
                        override_lvl,
                    ) {
                        num.start_overrides[i] = start;
                    }
                }
                "lvl" => {
                    let ilvl = attr(e, "ilvl")
                        .and_then(|v| v.parse().ok())
                        .or(override_lvl)
                        .filter(|&i: &usize| i < LEVELS);
                    let lvl = Level {
                        start: 1,
                        suffix: "\t",
                        ..Level::default()
                    };
                    match (ilvl, empty) {
                        (Some(i), false) => level = Some((i, lvl)),
                        (Some(i), true) => {
                            self.store_level(&abstract_id, &num_id, override_lvl, i, lvl)
                        }
                        _ => {}
                    }
                }
                "numStyleLink" => {
                    if let Some(a) = abstract_id
                        .as_ref()
                        .and_then(|id| self.abstracts.get_mut(id))
                    {
                        a.style_link = attr(e, "val");
                    }
                }
                name => {
                    if let Some((_, lvl)) = level.as_mut() {
                        match name {
                            "start" => {
                                lvl.start = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(1)
                            }
                            "numFmt" => {
                                lvl.fmt = NumFmt::from_word(&attr(e, "val").unwrap_or_default())
                            }
                            "lvlText" => lvl.text = attr(e, "val"),
                            "lvlRestart" => {
                                lvl.restart = attr(e, "val").and_then(|v| v.parse().ok())
                            }
                            "isLgl" => lvl.legal = is_on(e),
                            "suff" => {
                                lvl.suffix = match attr(e, "val").as_deref() {
                                    Some("space") => " ",
                                    Some("nothing") => "",
                                    _ => "\t",
                                }
                            }
                            "pStyle" => lvl.style = attr(e, "val"),
                            _ => {}
                        }
                    }
                }
            }
        }
    }

    fn store_level(
        &mut self,
        abstract_id: &Option<String>,
        num_id: &Option<String>,
        override_lvl: Option<usize>,
        i: usize,
        lvl: Level,
    ) {
        if let (Some(id), Some(_)) = (num_id, override_lvl) {
            if let Some(num) = self.nums.get_mut(id) {
                num.level_overrides[i] = Some(lvl);
            }
        } else if let Some(a) = abstract_id
            .as_ref()
            .and_then(|id| self.abstracts.get_mut(id))
        {
            a.levels[i] = Some(lvl);
        }
    }

    fn read_styles(&mut self, xml: &str) {
        let mut reader = Reader::from_str(xml);
        let mut current: Option<(String, Style)> = None;
        let mut in_ppr = 0usize;
        loop {
            let event = match reader.read_event() {
                Ok(Event::Eof) | Err(_) => break,
                Ok(e) => e,
            };
            match &event {
                Event::Start(e) | Event::Empty(e) => {
                    let empty = matches!(event, Event::Empty(_));
                    match e.local_name().as_ref() {
                        "style" if !empty => {
                            let kind = attr(e, "type");
                            let id = attr(e, "styleId");
                            if let (Some(id), Some("paragraph" | "numbering")) =
                                (id, kind.as_deref())
                            {
                                if kind.as_deref() == Some("paragraph")
                                    && attr(e, "default").is_some_and(|v| v == "1" || v == "true")
                                {
                                    self.default_style = Some(id.clone());
                                }
                                current = Some((id, Style::default()));
                            }
                        }
                        "pPr" if !empty => in_ppr += 1,
                        "basedOn" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.based_on = attr(e, "val");
                            }
                        }
                        "numId" if in_ppr > 0 => {
                            if let Some((_, s)) = current.as_mut() {
                                s.num_id = attr(e, "val");
                            }
                        }
                        "ilvl" if in_ppr > 0 => {
                            if let Some((_, s)) = current.as_mut() {
                                s.ilvl = attr(e, "val").and_then(|v| v.parse().ok());
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) => match e.local_name().as_ref() {
                    "style" => {
                        if let Some((id, s)) = current.take() {
                            self.styles.insert(id, s);
                        }
                        in_ppr = 0;
                    }
                    "pPr" => in_ppr = in_ppr.saturating_sub(1),
                    _ => {}
                },
                _ => {}
            }
        }
    }

    /// The (numId, level) of a paragraph: its own `w:numPr`, completed from its style and
    /// the styles that style is based on. `None` when it is not numbered.
    fn resolve(&self, props: &ParaProps) -> Option<(String, usize)> {
        let mut num_id = props.num_id.clone();
        let mut ilvl = props.ilvl;
        let mut style_id = props.style.clone().or_else(|| self.default_style.clone());
        let first_style = style_id.clone();
        for _ in 0..MAX_CHAIN {
            if num_id.is_some() && ilvl.is_some() {
                break;
            }
            let Some(style) = style_id.as_ref().and_then(|id| self.styles.get(id)) else {
                break;
            };
            if num_id.is_none() {
                num_id = style.num_id.clone();
            }
            if ilvl.is_none() && style.num_id.is_some() {
                ilvl = style.ilvl;
            }
            style_id = style.based_on.clone();
        }
        let num_id = num_id.filter(|id| id != "0")?;
        let ilvl = match ilvl {
            Some(i) => i,
            // A style linked to a list without a level: the level whose w:pStyle it is.
            None => first_style
                .and_then(|s| {
                    let (_, a) = self.definition(&num_id)?;
                    a.levels
                        .iter()
                        .position(|l| l.as_ref().is_some_and(|l| l.style.as_deref() == Some(&s)))
                })
                .unwrap_or(0),
        };
        (ilvl < LEVELS).then_some((num_id, ilvl))
    }

    /// The abstract definition (id, definition) of a list instance, through
    /// `w:numStyleLink` when the definition is a numbering style's.
    fn definition(&self, num_id: &str) -> Option<(&str, &AbstractNum)> {
        let mut id = self.nums.get(num_id)?.abstract_id.as_deref()?;
        for _ in 0..MAX_CHAIN {
            let a = self.abstracts.get(id)?;
            let Some(link) = &a.style_link else {
                return Some((id, a));
            };
            let linked = self
                .styles
                .get(link)
                .and_then(|s| s.num_id.as_deref())
                .and_then(|n| self.nums.get(n))
                .and_then(|n| n.abstract_id.as_deref())?;
            if linked == id {
                return Some((id, a));
            }
            id = linked;
        }
        None
    }

    fn level(&self, num_id: &str, abs: &AbstractNum, i: usize) -> Option<Level> {
        self.nums
            .get(num_id)
            .and_then(|n| n.level_overrides[i].clone())
            .or_else(|| abs.levels[i].clone())
    }

    /// Advances the counters for a paragraph and returns its label with the separator
    /// that follows it (e.g. `"一、"`, `"（二）\t"`), or `""` when it is not numbered or is
    /// a bullet.
    pub fn label(&mut self, props: &ParaProps) -> String {
        let Some((num_id, ilvl)) = self.resolve(props) else {
            return String::new();
        };
        let Some((abs_id, abs)) = self.definition(&num_id) else {
            return String::new();
        };
        let abs_id = abs_id.to_string();
        let levels: Vec<Option<Level>> = (0..LEVELS).map(|i| self.level(&num_id, abs, i)).collect();
        let Some(level) = levels[ilvl].clone() else {
            return String::new();
        };
        let start_of = |i: usize, ov: &[Option<i64>; LEVELS]| {
            ov[i]
                .or_else(|| levels[i].as_ref().map(|l| l.start))
                .unwrap_or(1)
        };
        let overrides = self
            .nums
            .get(&num_id)
            .map(|n| n.start_overrides)
            .unwrap_or_default();
        let counters = self.counters.entry(abs_id).or_insert([None; LEVELS]);
        // A w:startOverride restarts its level the first time its instance is used.
        for (i, ov) in overrides.iter().enumerate() {
            if ov.is_some() && self.overridden.insert((num_id.clone(), i)) {
                counters[i] = None;
            }
        }
        counters[ilvl] = Some(match counters[ilvl] {
            Some(n) => n.saturating_add(1),
            None => start_of(ilvl, &overrides),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(ilvl + 1) {
            let restart_after = levels[deeper]
                .as_ref()
                .and_then(|l| l.restart)
                .unwrap_or(deeper);
            if ilvl < restart_after {
                *counter = None;
            }
        }
        if level.fmt == NumFmt::Bullet {
            return String::new();
        }
        let Some(template) = level.text.as_deref() else {
            return String::new();
        };
        let mut label = String::new();
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let place = chars
                .peek()
                .and_then(|d| d.to_digit(10))
                .map(|d| d as usize);
            match (c, place) {
                ('%', Some(p)) if (1..=LEVELS).contains(&p) => {
                    chars.next();
                    let i = p - 1;
                    let n = counters[i].unwrap_or_else(|| start_of(i, &overrides));
                    let fmt = levels[i].as_ref().map(|l| l.fmt).unwrap_or_default();
                    let fmt = if level.legal && i != ilvl {
                        NumFmt::Decimal
                    } else {
                        fmt
                    };
                    label.push_str(&fmt.format(n));
                }
                _ => label.push(c),
            }
        }
        if label.trim().is_empty() {
            return String::new();
        }
        label.push_str(level.suffix);
        label
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_counting() {
        let f = |n| NumFmt::ChineseCounting.format(n);
        assert_eq!(f(1), "一");
        assert_eq!(f(9), "九");
        assert_eq!(f(10), "十");
        assert_eq!(f(11), "十一");
        assert_eq!(f(20), "二十");
        assert_eq!(f(21), "二十一");
        assert_eq!(f(100), "一百");
        assert_eq!(f(101), "一百零一");
        assert_eq!(f(110), "一百一十");
        assert_eq!(f(1010), "一千零一十");
        assert_eq!(f(10001), "一万零一");
        assert_eq!(f(0), "0");
        assert_eq!(f(-3), "-3");
        assert_eq!(f(200_000), "200000");
        assert_eq!(NumFmt::ChineseLegalSimplified.format(12), "拾贰");
    }

    #[test]
    fn other_formats() {
        assert_eq!(NumFmt::DecimalEnclosedCircle.format(1), "①");
        assert_eq!(NumFmt::DecimalEnclosedCircle.format(20), "⑳");
        assert_eq!(NumFmt::DecimalEnclosedCircle.format(21), "21");
        assert_eq!(NumFmt::DecimalEnclosedParen.format(3), "⑶");
        assert_eq!(NumFmt::DecimalEnclosedFullstop.format(2), "⒉");
        assert_eq!(NumFmt::DecimalZero.format(7), "07");
        assert_eq!(NumFmt::DecimalFullWidth.format(12), "１２");
        assert_eq!(NumFmt::LowerLetter.format(1), "a");
        assert_eq!(NumFmt::LowerLetter.format(27), "aa");
        assert_eq!(NumFmt::UpperLetter.format(28), "BB");
        assert_eq!(NumFmt::LowerAlpha.format(27), "aa");
        assert_eq!(NumFmt::UpperAlpha.format(28), "AB");
        assert_eq!(NumFmt::UpperAlpha.format(703), "AAA");
        assert_eq!(NumFmt::LowerRoman.format(4), "iv");
        assert_eq!(NumFmt::UpperRoman.format(1994), "MCMXCIV");
        assert_eq!(NumFmt::UpperRoman.format(4000), "4000");
        assert_eq!(NumFmt::IdeographTraditional.format(3), "丙");
        assert_eq!(NumFmt::IdeographTraditional.format(11), "11");
        assert_eq!(NumFmt::IdeographZodiac.format(12), "亥");
        assert_eq!(NumFmt::Bullet.format(1), "");
        assert_eq!(
            NumFmt::from_word("chineseCountingThousand"),
            NumFmt::ChineseCounting
        );
        assert_eq!(NumFmt::from_word("somethingNew"), NumFmt::Decimal);
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="w">
      <w:abstractNum w:abstractNumId="0">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/><w:pStyle w:val="Heading1"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1.%3."/><w:isLgl/><w:suff w:val="space"/></w:lvl>
        <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimalEnclosedCircle"/><w:lvlText w:val="%4"/><w:lvlRestart w:val="1"/></w:lvl>
        <w:lvl w:ilvl="4"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="1">
        <w:lvl w:ilvl="0"><w:start w:val="3"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1)"/><w:suff w:val="nothing"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
      <w:num w:numId="4"><w:abstractNumId w:val="9"/></w:num>
    </w:numbering>"#;

    fn p(num: &str, ilvl: usize) -> ParaProps {
        ParaProps {
            style: None,
            num_id: Some(num.into()),
            ilvl: Some(ilvl),
        }
    }

    #[test]
    fn levels_count_and_restart() {
        let mut s = ListState::new(Some(NUMBERING), None);
        let labels: Vec<String> = [
            p("1", 0),
            p("1", 1),
            p("1", 1),
            p("1", 3),
            p("1", 1),
            p("1", 3), // lvlRestart 1: only level 0 restarts it
            p("1", 0),
            p("1", 1),
            p("1", 2),
            p("1", 2),
            p("1", 3),
            p("1", 4),
        ]
        .iter()
        .map(|q| s.label(q))
        .collect();
        assert_eq!(
            labels,
            [
                "一、",
                "（一）",
                "（二）",
                "①\t",
                "（三）",
                "②\t",
                "二、",
                "（一）",
                "2.1. ",
                "2.2. ",
                "①\t",
                ""
            ]
        );
    }

    #[test]
    fn instances_share_counters_and_start_override_restarts() {
        let mut s = ListState::new(Some(NUMBERING), None);
        let got: Vec<String> = ["2", "2", "3", "3", "2", "4", "0", "99"]
            .iter()
            .map(|n| s.label(&p(n, 0)))
            .collect();
        assert_eq!(got, ["c)", "d)", "a)", "b)", "c)", "", "", ""]);
        assert_eq!(s.label(&p("1", 9)), "");
    }

    #[test]
    fn styles_give_numbering_and_paragraphs_can_remove_it() {
        let styles = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:default="1" w:styleId="Normal"/>
          <w:style w:type="paragraph" w:styleId="Heading1"><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Heading2"><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr></w:style>
          <w:style w:type="paragraph" w:styleId="Problem"><w:basedOn w:val="Heading2"/></w:style>
          <w:style w:type="paragraph" w:styleId="Loop"><w:basedOn w:val="Loop"/></w:style>
        </w:styles>"#;
        let mut s = ListState::new(Some(NUMBERING), Some(styles));
        let st = |id: &str| ParaProps {
            style: Some(id.into()),
            ..ParaProps::default()
        };
        let removed = ParaProps {
            style: Some("Heading1".into()),
            num_id: Some("0".into()),
            ilvl: None,
        };
        let got: Vec<String> = [
            st("Heading1"),
            st("Problem"),
            st("Heading2"),
            removed,
            ParaProps::default(),
            st("Loop"),
            st("Heading1"),
            st("Problem"),
        ]
        .iter()
        .map(|q| s.label(q))
        .collect();
        assert_eq!(
            got,
            ["一、", "（一）", "（二）", "", "", "", "二、", "（一）"]
        );
    }

    #[test]
    fn malformed_parts_give_no_labels() {
        for xml in ["", "<w:numbering", "<<<>>>", "<a><b></a>", "\u{0}"] {
            let mut s = ListState::new(Some(xml), Some(xml));
            assert_eq!(s.label(&p("1", 0)), "");
        }
        // A level without w:lvlText shows nothing; a huge start is written in digits.
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="9223372036854775807"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2、"/><w:suff w:val="nothing"/></w:lvl>
            </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let mut s = ListState::new(Some(xml), None);
        assert_eq!(s.label(&p("1", 0)), "");
        assert_eq!(s.label(&p("1", 1)), "9223372036854775807、");
        assert_eq!(s.label(&p("1", 1)), "9223372036854775807、");
    }
}
