//! Every briefing is PDF/A-1b (ISO 19005-1 = GB/T 23286.1). Apache PDFBox Preflight,
//! a validator no one here wrote, judges the real binary's output; lopdf reads the
//! files back to check what Preflight does not look at closely.

mod common;
use common::*;
use lopdf::content::Content;
use lopdf::{Dictionary, Document, Object};
use std::collections::BTreeSet;
use std::path::PathBuf;

/// Both sample briefings (湘潭市 and 示例市), made by the binary in a scratch project.
fn sample_briefings() -> (Project, Vec<PathBuf>) {
    let project = Project::new();
    let run = project.run(&["--now"]);
    run.assert_ok();
    let pdfs: Vec<PathBuf> = run.pdfs().iter().map(|p| project.path().join(p)).collect();
    assert_eq!(pdfs.len(), 2, "{}", run.stdout);
    (project, pdfs)
}

fn assert_valid_pdfa_1b(pdf: &std::path::Path) {
    let check = preflight_pdfa_1b(pdf);
    assert!(
        check.code == 0 && check.stdout.contains("is a valid PDF/A-1b file"),
        "Preflight rejects {} (exit code {}):\n{}{}",
        pdf.display(),
        check.code,
        check.stdout,
        check.stderr
    );
}

#[test]
fn both_sample_briefings_pass_pdfa_1b_preflight() {
    let (_project, pdfs) = sample_briefings();
    for pdf in &pdfs {
        assert_valid_pdfa_1b(pdf);
    }
}

/// The body font switched to the TrueType 楷体 face: printpdf embeds that as a
/// CIDFontType2 with /FontFile2, a different path from the CFF faces of the samples.
#[test]
fn a_briefing_set_in_a_truetype_font_passes_pdfa_1b_preflight() {
    let project = Project::new();
    let config = project.read("config/briefing.yaml");
    let body_line = config
        .lines()
        .find(|l| l.trim_start().starts_with("body:"))
        .expect("the config names a body font")
        .to_owned();
    project.write(
        "config/briefing.yaml",
        config
            .replace(&body_line, "  body: [../fonts/SwbKai-Regular-GB2312.ttf]")
            .as_bytes(),
    );
    let run = project.run(&["--now", "--region", "430300"]);
    run.assert_ok();
    let pdf = project.path().join(&run.pdfs()[0]);
    let fonts = tool("pdffonts", &[pdf.to_str().unwrap()]);
    assert!(
        fonts.stdout.contains("SwbKai-Regular") && fonts.stdout.contains("CID TrueType"),
        "the TrueType face is not in use:\n{}",
        fonts.stdout
    );
    assert_valid_pdfa_1b(&pdf);
}

/// A PDF text string: UTF-16BE after a byte-order mark, or PDFDocEncoding (ASCII here).
fn text_of(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => String::from_utf16(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect::<Vec<_>>(),
        )
        .expect("UTF-16BE"),
        None => String::from_utf8(bytes.to_vec()).expect("ASCII"),
    }
}

/// The raw inside of the first `<tag ...>...</tag>` element in the packet.
fn xml_inner<'a>(xml: &'a str, tag: &str) -> &'a str {
    let open = xml
        .find(&format!("<{tag}"))
        .unwrap_or_else(|| panic!("<{tag}> missing from the XMP packet:\n{xml}"));
    let start = open + xml[open..].find('>').unwrap() + 1;
    let end = start
        + xml[start..]
            .find(&format!("</{tag}>"))
            .unwrap_or_else(|| panic!("</{tag}> missing"));
    &xml[start..end]
}

/// The text of an element holding only text, with the XML escapes undone.
fn xml_element(xml: &str, tag: &str) -> String {
    let inner = xml_inner(xml, tag);
    assert!(!inner.contains('<'), "<{tag}> holds markup: {inner}");
    inner
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&#xD;", "\r")
        .replace("&amp;", "&")
}

/// `D:20240105100000+08'00'` as `2024-01-05T10:00:00+08:00`.
fn pdf_date_as_xmp(date: &str) -> String {
    let d = date.strip_prefix("D:").expect("a PDF date");
    format!(
        "{}-{}-{}T{}:{}:{}{}:{}",
        &d[0..4],
        &d[4..6],
        &d[6..8],
        &d[8..10],
        &d[10..12],
        &d[12..14],
        &d[14..17],
        &d[18..20]
    )
}

