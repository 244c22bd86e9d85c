//! Turns printpdf's document into PDF/A-1b (ISO 19005-1, GB/T 23286.1), working on the
//! lopdf objects: printpdf 0.12.8 cannot write PDF/A itself (no XMP packet, an output
//! intent under a misspelled key, no `/CIDSet`; see shared/design/LIBRARIES.md).

use super::{xmp, DocumentInfo, PdfError};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

/// sRGB IEC 61966-2.1, ICC v2.3 (PDF/A-1 accepts only version 2 profiles), 6,922 bytes.
/// From Debian's `icc-profiles-free` 2.0.1 (`/usr/share/color/icc/sRGB.icc`), made by
/// Little CMS; zlib licence per Debian's copyright file, "no copyright, use freely" in
/// the profile itself. See assets/README.md.
const SRGB_ICC_PROFILE: &[u8] = include_bytes!("../../assets/sRGB.icc");

/// Output intents and metadata streams are PDF 1.4 features, and PDF/A-1 is defined on
/// PDF 1.4; printpdf writes a 1.3 header.
const PDF_VERSION: &str = "1.4";

/// Makes the document PDF/A-1b: version, sRGB output intent, XMP packet, CIDSets.
/// Call after the document information dictionary is final.
pub fn conform(lo: &mut Document, info: &DocumentInfo) -> Result<(), PdfError> {
    lo.version = PDF_VERSION.into();
    add_cid_sets(lo)?;

    // The same profile in every briefing: deflated once per process.
    static DEFLATED_PROFILE: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    let deflated = DEFLATED_PROFILE.get_or_init(|| super::compress::deflate(SRGB_ICC_PROFILE, 9));
    let profile = Stream::new(
        Dictionary::from_iter(vec![
            ("N", Object::Integer(3)),
            ("Alternate", "DeviceRGB".into()),
            ("Filter", "FlateDecode".into()),
        ]),
        deflated.clone(),
    );
    let profile_id = lo.add_object(profile);
    let identifier = || Object::String(b"sRGB IEC61966-2.1".to_vec(), StringFormat::Literal);
    let output_intent = Dictionary::from_iter(vec![
        ("Type", "OutputIntent".into()),
        // Every colour in the content is DeviceRGB, so an RGB intent covers them all.
        ("S", "GTS_PDFA1".into()),
        ("OutputConditionIdentifier", identifier()),
        ("Info", identifier()),
        (
            "RegistryName",
            Object::String(b"http://www.color.org".to_vec(), StringFormat::Literal),
        ),
        ("DestOutputProfile", Object::Reference(profile_id)),
    ]);

    // PDF/A-1 §6.7.2: the packet must stay readable without decoding, so the stream
    // is marked so that lopdf's compress() leaves it alone.
    let metadata = Stream::new(
        Dictionary::from_iter(vec![("Type", "Metadata".into()), ("Subtype", "XML".into())]),
        xmp::packet(info).into_bytes(),
    )
    .with_compression(false);
    let metadata_id = lo.add_object(metadata);

    let catalog = lo
        .catalog_mut()
        .map_err(|e| PdfError::Assembly(format!("no catalog: {e}")))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Dictionary(output_intent)]),
    );
    catalog.set("Metadata", Object::Reference(metadata_id));
    Ok(())
}

/// How the CIDs that the content uses select glyphs in an embedded font program.
enum FontProgram {
    /// `/FontFile3 /Subtype /CIDFontType0C`: a bare CFF table; a CID-keyed one maps
    /// CIDs to glyphs through its charset, a name-keyed one uses CID = glyph index.
    BareCff(Vec<u8>),
    /// `/FontFile2` with `/CIDToGIDMap /Identity`: CID = glyph index.
    TrueType(Vec<u8>),
}

/// PDF/A-1 §6.3.5: a subset CID font's descriptor carries a `/CIDSet` stream, one bit
/// per CID (most significant bit first) for every CID present in the font program.
/// It is computed from the embedded program itself, so it cannot drift from it.
fn add_cid_sets(lo: &mut Document) -> Result<(), PdfError> {
    let mut sets: Vec<(ObjectId, Vec<u8>)> = Vec::new();
    for (descriptor_id, font_name, program) in embedded_cid_fonts(lo)? {
        let cids = present_cids(&program).ok_or_else(|| {
            PdfError::Assembly(format!(
                "font {font_name}: the embedded font program cannot be read"
            ))
        })?;
        sets.push((descriptor_id, cid_bits(&cids)));
    }
    for (descriptor_id, bits) in sets {
        let set_id = lo.add_object(Stream::new(Dictionary::new(), bits));
        let descriptor = lo
            .get_object_mut(descriptor_id)
            .and_then(|o| o.as_dict_mut())
            .map_err(|e| PdfError::Assembly(e.to_string()))?;
        descriptor.set("CIDSet", Object::Reference(set_id));
    }
    Ok(())
}

