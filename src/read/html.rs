//! HTML reader: the main text of a (government) web page, block structure kept.
//!
//! 1. Page chrome is left out: `script`, `style`, forms, `nav`/`aside`, `header`/`footer`
//!    outside an `article`/`main`, and elements whose class or id names navigation, menus,
//!    breadcrumbs, sharing bars, sidebars, logos, related links, headers or footers.
//! 2. The main container is the deepest element holding at least 90% of the page's CJK
//!    characters, widened to its ancestors while they add at most 10% more beside a title
//!    (`<h1>`–`<h3>` or class `title`, up to 120 characters, next to it): the report's
//!    title just outside the text div comes along, a site menu does not.
//! 3. Block elements and table cells become lines; inline whitespace collapses, except
//!    inside `<pre>` and elements styled `white-space: pre…`, whose lines and space runs
//!    are kept.
//! 4. List items of `<ol>` start with their number as a browser draws it: `1. `, or the
//!    letters or roman numerals of `type` (`a A i I`) or of the CSS `list-style-type`
//!    (`cjk-ideographic` and the Chinese styles give `一、`), from `start` (counting down
//!    with `reversed`), `<li value>` resetting the count; nested lists count on their own.
//!    `<ul>` items get no marker.
//! 5. Short metadata lines (发布时间 … 来源 … 浏览量, 【打印】【关闭】), recognized by the
//!    words in `dictionaries/page_chrome.txt`, are dropped.
//!
//! Tree walks are iterative, so deeply nested markup cannot overflow the stack.

use std::collections::HashMap;
use std::path::Path;
use std::sync::LazyLock;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::{Html, Node};

use super::numbering::NumFmt;
use super::{decode, Document, Format};
use crate::error::Result;

/// Page-chrome words, one per line (embedded default).
const PAGE_CHROME: &str = include_str!("../../dictionaries/page_chrome.txt");

static CHROME_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    PAGE_CHROME
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect()
});

/// Parts of class/id names that mark page chrome.
const CHROME_CLASSES: &[&str] = &[
    "nav",
    "menu",
    "breadcrumb",
    "crumb",
    "share",
    "sidebar",
    "footer",
    "copyright",
    "toolbar",
    "banner",
    "topbar",
    "logo",
    "related",
    "links",
];

/// Reads an HTML page's main text into a one-page [`Document`].
///
/// The bytes are decoded like text (BOM, `charset` sniffing by content: UTF-8, GB18030, …).
///
/// # Errors
/// [`crate::Error::Encoding`] when the bytes are in no supported encoding.
pub fn read_html(path: &Path, bytes: &[u8]) -> Result<Document> {
    let decoded = decode(path, bytes)?;
    Ok(Document {
        pages: vec![html_text(&decoded.text)],
        format: Format::Html,
        encoding: Some(decoded.encoding.to_string()),
        pdf_backend: None,
        warnings: decoded.warning().into_iter().collect(),
    })
}

/// The main text of an HTML page: one line per block element or table cell.
///
/// # Examples
/// ```
/// let page = "<html><body><nav>首页 | 政务公开</nav><div id=content><h1>绩效评价报告</h1>\
///             <p>发布时间：2024-08-01 来源：财政局 浏览量：35</p>\
///             <table><tr><td>评价分值</td><td>81.41</td></tr></table>\
///             <p>项目单位完成了年度目标任务。</p></div></body></html>";
/// assert_eq!(jixiao::read::html::html_text(page), "绩效评价报告\n评价分值\n81.41\n项目单位完成了年度目标任务。\n");
/// ```
pub fn html_text(source: &str) -> String {
    let html = Html::parse_document(source);
    let root = html.tree.root();
    let counts = cjk_counts(root);
    let body = root
        .descendants()
        .find(|n| n.value().as_element().is_some_and(|e| e.name() == "body"))
        .unwrap_or(root);
    let container = main_container(body, &counts);
    let raw = block_text(container);
    let mut out = String::new();
    for line in raw
        .lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace()))
    {
        if !line.is_empty() && !is_chrome_line(line) {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// CJK characters under each element, not counting page chrome.
fn cjk_counts(root: NodeRef<'_, Node>) -> HashMap<NodeId, usize> {
    let mut counts = HashMap::new();
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    let mut chrome_depth = 0usize;
    let mut article_depth = 0usize;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(e) = node.value().as_element() {
                    if chrome_depth > 0 || is_chrome(node, article_depth) {
                        chrome_depth += 1;
                    }
                    if matches!(e.name(), "article" | "main") {
                        article_depth += 1;
                    }
                    stack.push((node.id(), 0));
                } else if let (Node::Text(t), 0) = (node.value(), chrome_depth) {
                    if let Some(top) = stack.last_mut() {
                        top.1 += t.chars().filter(|&c| super::pdf::is_cjk(c)).count();
                    }
                }
            }
            Edge::Close(node) => {
                if let Some(e) = node.value().as_element() {
                    if matches!(e.name(), "article" | "main") {
                        article_depth = article_depth.saturating_sub(1);
                    }
                    chrome_depth = chrome_depth.saturating_sub(usize::from(chrome_depth > 0));
                    if let Some((id, n)) = stack.pop() {
                        counts.insert(id, n);
                        if let Some(parent) = stack.last_mut() {
                            parent.1 += n;
                        }
                    }
                }
            }
        }
    }
    counts
}