#[test]
fn xmp_packet_is_uncompressed_and_agrees_with_the_info_dictionary() {
    let (_project, pdfs) = sample_briefings();
    for pdf in &pdfs {
        let bytes = std::fs::read(pdf).unwrap();
        let doc = Document::load_mem(&bytes).unwrap();
        let metadata_id = doc
            .catalog()
            .unwrap()
            .get(b"Metadata")
            .and_then(Object::as_reference)
            .expect("the catalog has /Metadata");
        let stream = doc
            .get_object(metadata_id)
            .and_then(Object::as_stream)
            .expect("/Metadata is a stream");
        assert!(
            !stream.dict.has(b"Filter"),
            "the XMP stream is compressed in {}: {:?}",
            pdf.display(),
            stream.dict
        );
        assert_eq!(
            stream.dict.get(b"Type").and_then(Object::as_name).unwrap(),
            b"Metadata"
        );
        assert_eq!(
            stream
                .dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .unwrap(),
            b"XML"
        );
        let xml = String::from_utf8(stream.content.clone()).expect("the packet is UTF-8");
        // Readable straight from the file bytes, as PDF/A asks of metadata.
        let packet_start = bytes
            .windows(9)
            .position(|w| w == b"<?xpacket")
            .expect("the packet is not readable in the raw file");
        assert!(bytes[packet_start..].starts_with(&xml.as_bytes()[..200]));

        assert_eq!(xml_element(&xml, "pdfaid:part"), "1");
        assert_eq!(xml_element(&xml, "pdfaid:conformance"), "B");

        let info_id = doc
            .trailer
            .get(b"Info")
            .and_then(Object::as_reference)
            .unwrap();
        let info = doc.get_dictionary(info_id).unwrap();
        let entry = |key: &str| {
            text_of(
                info.get(key.as_bytes())
                    .unwrap_or_else(|_| panic!("Info has no /{key}")),
            )
        };
        let title = entry("Title");
        assert!(title.contains("社会工作人才队伍建设情况"), "{title}");
        let dc_title = xml_element(xml_inner(&xml, "dc:title"), "rdf:li");
        assert_eq!(
            dc_title,
            title,
            "dc:title differs from the Info Title in {}",
            pdf.display()
        );
        assert_eq!(
            xml_element(xml_inner(&xml, "dc:creator"), "rdf:li"),
            entry("Author")
        );
        assert_eq!(
            xml_element(xml_inner(&xml, "dc:description"), "rdf:li"),
            entry("Subject")
        );
        assert_eq!(xml_element(&xml, "pdf:Keywords"), entry("Keywords"));
        assert_eq!(xml_element(&xml, "pdf:Producer"), entry("Producer"));
        assert_eq!(xml_element(&xml, "xmp:CreatorTool"), entry("Creator"));
        assert_eq!(
            xml_element(&xml, "xmp:CreateDate"),
            pdf_date_as_xmp(&entry("CreationDate"))
        );
        assert_eq!(
            xml_element(&xml, "xmp:ModifyDate"),
            pdf_date_as_xmp(&entry("ModDate"))
        );
        assert_eq!(
            xml_element(&xml, "xmp:CreateDate"),
            "2024-01-05T10:00:00+08:00",
            "the fixed test clock, in Shanghai time"
        );
    }
}

#[test]
fn output_intent_is_srgb_for_pdfa_1() {
    let (_project, pdfs) = sample_briefings();
    for pdf in &pdfs {
        let doc = Document::load(pdf).unwrap();
        assert_eq!(doc.version, "1.4", "PDF/A-1 is based on PDF 1.4");
        let intents = doc
            .catalog()
            .unwrap()
            .get(b"OutputIntents")
            .and_then(Object::as_array)
            .expect("/OutputIntents");
        assert_eq!(intents.len(), 1);
        let intent = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
        assert_eq!(
            intent.get(b"S").and_then(Object::as_name).unwrap(),
            b"GTS_PDFA1"
        );
        assert_eq!(
            intent
                .get(b"OutputConditionIdentifier")
                .and_then(Object::as_str)
                .unwrap(),
            b"sRGB IEC61966-2.1"
        );
        let profile_id = intent
            .get(b"DestOutputProfile")
            .and_then(Object::as_reference)
            .expect("/DestOutputProfile");
        let profile = doc
            .get_object(profile_id)
            .and_then(Object::as_stream)
            .unwrap();
        assert_eq!(profile.dict.get(b"N").and_then(Object::as_i64).unwrap(), 3);
        let icc = profile.decompressed_content().unwrap();
        assert_eq!(&icc[16..20], b"RGB ", "an RGB profile");
        assert_eq!(icc[8], 2, "PDF/A-1 takes ICC version 2 profiles");
        assert!(!doc.trailer.has(b"GTS_PDFXVersion"));
        let info = doc
            .get_dictionary(
                doc.trailer
                    .get(b"Info")
                    .and_then(Object::as_reference)
                    .unwrap(),
            )
            .unwrap();
        assert!(
            !info.has(b"GTS_PDFXVersion"),
            "printpdf's PDF/X key leaked into Info"
        );
    }
}

