//! Chinese fonts for every piece of text the window draws.
//!
//! PlanScope ships a Simplified Chinese subset of Noto Sans CJK (GB2312, CJK
//! punctuation and every character of the bundled plans, see
//! `assets/fonts/make_subset.py`) and puts it first in both the proportional and the
//! monospace families, so that glyphs shared by several CJK locales take their
//! Simplified Chinese shapes. Characters the subset lacks (rare hanzi in an imported
//! plan) are looked up lazily in the CJK fonts installed on the system.

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use egui::epaint::text::{FallbackRequest, FontInsert, FontPriority, InsertFontFamily};
use egui::{FontData, FontDefinitions, FontFamily};
use skrifa::MetadataProvider as _;

/// The bundled font, compiled into the binary so that a fresh install renders Chinese.
const BUNDLED_SC: &[u8] = include_bytes!("../../assets/fonts/NotoSansSC-PlanScope.otf");

/// Name of the bundled font in egui's font definitions.
pub const BUNDLED_NAME: &str = "NotoSansSC-PlanScope";

/// Installs the bundled CJK font first in every family and the system CJK fallback.
/// Call once on a fresh context (the app and the UI tests both do).
pub fn install_fonts(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
    ctx.add_font_provider(Arc::new(system_cjk_fallback));
}

/// egui's default fonts with the bundled Simplified Chinese face in front of them.
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        BUNDLED_NAME.to_owned(),
        Arc::new(FontData::from_static(BUNDLED_SC)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .insert(0, BUNDLED_NAME.to_owned());
    }
    fonts
}

/// One system font file (and face index inside a collection).
struct SystemFont {
    name: String,
    bytes: Arc<Vec<u8>>,
    index: u32,
}

/// Known places of CJK fonts on Linux distributions, best first, with the face index
/// of the Simplified Chinese face inside collections.
const SYSTEM_CANDIDATES: &[(&str, u32)] = &[
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),
    ("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
        2,
    ),
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    (
        "/usr/share/fonts/adobe-source-han-sans/SourceHanSansSC-Regular.otf",
        0,
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    (
        "/usr/share/fonts/wenquanyi/wqy-microhei/wqy-microhei.ttc",
        0,
    ),
    (
        "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
        0,
    ),
    ("/System/Library/Fonts/PingFang.ttc", 0),
    ("C:\\Windows\\Fonts\\msyh.ttc", 0),
    ("C:\\Windows\\Fonts\\simsun.ttc", 0),
];

/// The system CJK fonts that exist here, read once, on the first character the bundled
/// font cannot draw (so a normal start never touches them).
fn system_fonts() -> &'static [SystemFont] {
    static FONTS: OnceLock<Vec<SystemFont>> = OnceLock::new();
    FONTS.get_or_init(|| {
        SYSTEM_CANDIDATES
            .iter()
            .filter_map(|(path, index)| load_system_font(Path::new(path), *index))
            .collect()
    })
}

fn load_system_font(path: &Path, index: u32) -> Option<SystemFont> {
    let bytes = std::fs::read(path).ok()?;
    // A file that is not a font (or lacks the face) is skipped, not fatal.
    skrifa::FontRef::from_index(&bytes, index).ok()?;
    let name = PathBuf::from(path)
        .file_stem()
        .map(|s| format!("system-{}-{index}", s.to_string_lossy()))?;
    Some(SystemFont {
        name,
        bytes: Arc::new(bytes),
        index,
    })
}

/// A discovering font provider: the first system CJK font with a glyph for the
/// requested character.
fn system_cjk_fallback(request: &FallbackRequest<'_>) -> Option<FontInsert> {
    let c = request.cluster.chars().next()?;
    // Only ideographs and CJK symbols: other scripts are not this provider's business.
    if !is_cjk(c) {
        return None;
    }
    let font = system_fonts().iter().find(|font| {
        skrifa::FontRef::from_index(font.bytes.as_slice(), font.index)
            .is_ok_and(|f| f.charmap().map(c).is_some())
    })?;
    let blob: egui::epaint::text::Blob = font.bytes.clone();
    let data = FontData::from_blob(blob, font.index);
    let families = [FontFamily::Proportional, FontFamily::Monospace]
        .into_iter()
        .map(|family| InsertFontFamily {
            family,
            priority: FontPriority::Lowest,
        })
        .collect();
    Some(FontInsert::new(&font.name, data, families))
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFFEF | 0x20000..=0x3134F)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_covers_gb2312_samples_and_corpus_words() {
        let font = skrifa::FontRef::new(BUNDLED_SC).unwrap();
        let map = font.charmap();
        for c in
            "责任单位牵头配合目标工程专栏省工业和信息化厅数字强省十四五“”（）、。：；５Ｇ".chars()
        {
            assert!(map.map(c).is_some(), "bundled font lacks {c}");
        }
    }

    #[test]
    fn bundled_font_is_first_in_both_families() {
        let defs = definitions();
        for family in [FontFamily::Proportional, FontFamily::Monospace] {
            assert_eq!(defs.families[&family][0], BUNDLED_NAME);
        }
    }

    #[test]
    fn only_cjk_is_sent_to_system_fonts() {
        assert!(is_cjk('龘'));
        assert!(is_cjk('，'));
        assert!(!is_cjk('a'));
        assert!(!is_cjk('é'));
    }
}