/// Whether an element is page chrome (see the module docs).
fn is_chrome(node: NodeRef<'_, Node>, article_depth: usize) -> bool {
    let Some(e) = node.value().as_element() else {
        return false;
    };
    match e.name() {
        "script" | "style" | "noscript" | "template" | "iframe" | "object" | "form" | "select"
        | "button" | "input" | "svg" | "head" | "nav" | "aside" => return true,
        "header" | "footer" if article_depth == 0 => return true,
        _ => {}
    }
    let names = e
        .attr("class")
        .into_iter()
        .chain(e.id())
        .flat_map(|v| v.split_whitespace());
    names.map(str::to_ascii_lowercase).any(|n| {
        CHROME_CLASSES.iter().any(|c| n.contains(c)) || (article_depth == 0 && n.contains("header"))
    })
}

/// The element holding the page's main text (see the module docs).
fn main_container<'a>(
    body: NodeRef<'a, Node>,
    counts: &HashMap<NodeId, usize>,
) -> NodeRef<'a, Node> {
    let count = |n: NodeRef<'_, Node>| counts.get(&n.id()).copied().unwrap_or(0);
    let total = count(body);
    if total == 0 {
        return body;
    }
    let mut best = body;
    let mut best_depth = 0;
    let mut depth = 0usize;
    // A list is part of a text, never the text's container: a report whose chapters are
    // the items of an <ol> keeps the header lines beside that list.
    let is_list = |n: NodeRef<'_, Node>| {
        n.value()
            .as_element()
            .is_some_and(|e| matches!(e.name(), "ol" | "ul" | "li" | "menu" | "dir"))
    };
    let mut list_depth = 0usize;
    for edge in body.traverse() {
        match edge {
            Edge::Open(n) if n.value().is_element() => {
                depth += 1;
                if is_list(n) {
                    list_depth += 1;
                }
                if list_depth == 0 && count(n) * 10 >= total * 9 && depth > best_depth {
                    best = n;
                    best_depth = depth;
                }
            }
            Edge::Close(n) if n.value().is_element() => {
                depth -= 1;
                if is_list(n) {
                    list_depth -= 1;
                }
            }
            _ => {}
        }
    }
    // Climb while the parent adds little beside a title: the report's heading (<h1>…<h3>,
    // or class "title") often sits just above the element holding the text.
    let is_title = |n: NodeRef<'_, Node>| {
        n.value().as_element().is_some_and(|e| {
            matches!(e.name(), "h1" | "h2" | "h3")
                || e.attr("class")
                    .is_some_and(|c| c.to_ascii_lowercase().contains("title"))
        })
    };
    while let Some(parent) = best.parent() {
        if !parent.value().is_element() || best.id() == body.id() {
            break;
        }
        let titles: usize = parent
            .children()
            .filter(|c| c.id() != best.id() && is_title(*c))
            .map(count)
            .filter(|&n| n <= 120)
            .sum();
        if (count(parent) - count(best)).saturating_sub(titles) * 10 > count(best) {
            break;
        }
        best = parent;
    }
    best
}

