//! Font loading, per-role fallback chains, glyph metrics and the coverage check.
//!
//! Each font file is read and parsed once per process; the bytes live for the whole
//! process (they are shared by every briefing), so they are leaked on purpose and
//! handed out as `&'static [u8]`.

use crate::config::{Fallbacks, FontConfig, FontSource};
use crate::i18n::{show, tr};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The typographic roles of GB/T 9704 mapped onto the bundled faces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FontRole {
    /// 小标宋: title and masthead.
    Title,
    /// 仿宋/宋: body text.
    Body,
    /// 黑体: first-level headings, tables, charts.
    Heading,
    /// 楷体: second-level headings.
    Kai,
}

impl FontRole {
    pub const ALL: [FontRole; 4] = [
        FontRole::Title,
        FontRole::Body,
        FontRole::Heading,
        FontRole::Kai,
    ];
}

/// Index of a face in the book.
pub type FaceId = usize;

/// One parsed face.
pub struct Face {
    pub source: FontSource,
    /// The file as it was when loaded (device, inode, size, modification time).
    loaded_from: Option<FileIdentity>,
    pub bytes: &'static [u8],
    /// The mapping `bytes` are read from (`None` for an empty file), which the PDF
    /// writer hands to printpdf rather than a copy.
    shared: Option<&'static SharedFontBytes>,
    parsed: ttf_parser::Face<'static>,
    units_per_em: f32,
    /// Font name for metadata and debugging.
    pub name: String,
    /// The glyph of each BMP character once looked up (see [`GlyphCache`]).
    glyphs: GlyphCache,
}

/// The cmap answers of one face for the Basic Multilingual Plane, filled as characters
/// are met. Every character of a briefing is looked up several times (coverage checks,
/// fallback choice, advances, glyph ids) and a CJK font's cmap is a search in a
/// format 4/12 subtable each time; the process makes thousands of briefings from the
/// same few thousand characters. Lock-free so that the rendering threads share it:
/// 0 = not looked up yet, 1 = no glyph, g + 2 = glyph g; 256 KB a face.
struct GlyphCache(Box<[std::sync::atomic::AtomicU32]>);

impl GlyphCache {
    fn new() -> GlyphCache {
        GlyphCache(
            (0..=u16::MAX as usize)
                .map(|_| std::sync::atomic::AtomicU32::new(0))
                .collect(),
        )
    }
}

impl std::fmt::Debug for Face {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Face")
            .field("name", &self.name)
            .field("source", &self.source.written)
            .finish()
    }
}

impl Face {
    /// The mapping [`Face::bytes`] are read from, to share with printpdf; `None` for an
    /// empty file.
    pub fn shared_bytes(&self) -> Option<SharedFontBytes> {
        self.shared.map(Arc::clone)
    }

    /// The glyph that prints `ch`, if the face has one.
    pub fn glyph_id(&self, ch: char) -> Option<u16> {
        use std::sync::atomic::Ordering::Relaxed;
        let look_up = || self.parsed.glyph_index(ch).map(|g| g.0).filter(|&g| g != 0);
        let Some(slot) = self.glyphs.0.get(ch as usize) else {
            return look_up();
        };
        match slot.load(Relaxed) {
            0 => {
                let glyph = look_up();
                slot.store(glyph.map_or(1, |g| u32::from(g) + 2), Relaxed);
                glyph
            }
            1 => None,
            known => Some((known - 2) as u16),
        }
    }

    pub fn has_char(&self, ch: char) -> bool {
        self.glyph_id(ch).is_some()
    }

    /// Horizontal advance of `ch` as a fraction of the em (half an em for a character
    /// the face lacks, as a placeholder's width).
    pub fn advance_em(&self, ch: char) -> f32 {
        self.glyph_id(ch)
            .and_then(|g| self.parsed.glyph_hor_advance(ttf_parser::GlyphId(g)))
            .map(|a| a as f32 / self.units_per_em)
            .unwrap_or(0.5)
    }

    /// Where the ink of `ch`'s glyph starts and ends horizontally, from its origin, as
    /// fractions of the em; none for a blank glyph.
    pub fn ink_em(&self, ch: char) -> Option<(f32, f32)> {
        let glyph = self.parsed.glyph_index(ch)?;
        let bbox = self.parsed.glyph_bounding_box(glyph)?;
        Some((
            bbox.x_min as f32 / self.units_per_em,
            bbox.x_max as f32 / self.units_per_em,
        ))
    }

    /// Ascender as a fraction of the em.
    pub fn ascender_em(&self) -> f32 {
        self.parsed.ascender() as f32 / self.units_per_em
    }
}