/// (font descriptor, font name, decoded font program) of every CIDFont in the document.
fn embedded_cid_fonts(lo: &Document) -> Result<Vec<(ObjectId, String, FontProgram)>, PdfError> {
    let fail = |name: &str, what: &str| PdfError::Assembly(format!("font {name}: {what}"));
    let mut found = Vec::new();
    for object in lo.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if !font
            .get(b"Type")
            .and_then(|t| t.as_name())
            .is_ok_and(|t| t == b"Font")
        {
            continue;
        }
        let Ok(subtype) = font.get(b"Subtype").and_then(|t| t.as_name()) else {
            continue;
        };
        if subtype != b"Type0" {
            continue;
        }
        let name = font
            .get(b"BaseFont")
            .and_then(|n| n.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let descendants = font
            .get(b"DescendantFonts")
            .and_then(|d| lo.dereference(d))
            .and_then(|(_, d)| d.as_array())
            .map_err(|_| fail(&name, "no descendant font"))?;
        let descendant = descendants
            .first()
            .ok_or_else(|| fail(&name, "no descendant font"))?;
        let (_, descendant) = lo
            .dereference(descendant)
            .map_err(|e| fail(&name, &e.to_string()))?;
        let descendant = descendant
            .as_dict()
            .map_err(|e| fail(&name, &e.to_string()))?;
        let descriptor_id = descendant
            .get(b"FontDescriptor")
            .and_then(|d| d.as_reference())
            .map_err(|_| fail(&name, "no font descriptor"))?;
        let descriptor = lo
            .get_dictionary(descriptor_id)
            .map_err(|e| fail(&name, &e.to_string()))?;

        let stream_of = |key: &[u8]| -> Option<&Stream> {
            descriptor
                .get(key)
                .and_then(|r| r.as_reference())
                .and_then(|id| lo.get_object(id))
                .and_then(|o| o.as_stream())
                .ok()
        };
        let decoded = |stream: &Stream| -> Result<Vec<u8>, PdfError> {
            if stream.dict.has(b"Filter") {
                stream
                    .decompressed_content()
                    .map_err(|e| fail(&name, &e.to_string()))
            } else {
                Ok(stream.content.clone())
            }
        };
        let program = if let Some(stream) = stream_of(b"FontFile3") {
            let kind = stream
                .dict
                .get(b"Subtype")
                .and_then(|s| s.as_name())
                .unwrap_or(b"");
            if kind != b"CIDFontType0C" {
                // /OpenType font files arrived with PDF 1.6; PDF/A-1 has no place for them.
                return Err(fail(
                    &name,
                    &crate::tr!(
                        "pdf-font-kind",
                        kind = String::from_utf8_lossy(kind).into_owned()
                    ),
                ));
            }
            FontProgram::BareCff(decoded(stream)?)
        } else if let Some(stream) = stream_of(b"FontFile2") {
            let identity = descendant
                .get(b"CIDToGIDMap")
                .and_then(|m| m.as_name())
                .map_or(true, |m| m == b"Identity");
            if !identity {
                return Err(fail(
                    &name,
                    "a CIDToGIDMap other than /Identity is not supported",
                ));
            }
            FontProgram::TrueType(decoded(stream)?)
        } else {
            // PDF/A-1 §6.3.4: every font is embedded.
            return Err(fail(&name, "the font program is not embedded"));
        };
        found.push((descriptor_id, name, program));
    }
    Ok(found)
}

/// The CIDs a font program holds glyphs for, ascending; `None` if it does not parse.
fn present_cids(program: &FontProgram) -> Option<Vec<u16>> {
    let mut cids = match program {
        FontProgram::BareCff(bytes) => {
            let cff = ttf_parser::cff::Table::parse(bytes)?;
            (0..cff.number_of_glyphs())
                .map(|gid| {
                    let gid = ttf_parser::GlyphId(gid);
                    // Name-keyed CFF: the CID is the glyph index.
                    cff.glyph_cid(gid).unwrap_or(gid.0)
                })
                .collect::<Vec<u16>>()
        }
        FontProgram::TrueType(bytes) => {
            let face = ttf_parser::Face::parse(bytes, 0).ok()?;
            (0..face.number_of_glyphs()).collect()
        }
    };
    cids.sort_unstable();
    cids.dedup();
    Some(cids)
}

/// One bit per CID from 0 to the highest present, most significant bit first.
fn cid_bits(cids: &[u16]) -> Vec<u8> {
    let highest = cids.last().copied().unwrap_or(0) as usize;
    let mut bits = vec![0u8; highest / 8 + 1];
    for &cid in cids {
        bits[cid as usize / 8] |= 0x80 >> (cid % 8);
    }
    bits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cid_bits_are_most_significant_first() {
        assert_eq!(cid_bits(&[0]), vec![0b1000_0000]);
        assert_eq!(
            cid_bits(&[0, 7, 8, 17]),
            vec![0b1000_0001, 0b1000_0000, 0b0100_0000]
        );
    }

    #[test]
    fn the_bundled_profile_is_an_icc_v2_rgb_display_profile() {
        // PDF/A-1 (§6.2.2) accepts ICC profiles of version 2 only; /N 3 means RGB.
        assert_eq!(&SRGB_ICC_PROFILE[36..40], b"acsp");
        assert_eq!(SRGB_ICC_PROFILE[8], 2, "major version");
        assert_eq!(&SRGB_ICC_PROFILE[12..16], b"mntr");
        assert_eq!(&SRGB_ICC_PROFILE[16..20], b"RGB ");
        assert_eq!(
            u32::from_be_bytes(SRGB_ICC_PROFILE[0..4].try_into().unwrap()) as usize,
            SRGB_ICC_PROFILE.len()
        );
    }
}