/// An open list: its items' number format (`None` for `<ul>`), the next number and the
/// step (−1 for `<ol reversed>`).
struct List {
    fmt: Option<NumFmt>,
    suffix: &'static str,
    next: i64,
    step: i64,
}

/// Deepest list nesting that gets markers (deeper lists are read without them).
const MAX_LISTS: usize = 64;

impl List {
    fn open(e: &scraper::node::Element, node: NodeRef<'_, Node>) -> List {
        let style = e
            .attr("style")
            .and_then(list_style_type)
            .or_else(|| e.attr("type").map(|t| t.trim()));
        let ordered = e.name() == "ol";
        let (fmt, suffix) = match style {
            Some("none" | "disc" | "circle" | "square") => (None, ""),
            Some("a" | "lower-alpha" | "lower-latin") => (Some(NumFmt::LowerAlpha), ". "),
            Some("A" | "upper-alpha" | "upper-latin") => (Some(NumFmt::UpperAlpha), ". "),
            Some("i" | "lower-roman") => (Some(NumFmt::LowerRoman), ". "),
            Some("I" | "upper-roman") => (Some(NumFmt::UpperRoman), ". "),
            Some(
                "cjk-ideographic"
                | "simp-chinese-informal"
                | "trad-chinese-informal"
                | "cjk-decimal",
            ) => (Some(NumFmt::ChineseCounting), "、"),
            Some("decimal") => (Some(NumFmt::Decimal), ". "),
            _ if ordered => (Some(NumFmt::Decimal), ". "),
            _ => (None, ""),
        };
        let reversed = ordered && e.attr("reversed").is_some();
        let items = || {
            node.children()
                .filter(|c| c.value().as_element().is_some_and(|e| e.name() == "li"))
                .count() as i64
        };
        let start = e
            .attr("start")
            .and_then(|v| v.trim().parse::<i64>().ok())
            .unwrap_or_else(|| if reversed { items() } else { 1 });
        List {
            fmt,
            suffix,
            next: start,
            step: if reversed { -1 } else { 1 },
        }
    }

    /// The marker of the next item (`<li value>` sets its number).
    fn marker(&mut self, value: Option<&str>) -> String {
        if let Some(v) = value.and_then(|v| v.trim().parse::<i64>().ok()) {
            self.next = v;
        }
        let n = self.next;
        self.next = self.next.saturating_add(self.step);
        match self.fmt {
            Some(fmt) => format!("{}{}", fmt.format(n), self.suffix),
            None => String::new(),
        }
    }
}

/// The `list-style-type` (or `list-style` keyword) of an inline style, if any.
fn list_style_type(style: &str) -> Option<&str> {
    style.split(';').find_map(|decl| {
        let (prop, value) = decl.split_once(':')?;
        let prop = prop.trim();
        (prop == "list-style-type" || prop == "list-style")
            .then(|| value.split_whitespace().find(|w| !w.contains(['(', '/'])))
            .flatten()
    })
}