/// The CIDs shown with each font (by its /BaseFont), from the page content streams.
fn cids_shown(doc: &Document) -> std::collections::BTreeMap<Vec<u8>, BTreeSet<u16>> {
    let mut shown: std::collections::BTreeMap<Vec<u8>, BTreeSet<u16>> = Default::default();
    for page_id in doc.get_pages().into_values() {
        let fonts = doc.get_page_fonts(page_id).unwrap();
        let content = Content::decode(&doc.get_page_content(page_id)).unwrap();
        let mut current: Option<Vec<u8>> = None;
        for op in content.operations {
            match op.operator.as_str() {
                "Tf" => {
                    let resource = op.operands[0].as_name().unwrap();
                    current = Some(
                        fonts[resource]
                            .get(b"BaseFont")
                            .and_then(Object::as_name)
                            .unwrap()
                            .to_vec(),
                    );
                }
                "Tj" | "TJ" => {
                    let strings: Vec<&Object> = match &op.operands[0] {
                        Object::Array(items) => items
                            .iter()
                            .filter(|o| matches!(o, Object::String(..)))
                            .collect(),
                        s => vec![s],
                    };
                    let set = shown
                        .entry(current.clone().expect("text shown before Tf"))
                        .or_default();
                    for s in strings {
                        // Identity-H: two bytes per code, the code is the CID.
                        set.extend(
                            s.as_str()
                                .unwrap()
                                .chunks(2)
                                .map(|c| u16::from_be_bytes([c[0], c[1]])),
                        );
                    }
                }
                _ => {}
            }
        }
    }
    shown
}

#[test]
fn every_subset_font_has_a_cidset_covering_the_cids_it_shows() {
    let (_project, pdfs) = sample_briefings();
    for pdf in &pdfs {
        let doc = Document::load(pdf).unwrap();
        let shown = cids_shown(&doc);
        assert!(
            shown.len() >= 3,
            "expected the serif, bold serif and sans faces: {:?}",
            shown.keys()
        );
        let mut checked = 0;
        for object in doc.objects.values() {
            let Ok(composite) = object.as_dict() else {
                continue;
            };
            if !composite
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|s| s == b"Type0")
            {
                continue;
            }
            let descendants = doc
                .dereference(composite.get(b"DescendantFonts").unwrap())
                .unwrap()
                .1
                .as_array()
                .unwrap();
            let font = doc
                .dereference(&descendants[0])
                .unwrap()
                .1
                .as_dict()
                .unwrap();
            let name = font.get(b"BaseFont").and_then(Object::as_name).unwrap();
            checked += 1;
            let descriptor: &Dictionary = doc
                .get_dictionary(
                    font.get(b"FontDescriptor")
                        .and_then(Object::as_reference)
                        .unwrap(),
                )
                .unwrap();
            let set_id = descriptor
                .get(b"CIDSet")
                .and_then(Object::as_reference)
                .unwrap_or_else(|_| panic!("{} has no /CIDSet", String::from_utf8_lossy(name)));
            let bits = doc
                .get_object(set_id)
                .and_then(Object::as_stream)
                .unwrap()
                .decompressed_content()
                .unwrap();
            let in_set = |cid: u16| {
                bits.get(cid as usize / 8)
                    .is_some_and(|b| b & (0x80 >> (cid % 8)) != 0)
            };
            assert!(in_set(0), "CID 0 (.notdef) is always in the font program");
            let used = &shown[name];
            let missing: Vec<u16> = used.iter().copied().filter(|&cid| !in_set(cid)).collect();
            assert!(
                missing.is_empty(),
                "{}: CIDs shown but not in /CIDSet: {missing:?}",
                String::from_utf8_lossy(name)
            );
            // A subset holds what is shown and .notdef, nothing more.
            let set_size: u32 = bits.iter().map(|b| b.count_ones()).sum();
            assert_eq!(
                set_size as usize,
                used.len() + usize::from(!used.contains(&0)),
                "{}: /CIDSet is not the subset",
                String::from_utf8_lossy(name)
            );
        }
        assert_eq!(
            checked,
            shown.len(),
            "every font that shows text was checked"
        );
    }
}
