//! Bytes of a plain-text plan → Rust text. Plans arrive in whatever encoding the
//! office that wrote them used: UTF-8 (with or without BOM), UTF-16 LE/BE (with a
//! BOM, or without one — recognised by where the NUL bytes fall), or GB18030/GBK
//! (guessed by the detector, biased towards Chinese). Nobody is asked. The only
//! changes made to the text are removing the BOM and turning `\r\n`/`\r` into `\n`;
//! everything else is left to the parser. Text that turns out to be binary data is
//! refused here, so later stages only ever see real text.

use chardetng::{EncodingDetector, Iso2022JpDetection, Utf8Detection};
use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

/// Why bytes could not become text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum DecodeProblem {
    /// No bytes, or nothing but whitespace once decoded.
    Empty,
    /// Binary data (or text so broken that it cannot be trusted).
    NotText,
}

/// How much of a file the encoding detector looks at.
const DETECTION_SAMPLE_BYTES: usize = 1024 * 1024;

/// The sentence shown for [`DecodeProblem::NotText`].
pub(crate) const NOT_TEXT: &str = "this is not a text file (it looks like binary data); \
PlanScope reads plans saved as text, Word (.docx, .doc), WPS, PDF, OFD, web pages or \
spreadsheets";

/// Decodes a plain-text file of unknown encoding.
pub(crate) fn decode_text(bytes: &[u8]) -> Result<String, DecodeProblem> {
    if bytes.is_empty() {
        return Err(DecodeProblem::Empty);
    }
    let text = if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        text.into_owned()
    } else if bytes.contains(&0) {
        // Text in a single-byte or multi-byte encoding never contains NUL; UTF-16
        // does (every ASCII character carries one). Anything else with NULs is binary.
        utf16_without_bom(bytes).ok_or(DecodeProblem::NotText)?
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        text.to_owned()
    } else {
        let mut detector = EncodingDetector::new(Iso2022JpDetection::Deny);
        // A prefix decides as well as the whole and keeps big files fast; `last`
        // is false unless the prefix is the whole file, as the detector requires.
        let sample = &bytes[..bytes.len().min(DETECTION_SAMPLE_BYTES)];
        detector.feed(sample, sample.len() == bytes.len());
        // The ".cn" hint makes the detector prefer GBK/GB18030 when a text could be
        // read either way, which is right for the plans PlanScope reads.
        let encoding = detector.guess(Some(b"cn"), Utf8Detection::Allow);
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        text.into_owned()
    };
    finish(text)
}

/// Normalises line ends, removes a stray BOM character left at the start, and
/// refuses text that is empty or mostly control / replacement characters.
pub(crate) fn finish(text: String) -> Result<String, DecodeProblem> {
    let text = normalise_line_ends(text);
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    if text.trim().is_empty() {
        return Err(DecodeProblem::Empty);
    }
    if !looks_like_text(&text) {
        return Err(DecodeProblem::NotText);
    }
    Ok(text)
}

/// `\r\n` and lone `\r` become `\n`.
pub(crate) fn normalise_line_ends(text: String) -> String {
    if !text.contains('\r') {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' {
            if chars.peek() == Some(&'\n') {
                chars.next();
            }
            out.push('\n');
        } else {
            out.push(c);
        }
    }
    out
}

/// True when at most 2 % of the characters are control characters (other than
/// line feed, tab and form feed) or U+FFFD replacement characters. Binary data read
/// as text fails this by a wide margin; a real text with one stray byte passes.
pub(crate) fn looks_like_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\u{fffd}' || (c.is_control() && !matches!(c, '\n' | '\t' | '\x0c')) {
            bad += 1;
        }
    }
    bad * 50 <= total
}

/// Reads UTF-16 without a BOM. Both byte orders are decoded and the one whose
/// characters look most like a plan wins: in the wrong order Chinese characters turn
/// into scattered code points of unrelated scripts, and ASCII into characters of
/// the form U+xx00 with line feeds and spaces lost. Neither order fitting → `None`.
fn utf16_without_bom(bytes: &[u8]) -> Option<String> {
    let candidates = [UTF_16LE, UTF_16BE].map(|encoding| {
        let (text, _) = encoding.decode_without_bom_handling(bytes);
        let total = text.chars().count().max(1);
        let expected = text.chars().filter(|&c| is_expected(c)).count();
        (expected, total, text)
    });
    let [le, be] = candidates;
    // Ties go to little-endian, the order Windows writes.
    let (expected, total, text) = if be.0 > le.0 { be } else { le };
    // Binary data decoded either way leaves most characters outside the expected set.
    (expected * 10 >= total * 8).then(|| text.into_owned())
}