/// Text of `node` with block elements and table cells on their own lines.
fn block_text(node: NodeRef<'_, Node>) -> String {
    let mut out = String::new();
    let mut skip_depth = 0usize;
    let mut article_depth = 0usize;
    let mut lists: Vec<List> = Vec::new();
    // Where the last list marker ends: a block opening right after it stays on its line.
    let mut marker_end = usize::MAX;
    // Inside <pre> (and elements styled white-space: pre…) line breaks and space runs are
    // the text's own: a report pasted as preformatted text keeps its lines and its cells.
    let mut pre_depth = 0usize;
    for edge in node.traverse() {
        match edge {
            Edge::Open(n) => match n.value() {
                Node::Element(e) => {
                    if skip_depth > 0 || is_chrome(n, article_depth) {
                        skip_depth += 1;
                        continue;
                    }
                    if matches!(e.name(), "article" | "main") {
                        article_depth += 1;
                    }
                    if keeps_white_space(e) {
                        pre_depth += 1;
                    }
                    if e.name() == "br" {
                        out.push('\n');
                    } else if is_block(e.name()) && out.trim_end_matches(' ').len() != marker_end {
                        new_line(&mut out);
                    }
                    match e.name() {
                        "ol" | "ul" | "menu" | "dir" => lists.push(List::open(e, n)),
                        "li" if lists.len() <= MAX_LISTS => {
                            let marker = lists
                                .last_mut()
                                .map(|l| l.marker(e.attr("value")))
                                .unwrap_or_default();
                            if !marker.is_empty() {
                                out.push_str(&marker);
                                marker_end = out.len();
                            }
                        }
                        _ => {}
                    }
                }
                Node::Text(t) if skip_depth == 0 && pre_depth > 0 => {
                    out.extend(t.chars().filter(|&c| c != '\r'));
                }
                Node::Text(t) if skip_depth == 0 => {
                    for c in t.chars() {
                        if c.is_whitespace() && c != '\u{3000}' {
                            // (a list marker brings its own space, or none after 、)
                            if !out.ends_with([' ', '\n'])
                                && !out.is_empty()
                                && out.len() != marker_end
                            {
                                out.push(' ');
                            }
                        } else {
                            out.push(c);
                        }
                    }
                }
                _ => {}
            },
            Edge::Close(n) => {
                if let Node::Element(e) = n.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if matches!(e.name(), "article" | "main") {
                        article_depth = article_depth.saturating_sub(1);
                    }
                    if keeps_white_space(e) {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if matches!(e.name(), "ol" | "ul" | "menu" | "dir") {
                        lists.pop();
                    }
                    if is_block(e.name()) {
                        new_line(&mut out);
                    }
                }
            }
        }
    }
    out
}

/// Whether `e` keeps its text's line breaks and spaces: `<pre>` and its kin, or an inline
/// style `white-space: pre | pre-wrap | pre-line | break-spaces`.
fn keeps_white_space(e: &scraper::node::Element) -> bool {
    matches!(
        e.name(),
        "pre" | "textarea" | "listing" | "xmp" | "plaintext"
    ) || e.attr("style").is_some_and(|style| {
        style.split(';').any(|decl| {
            decl.split_once(':').is_some_and(|(prop, value)| {
                prop.trim().eq_ignore_ascii_case("white-space")
                    && matches!(
                        value.trim().to_ascii_lowercase().as_str(),
                        "pre" | "pre-wrap" | "pre-line" | "break-spaces"
                    )
            })
        })
    })
}

fn new_line(out: &mut String) {
    while out.ends_with(' ') {
        out.pop();
    }
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "section"
            | "article"
            | "main"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "table"
            | "thead"
            | "tbody"
            | "tfoot"
            | "tr"
            | "td"
            | "th"
            | "caption"
            | "blockquote"
            | "pre"
            | "address"
            | "figure"
            | "figcaption"
            | "hr"
            | "center"
            | "body"
            | "title"
    )
}

