//! Deflates the document's streams (`/FlateDecode`) at a level chosen per kind of
//! stream, instead of lopdf's `compress()`, which deflates every stream at the best
//! level with a compressor built (and its tables zeroed) for each stream.
//!
//! libdeflate, not zlib: a PDF stream is deflated from one buffer in one call, which is
//! what libdeflate is made for, and on these streams it gave zlib-rs's bytes at level 9
//! in about half the work (BENCHMARKS.md, "Issue 17", table "libdeflate, by level").
//! The embedded font programs are three quarters of a briefing's bytes and deflate
//! gains only about 17% on CFF charstrings at any level, and level 1 already gets 95%
//! of level 6's gain (the programs of 12 briefings: 1,012,954 bytes raw, 851,333 at 1,
//! 846,372 at 2, 843,464 at 6, 842,194 at 9), for half of level 6's work and a third
//! of level 9's. Level 1 is used for them: deflating font programs was the largest
//! single cost of a national run, and the 650 bytes it adds to a briefing (0.7%) keep
//! the archive's bytes under issue 17's 0.9 of Typst's. Levels 10 to 12 (optimal
//! parses) would save 0.6% for 2.5 times level 9's work. Content and ToUnicode
//! streams give the same bytes at 8 as at 9; level 5 costs 0.7% more of them (about 85
//! bytes a briefing) for 2.4% fewer instructions in all (level 4: 600 bytes more for
//! another 0.7%). The briefings had room for that once the CIDs of a subset were
//! numbered by glyph (printpdf patch item 7).

use libdeflater::{CompressionLvl, Compressor};
use lopdf::{Document, Object, Stream};
use std::cell::RefCell;

/// The level for embedded font programs (`/FontFile2`, `/FontFile3`).
const FONT_PROGRAM_LEVEL: u32 = 1;
/// The level for every other stream: page content, ToUnicode maps, CIDSets.
const OTHER_LEVEL: u32 = 5;

/// Deflates every stream that allows it and has no filter yet, as lopdf would (keeping
/// the plain bytes when deflating saves too little), but at [`level_for`]'s level.
pub fn compress(lo: &mut Document) {
    for object in lo.objects.values_mut() {
        if let Object::Stream(stream) = object {
            if stream.allows_compression && !stream.dict.has(b"Filter") {
                let level = level_for(stream);
                deflate_stream(stream, level);
            }
        }
    }
}

/// Deflates `stream`'s content at `level` and marks it `/FlateDecode`, unless that
/// saves too little (lopdf's rule: the filter entry costs about 19 bytes).
fn deflate_stream(stream: &mut Stream, level: u32) {
    let deflated = deflate(&stream.content, level);
    if deflated.len() + 19 < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(deflated);
    }
}

/// A font program is recognised by what printpdf writes in its stream dictionary: the
/// `/Subtype` of a `/FontFile3` or the `/Length1` of a `/FontFile2`.
fn level_for(stream: &Stream) -> u32 {
    let font_program = stream.dict.has(b"Length1")
        || stream
            .dict
            .get(b"Subtype")
            .and_then(|s| s.as_name())
            .is_ok_and(|s| matches!(s, b"CIDFontType0C" | b"Type1C" | b"OpenType"));
    if font_program {
        FONT_PROGRAM_LEVEL
    } else {
        OTHER_LEVEL
    }
}

/// zlib-wrapped deflate of `data` (what `/FlateDecode` reads), by libdeflate: a whole
/// buffer at once, which is all a PDF stream needs, at about half zlib's work for the
/// same bytes. One compressor per level and thread is kept: building one allocates its
/// hash tables, which costs as much as deflating a small stream.
pub fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: RefCell<Vec<Option<Compressor>>> = RefCell::new((0..=12).map(|_| None).collect());
    }
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let compressor = compressors[level as usize].get_or_insert_with(|| {
            Compressor::new(CompressionLvl::new(level as i32).expect("levels are 0 to 12"))
        });
        let mut out = vec![0; compressor.zlib_compress_bound(data.len())];
        let written = compressor
            .zlib_compress(data, &mut out)
            .expect("the output buffer is as large as libdeflate's bound");
        out.truncate(written);
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn inflate(bytes: &[u8]) -> Vec<u8> {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(bytes)
            .read_to_end(&mut out)
            .unwrap();
        out
    }

    #[test]
    fn a_reused_compressor_gives_what_a_new_one_gives() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{} {} Td ", i % 97, i % 13).into_bytes())
            .collect();
        let first = deflate(&text, 9);
        let second = deflate(&text, 9);
        assert_eq!(first, second);
        assert_eq!(inflate(&first), text);
        assert!(first.len() < text.len() / 4, "{} bytes", first.len());
        let fast = deflate(&text[..100], 4);
        assert_eq!(inflate(&fast), &text[..100]);
        assert_eq!(inflate(&deflate(b"", 9)), b"");
    }

    #[test]
    fn font_programs_get_their_own_level_and_small_streams_stay_plain() {
        let mut lo = Document::with_version("1.4");
        let font = lo.add_object(Stream::new(
            lopdf::Dictionary::from_iter(vec![("Subtype", "CIDFontType0C".into())]),
            vec![b'a'; 5000],
        ));
        let tiny = lo.add_object(Stream::new(lopdf::Dictionary::new(), b"q Q".to_vec()));
        let kept = lo.add_object(
            Stream::new(lopdf::Dictionary::new(), vec![b' '; 5000]).with_compression(false),
        );
        assert_eq!(
            level_for(lo.get_object(font).unwrap().as_stream().unwrap()),
            FONT_PROGRAM_LEVEL
        );
        compress(&mut lo);
        let font = lo.get_object(font).unwrap().as_stream().unwrap();
        assert!(font.dict.has(b"Filter"));
        assert_eq!(inflate(&font.content), vec![b'a'; 5000]);
        let tiny = lo.get_object(tiny).unwrap().as_stream().unwrap();
        assert!(!tiny.dict.has(b"Filter"));
        let kept = lo.get_object(kept).unwrap().as_stream().unwrap();
        assert!(!kept.dict.has(b"Filter"));
        assert_eq!(kept.content.len(), 5000);
    }
}
