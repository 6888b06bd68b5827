//! DOCX reader: paragraphs and table cells of `word/document.xml`, in document order.
//!
//! Each paragraph becomes a line; each table cell ends a line, so a header table
//! `[评价机构 | XX事务所]` reads as `评价机构\nXX事务所\n`, like the text version's label
//! line followed by its value line. `<w:tab/>` is a tab, `<w:br/>` a line break. Deleted
//! text (`w:delText`) and field codes (`w:instrText`) are not text. Word's automatic
//! numbering (a paragraph's or its style's `w:numPr`, defined in `word/numbering.xml`) is
//! rendered as Word shows it: the label ("一、", "（二）", "3.") starts the paragraph's
//! line; bullets give no label (see [`super::numbering`]). Headers and footers (separate
//! parts) are not read.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::numbering::{ListState, ParaProps};
use super::{Document, Format};
use crate::error::{Error, Result};

/// Largest `word/document.xml` accepted once unzipped, in bytes (guards zip bombs).
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

/// Largest `word/numbering.xml` or `word/styles.xml` read, in bytes; a larger one is
/// ignored (no numbering labels), as is a missing or unreadable one.
const MAX_PART_BYTES: u64 = 16 * 1024 * 1024;

/// An optional part of the archive as text, or `None` when absent, too large or unreadable.
fn optional_part(archive: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Option<String> {
    let entry = archive.by_name(name).ok()?;
    let mut xml = Vec::new();
    entry.take(MAX_PART_BYTES + 1).read_to_end(&mut xml).ok()?;
    if xml.len() as u64 > MAX_PART_BYTES {
        return None;
    }
    String::from_utf8(xml).ok()
}

/// Reads a DOCX file's body text into a one-page [`Document`].
///
/// # Errors
/// [`Error::Document`] when the zip or its XML is malformed, or it has no
/// `word/document.xml` (an ODT, XLSX or other zip); [`Error::Unsupported`] for an
/// encrypted (password-protected) Office file.
pub fn read_docx(path: &Path, bytes: &[u8]) -> Result<Document> {
    let fail = |reason: String| Error::Document {
        path: path.to_path_buf(),
        format: "docx",
        reason,
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| fail(format!("not a zip archive: {e}")))?;
    let xml = {
        let entry = archive.by_name("word/document.xml").map_err(|e| match e {
            zip::result::ZipError::FileNotFound => {
                fail("no word/document.xml (not a Word document)".into())
            }
            other => fail(other.to_string()),
        })?;
        let mut xml = Vec::new();
        entry
            .take(MAX_XML_BYTES + 1)
            .read_to_end(&mut xml)
            .map_err(|e| fail(format!("word/document.xml: {e}")))?;
        if xml.len() as u64 > MAX_XML_BYTES {
            return Err(fail("word/document.xml is larger than 256 MiB".into()));
        }
        xml
    };
    let xml =
        String::from_utf8(xml).map_err(|e| fail(format!("word/document.xml is not UTF-8: {e}")))?;
    let numbering = optional_part(&mut archive, "word/numbering.xml");
    let styles = numbering
        .as_ref()
        .and_then(|_| optional_part(&mut archive, "word/styles.xml"));
    let mut lists = ListState::new(numbering.as_deref(), styles.as_deref());
    let text = document_text_with_lists(&xml, &mut lists).map_err(fail)?;
    Ok(Document {
        pages: vec![text],
        format: Format::Docx,
        encoding: None,
        pdf_backend: None,
        warnings: Vec::new(),
    })
}

/// The text of a `word/document.xml` without numbering labels: one line per paragraph
/// and per table cell.
///
/// # Errors
/// The XML parser's message (with byte position) for malformed XML.
pub fn document_text(xml: &str) -> std::result::Result<String, String> {
    document_text_with_lists(xml, &mut ListState::default())
}

/// A paragraph being read: its numbering properties until its label is written.
#[derive(Default)]
struct Paragraph {
    props: ParaProps,
    /// Inside its `w:pPr` (depth), and inside a `w:pPrChange` there (old properties).
    in_ppr: usize,
    in_change: usize,
    /// The label has been written (or there is none).
    labelled: bool,
}

/// The text of a `word/document.xml` with each numbered paragraph's label (counted in
/// document order by `lists`) at the start of its line.
///
/// # Errors
/// The XML parser's message (with byte position) for malformed XML.
pub fn document_text_with_lists(
    xml: &str,
    lists: &mut ListState,
) -> std::result::Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Depth inside elements whose text is not document text (w:delText, w:instrText, …).
    let mut skip = 0usize;
    let mut in_text = false;
    // Open paragraphs (a text box inside a paragraph holds paragraphs of its own).
    let mut paragraphs: Vec<Paragraph> = Vec::new();
    let numbered = !lists.is_empty();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
        if numbered {
            track_numbering(&event, &mut paragraphs, lists, &mut out);
        }
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" if skip == 0 => in_text = true,
                "delText" | "instrText" | "fldData" => skip += 1,
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" if skip == 0 => out.push('\t'),
                "br" | "cr" if skip == 0 => out.push('\n'),
                "p" | "tc" => end_line(&mut out),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "delText" | "instrText" | "fldData" => skip = skip.saturating_sub(1),
                "p" | "tc" | "tr" => end_line(&mut out),
                _ => {}
            },
            Event::Text(t) if in_text && skip == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if in_text && skip == 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text && skip == 0 => match r.resolve_char_ref() {
                Ok(Some(c)) => out.push(c),
                _ => out.push_str(predefined_entity(&r.xml10_content())),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// Follows paragraph properties and writes a numbered paragraph's label once they are
/// known: at the end of its `w:pPr`, or at its first other child (or its end) when it has
/// none, so that the paragraph style's numbering still counts.
fn track_numbering(
    event: &Event<'_>,
    paragraphs: &mut Vec<Paragraph>,
    lists: &mut ListState,
    out: &mut String,
) {
    let mut write_label = |p: &mut Paragraph, out: &mut String| {
        if !p.labelled {
            p.labelled = true;
            let label = lists.label(&p.props);
            if !label.is_empty() {
                end_line(out);
                out.push_str(&label);
            }
        }
    };
    match event {
        Event::Start(e) | Event::Empty(e) => {
            let empty = matches!(event, Event::Empty(_));
            let name = e.local_name();
            let name = name.as_ref();
            if name == "p" {
                if empty {
                    let mut p = Paragraph::default();
                    write_label(&mut p, out);
                } else {
                    // Paragraphs nest only inside text boxes: none is this deep in real files.
                    if paragraphs.len() < 64 {
                        paragraphs.push(Paragraph::default());
                    }
                }
                return;
            }
            let Some(p) = paragraphs.last_mut() else {
                return;
            };
            if p.in_ppr > 0 {
                match name {
                    "pPrChange" | "rPr" if !empty => p.in_change += 1,
                    "pStyle" if p.in_change == 0 => p.props.style = val(e),
                    "numId" if p.in_change == 0 => p.props.num_id = val(e),
                    "ilvl" if p.in_change == 0 => {
                        p.props.ilvl = val(e).and_then(|v| v.parse().ok())
                    }
                    _ => {}
                }
            } else if name == "pPr" && !p.labelled {
                if empty {
                    write_label(p, out);
                } else {
                    p.in_ppr = 1;
                }
            } else {
                write_label(p, out);
            }
        }
        Event::End(e) => {
            let name = e.local_name();
            let name = name.as_ref();
            if name == "p" {
                if let Some(mut p) = paragraphs.pop() {
                    write_label(&mut p, out);
                }
                return;
            }
            let Some(p) = paragraphs.last_mut() else {
                return;
            };
            if p.in_ppr > 0 {
                match name {
                    "pPrChange" | "rPr" => p.in_change = p.in_change.saturating_sub(1),
                    "pPr" => {
                        p.in_ppr = 0;
                        write_label(p, out);
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// An element's `w:val`.
fn val(e: &quick_xml::events::BytesStart<'_>) -> Option<String> {
    super::numbering::attr(e, "val")
}

/// Ends the current line unless the text already ends one.
fn end_line(out: &mut String) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
}

fn predefined_entity(name: &str) -> &'static str {
    match name {
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    #[test]
    fn paragraphs_and_cells_are_lines() {
        let xml = format!(
            r#"<w:document {W}><w:body>
            <w:p><w:r><w:t>绩效评价</w:t></w:r><w:r><w:t xml:space="preserve">结果反馈</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>评价机构</w:t></w:r></w:p></w:tc>
            <w:tc><w:p><w:r><w:t>XX&amp;YY事务所</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>
            <w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>删</w:delText></w:r></w:del></w:p>
            </w:body></w:document>"#
        );
        assert_eq!(
            document_text(&xml).unwrap(),
            "绩效评价结果反馈\n评价机构\nXX&YY事务所\nA\tB\nC\n"
        );
    }

    #[test]
    fn numbered_paragraphs_start_with_their_labels() {
        let numbering = r#"<w:numbering xmlns:w="w">
          <w:abstractNum w:abstractNumId="5">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/><w:suff w:val="nothing"/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
          </w:abstractNum>
          <w:num w:numId="7"><w:abstractNumId w:val="5"/></w:num>
        </w:numbering>"#;
        let styles = r#"<w:styles xmlns:w="w">
          <w:style w:type="paragraph" w:styleId="H1"><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr></w:pPr></w:style>
        </w:styles>"#;
        let xml = format!(
            r#"<w:document {W}><w:body>
            <w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>存在的问题</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>资金拨付不及时</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr>
              <w:pPrChange><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr></w:pPr></w:pPrChange></w:pPr>
              <w:r><w:t>第一项</w:t></w:r></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr></w:pPr></w:p>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>第三项</w:t></w:r></w:p>
            <w:p><w:r><w:t>正文</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:pPr><w:pStyle w:val="H1"/></w:pPr><w:r><w:t>相关建议</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr></w:pPr><w:r><w:t>加快拨付</w:t></w:r></w:p>
            </w:body></w:document>"#
        );
        let mut lists = ListState::new(Some(numbering), Some(styles));
        assert_eq!(
            document_text_with_lists(&xml, &mut lists).unwrap(),
            "一、存在的问题\n（一）资金拨付不及时\n1.\t第一项\n2.\t\n3.\t第三项\n正文\n\
             二、相关建议\n（一）加快拨付\n"
        );
        // Without the definitions the same document has no labels.
        assert!(document_text(&xml)
            .unwrap()
            .starts_with("存在的问题\n资金拨付不及时\n第一项\n第三项"));
    }

    #[test]
    fn docx_with_broken_numbering_part_reads_without_labels() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            let opts = zip::write::SimpleFileOptions::default();
            zip.start_file("word/document.xml", opts).unwrap();
            let doc = format!(
                r#"<w:document {W}><w:body><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>项目概况</w:t></w:r></w:p></w:body></w:document>"#
            );
            std::io::Write::write_all(&mut zip, doc.as_bytes()).unwrap();
            zip.start_file("word/numbering.xml", opts).unwrap();
            std::io::Write::write_all(&mut zip, b"<w:numbering><w:num w:numId=\"1\">\xff\xfe")
                .unwrap();
            zip.finish().unwrap();
        }
        let doc = read_docx(Path::new("a.docx"), buf.get_ref()).unwrap();
        assert_eq!(doc.pages, ["项目概况\n"]);
    }

    #[test]
    fn malformed_xml_is_an_error() {
        let err = document_text(&format!("<w:document {W}><w:body><w:p></w:body>")).unwrap_err();
        assert!(err.contains("malformed XML"), "{err}");
    }

    #[test]
    fn zip_without_document_is_an_error() {
        let mut buf = Cursor::new(Vec::new());
        {
            let mut zip = zip::ZipWriter::new(&mut buf);
            zip.start_file("content.xml", zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, b"<x/>").unwrap();
            zip.finish().unwrap();
        }
        let err = read_docx(Path::new("a.docx"), buf.get_ref()).unwrap_err();
        assert_eq!(err.kind(), "document");
        assert!(err.to_string().contains("no word/document.xml"), "{err}");
    }
}