/// Whether a line is page metadata or a button row rather than report text.
fn is_chrome_line(line: &str) -> bool {
    if line.chars().count() > 100 {
        return false;
    }
    let bare: String = line
        .chars()
        .filter(|c| !c.is_ascii_punctuation() && !"【】[]（）()：:·|｜　 ".contains(*c))
        .collect();
    let words = &*CHROME_WORDS;
    if words.iter().any(|w| bare == *w) {
        return true;
    }
    let hits = words.iter().filter(|w| line.contains(*w)).count();
    // "打印本页" contains "打印": count words, not overlapping matches, by requiring two
    // hits of which one is not a prefix of another hit.
    let distinct = words
        .iter()
        .filter(|w| line.contains(*w))
        .filter(|w| {
            !words
                .iter()
                .any(|o| o != *w && o.contains(*w) && line.contains(o))
        })
        .count();
    hits >= 2 && distinct >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_chrome_is_left_out() {
        let page = r#"<!doctype html><html><head><title>站点</title><style>p{}</style></head><body>
            <div class="top-nav"><a>首页</a><a>政务公开</a><a>财政预决算公开专栏</a></div>
            <div class="breadcrumb">当前位置：首页 &gt; 绩效管理</div>
            <div class="article"><h1>昌江区2023年度项目支出绩效评价结果反馈</h1>
              <div class="info">发布时间：2024-08-15　来源：昌江区财政局　浏览量：128</div>
              <div class="TRS_Editor"><p>　　评价项目：科技项目经费</p>
                <table><tr><td>评价机构</td><td>XX会计师事务所</td></tr></table>
                <p>项目单位按计划完成<span>了</span>各项工作任务，资金使用规范，取得了较好成效。</p></div>
              <div class="btns">【打印本页】【关闭窗口】</div></div>
            <div class="footer">主办：昌江区人民政府办公室 版权所有</div>
            <script>var x = "评价分值：99";</script></body></html>"#;
        assert_eq!(
            html_text(page),
            "昌江区2023年度项目支出绩效评价结果反馈\n评价项目：科技项目经费\n评价机构\nXX会计师事务所\n\
             项目单位按计划完成了各项工作任务，资金使用规范，取得了较好成效。\n"
        );
    }

    #[test]
    fn report_lines_with_one_chrome_word_stay() {
        assert!(!is_chrome_line("资金来源：中央财政补助"));
        assert!(is_chrome_line("【打印】 【关闭】"));
        assert!(is_chrome_line("发布日期：2024-01-02 信息来源：财政局"));
    }

    #[test]
    fn preformatted_text_keeps_its_lines_and_cells() {
        let page = "<html><body><pre class=\"western\"><span>一、评价结论</span>\n\n\
                    评价得分  <b>86</b>  等级  良\n二、存在的问题</pre>\
                    <div style=\"color: red; White-Space: pre-wrap\">1.资金滞留。\n2.档案不全。</div>\
                    <p>普通  段落\n续行</p></body></html>";
        assert_eq!(
            html_text(page),
            "一、评价结论\n评价得分  86  等级  良\n二、存在的问题\n1.资金滞留。\n2.档案不全。\n\
             普通 段落 续行\n"
        );
    }

    #[test]
    fn ordered_list_items_carry_their_numbers() {
        let page = r#"<html><body><div>
            <ol style="list-style-type: cjk-ideographic">
              <li>
                <h2>存在的问题</h2>
                <ol><li><b>资金拨付不及时。</b>部分资金滞留。</li>
                    <li value="5">档案不全。</li><li>台账缺失。</li></ol>
              </li>
              <li><h2>相关建议</h2>
                <ol start="3" type="a"><li>加快拨付。</li><li>健全档案。</li></ol>
                <ol type="I" reversed><li>甲</li><li>乙</li><li>丙</li></ol>
                <ul><li>不编号</li></ul>
                <ol style="list-style: lower-roman inside"><li>一项</li></ol>
              </li>
            </ol></div></body></html>"#;
        assert_eq!(
            html_text(page),
            "一、存在的问题\n1. 资金拨付不及时。部分资金滞留。\n5. 档案不全。\n6. 台账缺失。\n\
             二、相关建议\nc. 加快拨付。\nd. 健全档案。\nIII. 甲\nII. 乙\nI. 丙\n不编号\n\
             i. 一项\n"
        );
        assert_eq!(
            html_text("<html><body><li>无列表的项</li></body></html>"),
            "无列表的项\n"
        );
    }

    #[test]
    fn a_list_is_not_the_main_container() {
        let page = r#"<html><body><div class="nav">首页</div><div class="text">
            <p>和平区民政局绩效评价报告</p>
            <ol style="list-style-type:cjk-ideographic">
              <li><h2>基本情况</h2><p>全年累计发放城乡低保金三千八百万元。</p></li>
              <li><h2>存在的问题</h2><p>预算执行进度不均衡。</p></li></ol></div></body></html>"#;
        assert_eq!(
            html_text(page),
            "和平区民政局绩效评价报告\n一、基本情况\n全年累计发放城乡低保金三千八百万元。\n\
             二、存在的问题\n预算执行进度不均衡。\n"
        );
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let page = format!(
            "<html><body>{}评价分值：81{}</body></html>",
            "<div>".repeat(20000),
            "</div>".repeat(20000)
        );
        assert_eq!(html_text(&page).trim(), "评价分值：81");
        let lists = format!(
            "<html><body>{}评价分值：81{}</body></html>",
            "<ol><li>".repeat(5000),
            "</li></ol>".repeat(5000)
        );
        assert!(html_text(&lists).contains("评价分值：81"));
    }
}
