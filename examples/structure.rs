//! Prints the sections jixiao finds in a report, for debugging the extractor:
//! `cargo run --example structure -- FILE [BYTE_OFFSET]` (with an offset, also prints the
//! normalized text from there).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: structure FILE [BYTE_OFFSET]")?;
    let bytes = std::fs::read(&path)?;
    let doc = jixiao::read::read_bytes(std::path::Path::new(&path), &bytes)?;
    let text = jixiao::normalize::normalize_pages(&doc.pages);
    let dicts = jixiao::Dictionaries::embedded();
    let structure = jixiao::sections::find_structure(&text, &dicts.sections);
    for s in &structure.sections {
        let heading: String = s.heading.chars().take(40).collect();
        println!(
            "{:?} L{} extra{} [{}..{}] {heading}",
            s.kind, s.level, s.extra, s.start, s.end
        );
    }
    if let Some(offset) = std::env::args().nth(2) {
        let mut from: usize = offset.parse()?;
        from = from.min(text.text.len());
        while !text.text.is_char_boundary(from) {
            from += 1;
        }
        let to = text.text[from..]
            .char_indices()
            .nth(300)
            .map_or(text.text.len(), |(i, _)| from + i);
        println!("@@{}", &text.text[from..to]);
    }
    Ok(())
}