#[derive(Debug)]
pub enum FontError {
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    Parse {
        path: PathBuf,
        index: u32,
        reason: String,
    },
}

impl std::fmt::Display for FontError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (message, hint) = match self {
            FontError::Read { path, source } => (
                tr!(
                    "font-unreadable",
                    path = path,
                    error = crate::i18n::io_words(source)
                ),
                tr!("font-unreadable-help"),
            ),
            FontError::Parse {
                path,
                index,
                reason,
            } => (
                tr!(
                    "font-unusable",
                    path = path,
                    index = *index,
                    reason = reason
                ),
                tr!("font-unusable-help"),
            ),
        };
        write!(f, "{message}\n{}", tr!("help-line", hint = hint))
    }
}

impl std::error::Error for FontError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            FontError::Read { source, .. } => Some(source),
            FontError::Parse { .. } => None,
        }
    }
}

/// A character that no font of its role can print, with where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub ch: char,
    pub role: FontRole,
    /// The data field or template the text came from.
    pub origin: String,
}

impl std::fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let role = match self.role {
            FontRole::Title => tr!("font-role-title"),
            FontRole::Body => tr!("font-role-body"),
            FontRole::Heading => tr!("font-role-heading"),
            FontRole::Kai => tr!("font-role-kai"),
        };
        let message = tr!(
            "font-missing-glyph",
            origin = self.origin,
            char = self.ch.to_string(),
            code = format!("{:04X}", self.ch as u32),
            role = role
        );
        let hint = tr!("font-missing-glyph-help");
        write!(f, "{message}\n{}", tr!("help-line", hint = hint))
    }
}

/// The fallback fonts configured for `role`.
fn fallbacks_of(fallbacks: &Fallbacks, role: FontRole) -> &[FontSource] {
    match role {
        FontRole::Title => &fallbacks.title,
        FontRole::Body => &fallbacks.body,
        FontRole::Heading => &fallbacks.heading,
        FontRole::Kai => &fallbacks.kai,
    }
}

/// All faces of a run and the chain each role looks through.
#[derive(Debug)]
pub struct FontBook {
    pub faces: Vec<Face>,
    /// Each role's chain, at `role as usize`: looked up for every character laid out,
    /// where hashing the role cost more than the lookup.
    chains: [Vec<FaceId>; FontRole::ALL.len()],
    /// Changed font files already reported by [`FontBook::newly_changed_files`].
    reported: std::sync::Mutex<std::collections::BTreeSet<PathBuf>>,
}

impl FontBook {
    /// Loads the configured fonts. The first font of each role must load; a fallback
    /// that is missing on this machine (e.g. a system font) is skipped with a warning.
    pub fn load(config: &FontConfig) -> Result<FontBook, FontError> {
        let mut faces: Vec<Face> = Vec::new();
        let mut by_source: HashMap<(PathBuf, u32), FaceId> = HashMap::new();
        let mut load_one =
            |source: &FontSource, faces: &mut Vec<Face>| -> Result<FaceId, FontError> {
                let key = (source.path.clone(), source.index);
                if let Some(&id) = by_source.get(&key) {
                    return Ok(id);
                }
                let face = load_face(source)?;
                faces.push(face);
                by_source.insert(key, faces.len() - 1);
                Ok(faces.len() - 1)
            };
        // Role fonts first, so that their ids do not depend on which fallbacks this
        // machine has installed.
        let mut chains: [Vec<FaceId>; FontRole::ALL.len()] = Default::default();
        for (role, list) in [
            (FontRole::Title, &config.title),
            (FontRole::Body, &config.body),
            (FontRole::Heading, &config.heading),
            (FontRole::Kai, &config.kai),
        ] {
            let mut chain = Vec::new();
            for (i, source) in list.iter().enumerate() {
                match load_one(source, &mut faces) {
                    Ok(id) => chain.push(id),
                    Err(e) if i == 0 => return Err(e),
                    Err(e) => tracing::warn!("font skipped: {e}"),
                }
            }
            chains[role as usize] = chain;
        }
        // Each role's fallbacks after its own fonts: the bold title falls back to a bold
        // face, the 黑体 headings to a sans face.
        for role in FontRole::ALL {
            for source in fallbacks_of(&config.fallbacks, role) {
                match load_one(source, &mut faces) {
                    Ok(id) => {
                        let chain = &mut chains[role as usize];
                        if !chain.contains(&id) {
                            chain.push(id);
                        }
                    }
                    Err(e) => tracing::warn!("fallback font skipped: {e}"),
                }
            }
        }
        Ok(FontBook {
            faces,
            chains,
            reported: Default::default(),
        })
    }