/// Characters a Chinese plan is made of: ASCII text, Latin letters, common
/// punctuation and symbols, CJK ideographs and punctuation, full-width forms.
fn is_expected(c: char) -> bool {
    matches!(c,
        '\t' | '\n' | '\r' | '\x0c'
        | ' '..='~'
        | '\u{a0}'..='\u{24f}'
        | '\u{391}'..='\u{3c9}'
        | '\u{401}'..='\u{451}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205e}'
        | '\u{2100}'..='\u{22ff}'
        | '\u{2460}'..='\u{25ff}'
        | '\u{2e80}'..='\u{2fdf}'
        | '\u{3000}'..='\u{303f}'
        | '\u{3200}'..='\u{32ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{f900}'..='\u{faff}'
        | '\u{fe30}'..='\u{fe4f}'
        | '\u{ff00}'..='\u{ffef}'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str = "一、总体要求\n　　（一）加快建设5G网络。到2025年，全省累计开通5G基站25万个以上。\n\
(责任单位：省通信管理局、省工业和信息化厅)\nIPv6 ready.\n";

    fn utf16(text: &str, big_endian: bool) -> Vec<u8> {
        text.encode_utf16()
            .flat_map(|u| {
                if big_endian {
                    u.to_be_bytes()
                } else {
                    u.to_le_bytes()
                }
            })
            .collect()
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode_text(PLAN.as_bytes()).unwrap(), PLAN);
        let mut bom = vec![0xef, 0xbb, 0xbf];
        bom.extend_from_slice(PLAN.as_bytes());
        assert_eq!(decode_text(&bom).unwrap(), PLAN);
    }

    #[test]
    fn utf16_both_orders_with_and_without_bom() {
        for big_endian in [false, true] {
            let bare = utf16(PLAN, big_endian);
            assert_eq!(decode_text(&bare).unwrap(), PLAN, "no BOM, BE={big_endian}");
            let with_bom = utf16(&format!("\u{feff}{PLAN}"), big_endian);
            assert_eq!(
                decode_text(&with_bom).unwrap(),
                PLAN,
                "BOM, BE={big_endian}"
            );
        }
    }

    #[test]
    fn utf16_ascii_only_picks_the_right_order() {
        let text = "Action plan 2024-2025.\nTargets: 25 base stations.\n";
        assert_eq!(decode_text(&utf16(text, false)).unwrap(), text);
        assert_eq!(decode_text(&utf16(text, true)).unwrap(), text);
    }

    #[test]
    fn gbk_and_gb18030() {
        let (gbk, _, unmappable) = encoding_rs::GBK.encode(PLAN);
        assert!(!unmappable);
        assert_eq!(decode_text(&gbk).unwrap(), PLAN);
    }

    #[test]
    fn gbk_larger_than_the_detection_sample() {
        let text = PLAN.repeat(DETECTION_SAMPLE_BYTES / PLAN.len() * 2);
        let (gbk, _, _) = encoding_rs::GBK.encode(&text);
        assert!(gbk.len() > DETECTION_SAMPLE_BYTES);
        assert_eq!(decode_text(&gbk).unwrap(), text);
    }

    #[test]
    fn line_ends_become_line_feeds() {
        let text = decode_text("a\r\nb\rc\n\r\nd".as_bytes()).unwrap();
        assert_eq!(text, "a\nb\nc\n\nd");
    }

    #[test]
    fn empty_and_blank_are_empty() {
        assert_eq!(decode_text(b""), Err(DecodeProblem::Empty));
        assert_eq!(decode_text(b" \r\n\t "), Err(DecodeProblem::Empty));
        assert_eq!(decode_text(&[0xef, 0xbb, 0xbf]), Err(DecodeProblem::Empty));
    }

    #[test]
    fn binary_is_not_text() {
        // A deterministic pseudo-random byte soup, as an executable or image would be.
        let mut state = 0x2545_f491_u32;
        let bytes: Vec<u8> = (0..4096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                (state >> 24) as u8
            })
            .collect();
        assert_eq!(decode_text(&bytes), Err(DecodeProblem::NotText));
        let no_nul: Vec<u8> = bytes.iter().map(|b| b.max(&1)).copied().collect();
        assert_eq!(decode_text(&no_nul), Err(DecodeProblem::NotText));
        assert_eq!(decode_text(b"abc\0def"), Err(DecodeProblem::NotText));
    }

    #[test]
    fn one_stray_control_character_is_tolerated() {
        let text = format!("{}\u{1a}", PLAN.repeat(3));
        assert_eq!(decode_text(text.as_bytes()).unwrap(), text);
    }
}
