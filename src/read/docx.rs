//! DOCX reader: paragraphs and table cells of `word/document.xml`, in document order.
//!
//! Each paragraph becomes a line; each table cell ends a line, so a header table
//! `[评价机构 | XX事务所]` reads as `评价机构\nXX事务所\n`, like the text version's label
//! line followed by its value line. `<w:tab/>` is a tab, `<w:br/>` a line break. Deleted
//! text (`w:delText`), field codes (`w:instrText`) and Word's auto-numbering are not text.
//! Headers and footers (separate parts) are not read.

use std::io::{Cursor, Read};
use std::path::Path;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::{Document, Format};
use crate::error::{Error, Result};

/// Largest `word/document.xml` accepted once unzipped, in bytes (guards zip bombs).
const MAX_XML_BYTES: u64 = 256 * 1024 * 1024;

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
    let text = document_text(&xml).map_err(fail)?;
    Ok(Document {
        pages: vec![text],
        format: Format::Docx,
        encoding: None,
        pdf_backend: None,
        warnings: Vec::new(),
    })
}

/// The text of a `word/document.xml`: one line per paragraph and per table cell.
///
/// # Errors
/// The XML parser's message (with byte position) for malformed XML.
pub fn document_text(xml: &str) -> std::result::Result<String, String> {
    let mut reader = Reader::from_str(xml);
    let mut out = String::new();
    // Depth inside elements whose text is not document text (w:delText, w:instrText, …).
    let mut skip = 0usize;
    let mut in_text = false;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("malformed XML at byte {}: {e}", reader.error_position()))?;
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