    /// The font files that changed on disk since they were loaded (replaced, or
    /// overwritten in place). The loaded fonts go on being used until the process
    /// starts again.
    pub fn changed_files(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self
            .faces
            .iter()
            .filter(|f| {
                f.loaded_from.is_some()
                    && std::fs::metadata(&f.source.path)
                        .ok()
                        .map(|m| identity_of(&m))
                        != f.loaded_from
            })
            .map(|f| f.source.path.clone())
            .collect();
        out.dedup();
        out
    }

    /// As [`FontBook::changed_files`], but each file once: for a log line per change
    /// rather than one per service step.
    pub fn newly_changed_files(&self) -> Vec<PathBuf> {
        let mut reported = self
            .reported
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.changed_files()
            .into_iter()
            .filter(|path| reported.insert(path.clone()))
            .collect()
    }

    /// The first face of the role's chain that has `ch`.
    pub fn face_for(&self, role: FontRole, ch: char) -> Option<FaceId> {
        self.chains[role as usize]
            .iter()
            .copied()
            .find(|&id| self.faces[id].has_char(ch))
    }

    /// The role's own first face.
    pub fn primary(&self, role: FontRole) -> FaceId {
        self.chains[role as usize][0]
    }

    pub fn face(&self, id: FaceId) -> &Face {
        &self.faces[id]
    }

    /// Checks every character of `text`; whitespace and control characters are skipped
    /// because layout never prints them.
    pub fn check_coverage(
        &self,
        role: FontRole,
        text: &str,
        origin: &str,
        missing: &mut Vec<MissingGlyph>,
    ) {
        for ch in text.chars() {
            if ch.is_whitespace() || ch.is_control() {
                continue;
            }
            if self.face_for(role, ch).is_none()
                && !missing.iter().any(|m| m.ch == ch && m.origin == origin)
            {
                missing.push(MissingGlyph {
                    ch,
                    role,
                    origin: origin.to_string(),
                });
            }
        }
    }
}

/// Whether fonts are mapped from private copies (see [`use_private_copies`]).
static PRIVATE_COPIES: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Makes every font loaded from now on be mapped from a private copy: an unlinked file
/// in the temp folder (`$TMPDIR`, else /tmp) that no other process can open. A long-
/// running process (the service) calls it before it loads its fonts, so that a font
/// file overwritten in place while it runs (`cp new.otf fonts/x.otf`) cannot change the
/// bytes under it: a mapped file that shrinks kills the process with SIGBUS, and one
/// that changes gives glyphs from the wrong font. Copying costs the service a moment
/// at start and the copies' disk space in the temp folder; its resident memory is the
/// same (the copies are mapped like the originals).
pub fn use_private_copies() {
    PRIVATE_COPIES.store(true, std::sync::atomic::Ordering::SeqCst);
}

/// Maps a font file into memory for the life of the process. Mapping rather than
/// reading keeps only the pages in use resident: a fallback collection of 20 MB of
/// which a briefing uses a few glyphs costs the service little while it waits.
/// `None` for an empty file, which cannot be mapped (ttf-parser then says what is wrong).
fn map_font(path: &std::path::Path) -> std::io::Result<Option<&'static SharedFontBytes>> {
    // Only a regular file: a link to a FIFO would block every run, a device never ends.
    let (mut file, metadata) = crate::yaml::open_regular(path)?;
    // SAFETY (the map below): the mapping is read-only. A short run maps the installed
    // file: replacing a font is done by rename, which leaves this mapping on the old
    // file. The service maps a private copy that nothing else can write. An empty file
    // cannot be mapped.
    if metadata.len() == 0 {
        return Ok(None);
    }
    // A file mapped before (the fonts loaded again: a reloaded config, the stage
    // benchmarks) is not mapped and leaked again; a changed file is a new identity.
    let identity = identity_of(&metadata);
    let mut mapped = mapped_files();
    if let Some(shared) = mapped.get(&identity) {
        return Ok(Some(shared));
    }
    // The files are closed when this returns; the mappings keep them (an unlinked
    // private copy included, which then no process can open).
    let map = if PRIVATE_COPIES.load(std::sync::atomic::Ordering::SeqCst) {
        let mut copy = tempfile::tempfile()?;
        let copied = std::io::copy(&mut file, &mut copy)?;
        if copied != metadata.len() || identity_of(&file.metadata()?) != identity {
            return Err(std::io::Error::other(tr!("font-changed-while-read")));
        }
        unsafe { mmapio::Mmap::map(&copy)? }
    } else {
        unsafe { mmapio::Mmap::map(&file)? }
    };
    let shared: &'static SharedFontBytes =
        Box::leak(Box::new(Arc::new(rust_fontconfig::FontBytes::Mmapped(map))));
    mapped.insert(identity, shared);
    Ok(Some(shared))
}

/// A font file's mapping, held in the type printpdf takes a face's bytes in
/// (rust-fontconfig's `FontBytes`), so that the PDF writer shares it: printpdf's own
/// `ParsedFont::from_bytes` would copy the whole file into the heap, twice.
pub type SharedFontBytes = Arc<rust_fontconfig::FontBytes>;

fn identity_of(metadata: &std::fs::Metadata) -> FileIdentity {
    use std::os::unix::fs::MetadataExt;
    (
        metadata.dev(),
        metadata.ino(),
        metadata.len(),
        metadata.mtime(),
        metadata.mtime_nsec(),
    )
}

type FileIdentity = (u64, u64, u64, i64, i64);

type MappedFiles = HashMap<FileIdentity, &'static SharedFontBytes>;

fn mapped_files() -> std::sync::MutexGuard<'static, MappedFiles> {
    static MAPPED: std::sync::OnceLock<std::sync::Mutex<MappedFiles>> = std::sync::OnceLock::new();
    MAPPED
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Drops the font pages this process has read from its resident memory; they are read
/// again from the page cache or the disk when next used. The service calls this after
/// each step, so that the pages a briefing touched (subsetting reads whole fonts) do
/// not count against it while it waits.
pub fn release_pages() {
    for shared in mapped_files().values() {
        let map = shared.as_slice();
        // SAFETY: each is a whole read-only mapping of a file (page-aligned, never
        // written through), so dropping its pages loses nothing: a later read faults
        // them in from the file. madvise reads no memory.
        let status = unsafe {
            libc::madvise(
                map.as_ptr() as *mut libc::c_void,
                map.len(),
                libc::MADV_DONTNEED,
            )
        };
        if status != 0 {
            let e = std::io::Error::last_os_error();
            tracing::debug!("could not release font pages: {e}");
        }
    }
}

fn load_face(source: &FontSource) -> Result<Face, FontError> {
    let shared = map_font(&source.path).map_err(|e| FontError::Read {
        path: source.path.clone(),
        source: e,
    })?;
    let bytes: &'static [u8] = shared.map_or(&[], |shared| shared.as_slice());
    let parsed = ttf_parser::Face::parse(bytes, source.index).map_err(|e| FontError::Parse {
        path: source.path.clone(),
        index: source.index,
        reason: tr!("font-parser-said", detail = show(e)),
    })?;
    if parsed.number_of_glyphs() < 2 || parsed.tables().cmap.is_none() {
        return Err(FontError::Parse {
            path: source.path.clone(),
            index: source.index,
            reason: tr!("font-no-cmap"),
        });
    }
    let name = parsed
        .names()
        .into_iter()
        .find(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .and_then(|n| n.to_string())
        .unwrap_or_else(|| source.written.clone());
    Ok(Face {
        loaded_from: std::fs::metadata(&source.path)
            .ok()
            .map(|m| identity_of(&m)),
        units_per_em: parsed.units_per_em() as f32,
        glyphs: GlyphCache::new(),
        parsed,
        bytes,
        shared,
        source: source.clone(),
        name,
    })
}

#[cfg(test)]
mod tests {
    use super::map_font;
    use std::io::Write;

    fn mapped_bytes(path: &std::path::Path) -> &'static [u8] {
        map_font(path)
            .unwrap()
            .map_or(&[], |shared| shared.as_slice())
    }

    #[test]
    fn a_private_copy_survives_the_file_being_overwritten_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("font.otf");
        std::fs::write(&path, vec![7u8; 100_000]).unwrap();
        super::use_private_copies();
        let mapped = mapped_bytes(&path);
        // `cp` over the file: truncated, then written shorter. A map of the file itself
        // would raise SIGBUS on reading past the new end.
        std::fs::write(&path, b"short").unwrap();
        assert_eq!(mapped.len(), 100_000);
        assert!(mapped.iter().all(|&b| b == 7));
    }

    #[test]
    fn a_font_file_is_mapped_once_until_it_changes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("font.otf");
        std::fs::write(&path, b"first").unwrap();
        let a = mapped_bytes(&path);
        let b = mapped_bytes(&path);
        assert_eq!(a, b"first");
        assert!(std::ptr::eq(a, b), "the second load reuses the first map");
        // Replaced by rename, as installers do: a new file, a new map; the old map stays valid.
        let next = dir.path().join("font.otf.new");
        std::fs::File::create(&next)
            .unwrap()
            .write_all(b"second!")
            .unwrap();
        std::fs::rename(&next, &path).unwrap();
        let c = mapped_bytes(&path);
        assert_eq!(c, b"second!");
        assert_eq!(a, b"first");
    }
}
