//! Word 97–2003 .doc (and WPS 文字 .wps, which WPS writes in the same binary format) →
//! text, following [MS-DOC]. The file is an OLE compound file (read with `cfb`); its
//! `WordDocument` stream starts with the File Information Block (FIB), which says where
//! everything else is. The text is found through the piece table (the `Clx` in the
//! `0Table`/`1Table` stream): runs of character positions (CPs) stored either as UTF-16LE
//! or, "compressed", as one byte per character. Character positions are laid out as the
//! main document, then the footnotes, headers, comments, endnotes and text boxes.
//!
//! The output follows the .docx reader: one line per paragraph; a table row of two cells
//! or more is one line of tab-separated cells (a vertically merged cell repeating the
//! cell above it); a row of one cell is its paragraphs as lines. Cell and row ends are
//! both the character 0x07 in the text, so they are told apart by the paragraph
//! properties of each mark (the PAPX runs of `PlcBtePapx`: in table, table-row end, table
//! depth); vertical merges come from the row end's table properties. Fields show their
//! result, not their code; text marked as a deleted revision (the CHPX runs of
//! `PlcBteChpx`) is left out; footnotes, endnotes and text boxes follow the body, once
//! each; headers, footers and comments are left out.

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use crate::{Error, Result};

/// The most bytes read from one stream: the whole file may be no larger than this.
const MAX_STREAM_BYTES: u64 = super::read::MAX_FILE_BYTES;

/// The most table levels followed; deeper tables are read as part of this level.
const MAX_TABLE_DEPTH: usize = 16;

/// The most fields open at once; deeper nesting is treated as field code.
const MAX_FIELD_DEPTH: usize = 64;

/// The FIB identifier of a Word document (`wIdent`).
const WORD_IDENT: u16 = 0xA5EC;
/// The lowest `nFib` of the Word 97 format; Word 6 and 95 files have lower ones.
const NFIB_WORD97: u16 = 0x00C1;
/// Bits of `FibBase` flags.
const F_ENCRYPTED: u16 = 0x0100;
const F_WHICH_TBL_STM: u16 = 0x0200;
const F_OBFUSCATED: u16 = 0x8000;
/// The bit of a piece's `fc` that marks one-byte ("compressed") text.
const FC_COMPRESSED: u32 = 0x4000_0000;
/// An FKP (formatted disk page) is 512 bytes.
const FKP_BYTES: usize = 512;

/// Indexes of the `FibRgFcLcb97` pairs used here.
const LCB_PLCF_BTE_CHPX: usize = 12;
const LCB_PLCF_BTE_PAPX: usize = 13;
const LCB_CLX: usize = 33;

/// Single-byte operations read here.
const SPRM_C_FRMARK_DEL: u16 = 0x0800;
const SPRM_P_FIN_TABLE: u16 = 0x2416;
const SPRM_P_FTTP: u16 = 0x2417;
const SPRM_P_ITAP: u16 = 0x6649;
const SPRM_P_DTAP: u16 = 0x664A;
const SPRM_P_FINNER_TABLE_CELL: u16 = 0x244B;
const SPRM_P_FINNER_TTP: u16 = 0x244C;
const SPRM_T_DEF_TABLE: u16 = 0xD608;
const SPRM_T_VERT_MERGE: u16 = 0xD62B;
const SPRM_P_CHG_TABS: u16 = 0xC615;

/// The sentence for a password-protected Office file.
pub(crate) const ENCRYPTED_ADVICE: &str = "this Office file is password-protected (encrypted); \
remove the password in Word, WPS or Excel, save it again, then import that";

/// The sentence for a password-protected Word .doc / .wps.
const ENCRYPTED_DOC_ADVICE: &str = "this Word/WPS document is password-protected (encrypted); \
remove the password in Word or WPS, save it again as .doc or .docx, then import that";

const WORKS_ADVICE: &str = "this is a Microsoft Works file, in a format PlanScope cannot read; \
open it in WPS or Word and save it as .doc or .docx, then import that";

const OTHER_OLE_ADVICE: &str = "this is a WPS or Office file in a format PlanScope cannot read \
(it holds no Word document); open it in WPS and save it as .doc or .docx, then import that";

const PRESENTATION_ADVICE: &str = "this is a presentation, not a plan document; PlanScope reads \
plans saved as text, Word, WPS, PDF, OFD, web pages or spreadsheets";

/// What an OLE compound file holds, by the streams at its root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OleKind {
    /// A Word 97–2003 document (also WPS 文字 .wps): read it with [`doc_text`].
    Word,
    /// An old Excel workbook (or a WPS 表格 .et): a `Workbook` or `Book` stream.
    Workbook,
    /// An encrypted .docx/.xlsx/.pptx (`EncryptionInfo` + `EncryptedPackage`).
    Encrypted,
    /// Something PlanScope does not read, with the sentence to say.
    Other(&'static str),
    /// The container cannot be opened: damaged or truncated; the reason says so.
    Damaged(String),
}

/// Opens the compound file, catching any panic of the container parser on hostile input.
fn open_container(bytes: &[u8]) -> std::result::Result<cfb::CompoundFile<Cursor<&[u8]>>, String> {
    match catch_unwind(AssertUnwindSafe(|| {
        cfb::CompoundFile::open(Cursor::new(bytes))
    })) {
        Ok(Ok(file)) => Ok(file),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("its structure is inconsistent".to_owned()),
    }
}

/// What an OLE compound file (first bytes D0 CF 11 E0) holds.
pub(crate) fn ole_kind(bytes: &[u8]) -> OleKind {
    let file = match open_container(bytes) {
        Ok(file) => file,
        Err(e) => {
            return OleKind::Damaged(format!(
                "this Office/WPS file is damaged or incomplete: its compound-file container \
                 cannot be opened ({e}); open it in Word or WPS and save it again"
            ));
        }
    };
    let names: Vec<String> = match catch_unwind(AssertUnwindSafe(|| {
        file.read_root_storage()
            .take(10_000)
            .map(|e| e.name().to_owned())
            .collect()
    })) {
        Ok(names) => names,
        Err(_) => {
            return OleKind::Damaged(
                "this Office/WPS file is damaged: its list of streams cannot be read; open it \
                 in Word or WPS and save it again"
                    .to_owned(),
            );
        }
    };
    let has = |name: &str| names.iter().any(|n| n.eq_ignore_ascii_case(name));
    if has("EncryptionInfo") || has("EncryptedPackage") {
        OleKind::Encrypted
    } else if has("WordDocument") {
        OleKind::Word
    } else if has("Workbook") || has("Book") {
        OleKind::Workbook
    } else if has("PowerPoint Document") {
        OleKind::Other(PRESENTATION_ADVICE)
    } else if has("CONTENTS") || has("MatOST") || has("SPELLING") {
        OleKind::Other(WORKS_ADVICE)
    } else {
        OleKind::Other(OTHER_OLE_ADVICE)
    }
}

/// Reads the text of a Word 97–2003 .doc (or a WPS .wps in the same format) held in
/// memory: an OLE compound file with a `WordDocument` stream.
pub(crate) fn doc_text(path: &Path, bytes: &[u8]) -> Result<String> {
    let streams = read_streams(bytes).map_err(|e| e.into_error(path))?;
    let lines = document_lines(&streams).map_err(|e| e.into_error(path))?;
    if lines.is_empty() {
        return Err(Error::Unsupported {
            path: path.to_path_buf(),
            reason: "this Word document contains no text (perhaps only scanned images); \
                     PlanScope needs the text of the plan"
                .to_owned(),
        });
    }
    Ok(lines.join("\n"))
}

/// Why a .doc cannot be read.
#[derive(Debug)]
enum Problem {
    /// Damaged or not what it claims to be: the sentence after "this .doc is damaged".
    Damaged(String),
    /// A known format or feature PlanScope does not read: the whole sentence.
    Unsupported(&'static str),
}

impl Problem {
    fn into_error(self, path: &Path) -> Error {
        match self {
            Problem::Damaged(what) => Error::Unreadable {
                path: path.to_path_buf(),
                reason: format!(
                    "this Word .doc file is damaged or incomplete: {what}; open it in Word or \
                     WPS and save it again"
                ),
            },
            Problem::Unsupported(reason) => Error::Unsupported {
                path: path.to_path_buf(),
                reason: reason.to_owned(),
            },
        }
    }
}

fn damaged(what: &str) -> Problem {
    Problem::Damaged(what.to_owned())
}

type Parse<T> = std::result::Result<T, Problem>;

/// The two streams a .doc's text needs.
struct Streams {
    word: Vec<u8>,
    table: Vec<u8>,
}

/// Reads one stream of the container, at most [`MAX_STREAM_BYTES`].
fn read_stream(
    file: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    name: &str,
) -> Option<std::result::Result<Vec<u8>, String>> {
    let read = catch_unwind(AssertUnwindSafe(|| {
        if !file.is_stream(name) {
            return None;
        }
        let mut out = Vec::new();
        Some(
            file.open_stream(name)
                .and_then(|s| s.take(MAX_STREAM_BYTES).read_to_end(&mut out))
                .map(|_| out)
                .map_err(|e| e.to_string()),
        )
    }));
    read.unwrap_or_else(|_| Some(Err("its structure is inconsistent".to_owned())))
}

fn read_streams(bytes: &[u8]) -> Parse<Streams> {
    let mut file = open_container(bytes).map_err(|e| {
        Problem::Damaged(format!(
            "its compound-file container cannot be opened ({e})"
        ))
    })?;
    let word = match read_stream(&mut file, "WordDocument") {
        Some(Ok(word)) => word,
        Some(Err(e)) => {
            return Err(Problem::Damaged(format!(
                "its WordDocument stream cannot be read ({e})"
            )));
        }
        None => return Err(damaged("it has no WordDocument stream")),
    };
    let base = FibBase::parse(&word)?;
    let name = if base.flags & F_WHICH_TBL_STM != 0 {
        "1Table"
    } else {
        "0Table"
    };
    let table = match read_stream(&mut file, name) {
        Some(Ok(table)) => table,
        Some(Err(e)) => {
            return Err(Problem::Damaged(format!(
                "its {name} stream cannot be read ({e})"
            )));
        }
        None => return Err(Problem::Damaged(format!("its {name} stream is missing"))),
    };
    Ok(Streams { word, table })
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The first 32 bytes of the FIB.
struct FibBase {
    flags: u16,
}

impl FibBase {
    fn parse(word: &[u8]) -> Parse<FibBase> {
        let ident = u16_at(word, 0).ok_or_else(|| damaged("its WordDocument stream is empty"))?;
        if ident != WORD_IDENT {
            return Err(damaged(
                "its WordDocument stream does not start with a Word file header",
            ));
        }
        let nfib = u16_at(word, 2).ok_or_else(|| damaged("its file header is cut off"))?;
        let flags = u16_at(word, 0x0A).ok_or_else(|| damaged("its file header is cut off"))?;
        if flags & (F_ENCRYPTED | F_OBFUSCATED) != 0 {
            return Err(Problem::Unsupported(ENCRYPTED_DOC_ADVICE));
        }
        if nfib < NFIB_WORD97 {
            return Err(Problem::Unsupported(
                "this is a Word 6.0/95 document, an older format than PlanScope reads; open \
                 it in Word or WPS and save it as .docx, then import that",
            ));
        }
        Ok(FibBase { flags })
    }
}

/// What the text needs from the FIB: the character counts of the parts and where the
/// tables are.
struct Fib {
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
    ccp: [u32; 8],
    /// The (fc, lcb) pairs of FibRgFcLcb.
    fc_lcb: Vec<(u32, u32)>,
}

impl Fib {
    fn parse(word: &[u8]) -> Parse<Fib> {
        let cut = || damaged("its file header is cut off");
        let mut at = 32;
        let csw = usize::from(u16_at(word, at).ok_or_else(cut)?);
        at += 2 + 2 * csw;
        let cslw = usize::from(u16_at(word, at).ok_or_else(cut)?);
        at += 2;
        let lw = at;
        if cslw < 11 {
            return Err(damaged("its file header is too short"));
        }
        let mut ccp = [0u32; 8];
        for (i, c) in ccp.iter_mut().enumerate() {
            *c = u32_at(word, lw + 4 * (3 + i)).ok_or_else(cut)?;
        }
        at += 4 * cslw;
        let pairs = usize::from(u16_at(word, at).ok_or_else(cut)?);
        at += 2;
        let mut fc_lcb = Vec::with_capacity(pairs);
        for i in 0..pairs {
            let fc = u32_at(word, at + 8 * i).ok_or_else(cut)?;
            let lcb = u32_at(word, at + 8 * i + 4).ok_or_else(cut)?;
            fc_lcb.push((fc, lcb));
        }
        if pairs <= LCB_CLX {
            return Err(damaged("its file header is too short"));
        }
        Ok(Fib { ccp, fc_lcb })
    }

    /// The bytes of the table-stream structure at pair `index` (empty when absent).
    fn part<'a>(&self, table: &'a [u8], index: usize) -> Parse<&'a [u8]> {
        let Some(&(fc, lcb)) = self.fc_lcb.get(index) else {
            return Ok(&[]);
        };
        if lcb == 0 {
            return Ok(&[]);
        }
        let start = fc as usize;
        start
            .checked_add(lcb as usize)
            .and_then(|end| table.get(start..end))
            .ok_or_else(|| damaged("a table of its text points outside the file"))
    }
}

/// One piece of the text: CPs `[cp, cp_end)` stored from byte `fc` of the WordDocument
/// stream, one byte (compressed) or two per character.
#[derive(Debug, Clone)]
struct Piece {
    cp: u32,
    cp_end: u32,
    fc: u32,
    compressed: bool,
    /// Properties the piece itself applies (a `Prc` of the `Clx`), if any.
    grpprl: Option<usize>,
}

/// The piece table, and the property lists (`Prc`) pieces may refer to.
struct Clx {
    pieces: Vec<Piece>,
    prcs: Vec<Vec<u8>>,
}

fn parse_clx(clx: &[u8], word_len: usize) -> Parse<Clx> {
    let bad = || damaged("its piece table (where the text is) cannot be read");
    let mut prcs = Vec::new();
    let mut at = 0usize;
    loop {
        match clx.get(at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).ok_or_else(bad)?);
                let grpprl = clx.get(at + 3..at + 3 + cb).ok_or_else(bad)?;
                prcs.push(grpprl.to_vec());
                at += 3 + cb;
            }
            Some(2) => break,
            _ => return Err(bad()),
        }
    }
    let lcb = u32_at(clx, at + 1).ok_or_else(bad)? as usize;
    let plc = clx.get(at + 5..at + 5 + lcb).ok_or_else(bad)?;
    if lcb < 4 || !(lcb - 4).is_multiple_of(12) {
        return Err(bad());
    }
    let n = (lcb - 4) / 12;
    let mut pieces = Vec::with_capacity(n);
    let mut total_chars = 0u64;
    for i in 0..n {
        let cp = u32_at(plc, 4 * i).ok_or_else(bad)?;
        let cp_end = u32_at(plc, 4 * (i + 1)).ok_or_else(bad)?;
        if cp_end < cp {
            return Err(bad());
        }
        let pcd = 4 * (n + 1) + 8 * i;
        let fc_raw = u32_at(plc, pcd + 2).ok_or_else(bad)?;
        let prm = u16_at(plc, pcd + 6).ok_or_else(bad)?;
        let compressed = fc_raw & FC_COMPRESSED != 0;
        let fc = if compressed {
            (fc_raw & !FC_COMPRESSED) / 2
        } else {
            fc_raw
        };
        let len = u64::from(cp_end - cp) * if compressed { 1 } else { 2 };
        if u64::from(fc) + len > word_len as u64 {
            return Err(damaged("its text points outside the file"));
        }
        total_chars += u64::from(cp_end - cp);
        if total_chars > word_len as u64 {
            return Err(damaged(
                "its piece table claims more text than the file holds",
            ));
        }
        let grpprl = (prm & 1 == 1)
            .then(|| usize::from(prm >> 1))
            .filter(|&i| i < prcs.len());
        if let Some(prev) = pieces.last() {
            let prev: &Piece = prev;
            if prev.cp_end != cp {
                return Err(bad());
            }
        }
        pieces.push(Piece {
            cp,
            cp_end,
            fc,
            compressed,
            grpprl,
        });
    }
    Ok(Clx { pieces, prcs })
}

/// Properties of a paragraph mark that tables need.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Pap {
    in_table: bool,
    /// The mark ends a table row (of the outermost table).
    ttp: bool,
    /// The table depth (0 when not set: 1 if in a table).
    itap: u32,
    inner_cell: bool,
    inner_ttp: bool,
    /// The cells of the row this mark ends: per cell, its merges.
    cells: Vec<TcMerge>,
    /// Where each cell of the row starts (`rgdxaCenter`).
    edges: Vec<i16>,
}

impl Pap {
    /// The table depth of the paragraph: 0 outside tables.
    fn depth(&self) -> usize {
        if !self.in_table && self.itap == 0 {
            0
        } else {
            (self.itap.max(1) as usize).min(MAX_TABLE_DEPTH)
        }
    }
}

/// How a cell takes part in merges (`TC80` flags, `sprmTVertMerge`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct TcMerge {
    /// Merged into the cell above.
    vert_continue: bool,
    /// Merged into the cell before (old-style horizontal merge).
    horz_continue: bool,
}

/// Iterates over the (sprm, operand) pairs of a grpprl, stopping where it is cut off.
fn sprms(grpprl: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let sprm = u16_at(grpprl, at)?;
        let rest = grpprl.get(at + 2..)?;
        let len = operand_len(sprm, rest)?;
        let operand = rest.get(..len)?;
        at += 2 + len;
        Some((sprm, operand))
    })
}

/// The length of a sprm's operand, from its `spra` bits ([MS-DOC] 2.2.5.1).
fn operand_len(sprm: u16, rest: &[u8]) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => match sprm {
            SPRM_T_DEF_TABLE | 0xD606 => usize::from(u16_at(rest, 0)?) + 1,
            SPRM_P_CHG_TABS if *rest.first()? == 255 => {
                // PChgTabsDelClose then PChgTabsAdd, each with its own count.
                let del = usize::from(*rest.get(1)?);
                let add_at = 2 + 4 * del;
                let add = usize::from(*rest.get(add_at)?);
                add_at + 1 + 3 * add
            }
            _ => usize::from(*rest.first()?) + 1,
        },
    })
}

/// Applies a paragraph's sprms to its properties.
fn apply_pap(pap: &mut Pap, grpprl: &[u8]) {
    for (sprm, op) in sprms(grpprl) {
        let flag = op.first().is_some_and(|&b| b != 0);
        match sprm {
            SPRM_P_FIN_TABLE => pap.in_table = flag,
            SPRM_P_FTTP => pap.ttp = flag,
            SPRM_P_ITAP => pap.itap = u32_at(op, 0).unwrap_or(0).min(MAX_TABLE_DEPTH as u32),
            SPRM_P_DTAP => {
                let d = u32_at(op, 0).unwrap_or(0) as i32;
                pap.itap = (pap.itap as i32)
                    .saturating_add(d)
                    .clamp(0, MAX_TABLE_DEPTH as i32) as u32;
            }
            SPRM_P_FINNER_TABLE_CELL => pap.inner_cell = flag,
            SPRM_P_FINNER_TTP => pap.inner_ttp = flag,
            SPRM_T_DEF_TABLE => def_table(pap, op),
            SPRM_T_VERT_MERGE => {
                // cb (2), then the cell index and the merge: 1 continues, 3 starts.
                if let (Some(&itc), Some(&merge)) = (op.get(1), op.get(2)) {
                    let itc = usize::from(itc);
                    if itc < 64 {
                        if pap.cells.len() <= itc {
                            pap.cells.resize(itc + 1, TcMerge::default());
                        }
                        pap.cells[itc].vert_continue = merge == 1;
                    }
                }
            }
            _ => {}
        }
    }
}

/// Reads `sprmTDefTable`: the cell edges and, per cell, its merge flags (`TC80`).
fn def_table(pap: &mut Pap, op: &[u8]) {
    // cb (2 bytes), itcMac (1), rgdxaCenter (itcMac + 1 × 2), rgTc80 (20 bytes each).
    let Some(&n) = op.get(2) else { return };
    let n = usize::from(n).min(64);
    pap.edges = (0..=n)
        .map_while(|i| u16_at(op, 3 + 2 * i).map(|v| v as i16))
        .collect();
    let tc_at = 3 + 2 * (n + 1);
    pap.cells = (0..n)
        .map(|i| {
            let flags = u16_at(op, tc_at + 20 * i).unwrap_or(0);
            TcMerge {
                vert_continue: flags & 0x0020 != 0 && flags & 0x0040 == 0,
                horz_continue: flags & 0x0002 != 0 && flags & 0x0001 == 0,
            }
        })
        .collect();
}

/// Runs of properties by FC: `[start, end)` and what applies there, sorted by start.
struct Runs<T> {
    runs: Vec<(u32, u32, T)>,
}

impl<T> Runs<T> {
    fn find(&self, fc: u32) -> Option<&T> {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        let (start, end, value) = self.runs.get(i.checked_sub(1)?)?;
        (*start <= fc && fc < *end).then_some(value)
    }
}

/// The FKP pages of a `PlcBte`: (page start in the WordDocument stream) per entry.
fn fkp_pages<'a>(plc: &[u8], word: &'a [u8]) -> Vec<&'a [u8]> {
    if plc.len() < 4 {
        return Vec::new();
    }
    let n = (plc.len() - 4) / 8;
    (0..n)
        .filter_map(|i| {
            let pn = u32_at(plc, 4 * (n + 1) + 4 * i)? & 0x003F_FFFF;
            let at = (pn as usize).checked_mul(FKP_BYTES)?;
            word.get(at..at + FKP_BYTES)
        })
        .collect()
}

/// The rgfc of an FKP and its run count.
fn fkp_runs(fkp: &[u8]) -> (usize, Vec<u32>) {
    let crun = usize::from(fkp.get(FKP_BYTES - 1).copied().unwrap_or(0));
    let fcs: Vec<u32> = (0..=crun).map_while(|i| u32_at(fkp, 4 * i)).collect();
    (crun.min(fcs.len().saturating_sub(1)), fcs)
}

/// Paragraph properties by FC, from `PlcBtePapx`.
fn papx_runs(plc: &[u8], word: &[u8]) -> Runs<Pap> {
    let mut runs = Vec::new();
    for fkp in fkp_pages(plc, word) {
        let (crun, fcs) = fkp_runs(fkp);
        for i in 0..crun {
            let bx = 4 * (crun + 1) + 13 * i;
            let offset = 2 * usize::from(fkp.get(bx).copied().unwrap_or(0));
            let mut pap = Pap::default();
            if offset > 0 {
                let grpprl = match fkp.get(offset).copied() {
                    Some(0) => fkp
                        .get(offset + 1)
                        .and_then(|&cb| fkp.get(offset + 2..offset + 2 + 2 * usize::from(cb))),
                    Some(cb) => fkp.get(offset + 1..offset + 2 * usize::from(cb)),
                    None => None,
                };
                // The style index (2 bytes) comes first.
                if let Some(g) = grpprl.and_then(|g| g.get(2..)) {
                    apply_pap(&mut pap, g);
                }
            }
            if let (Some(&s), Some(&e)) = (fcs.get(i), fcs.get(i + 1)) {
                runs.push((s, e, pap));
            }
        }
    }
    runs.sort_by_key(|r| r.0);
    Runs { runs }
}

/// Character runs marked as deleted revisions, by FC, from `PlcBteChpx`.
fn deleted_runs(plc: &[u8], word: &[u8]) -> Runs<()> {
    let mut runs = Vec::new();
    for fkp in fkp_pages(plc, word) {
        let (crun, fcs) = fkp_runs(fkp);
        for i in 0..crun {
            let offset = 2 * usize::from(fkp.get(4 * (crun + 1) + i).copied().unwrap_or(0));
            if offset == 0 {
                continue;
            }
            let Some(&cb) = fkp.get(offset) else { continue };
            let Some(grpprl) = fkp.get(offset + 1..offset + 1 + usize::from(cb)) else {
                continue;
            };
            if is_deleted(grpprl)
                && let (Some(&s), Some(&e)) = (fcs.get(i), fcs.get(i + 1))
            {
                runs.push((s, e, ()));
            }
        }
    }
    runs.sort_by_key(|r| r.0);
    Runs { runs }
}

/// Does this grpprl mark its text as deleted?
fn is_deleted(grpprl: &[u8]) -> bool {
    sprms(grpprl).any(|(sprm, op)| sprm == SPRM_C_FRMARK_DEL && op.first().is_some_and(|&b| b != 0))
}

/// Everything needed to walk the text.
struct Doc<'a> {
    word: &'a [u8],
    clx: Clx,
    paps: Runs<Pap>,
    deleted: Runs<()>,
}

impl Doc<'_> {
    /// Calls `f(char, fc, piece)` for each character of CPs `[start, end)`.
    fn each_char(&self, start: u32, end: u32, mut f: impl FnMut(u16, u32, &Piece)) {
        let first = self.clx.pieces.partition_point(|p| p.cp_end <= start);
        for piece in self.clx.pieces.get(first..).unwrap_or(&[]) {
            if piece.cp >= end {
                break;
            }
            let from = start.max(piece.cp);
            let to = end.min(piece.cp_end);
            for cp in from..to {
                let k = (cp - piece.cp) as usize;
                let (c, fc) = if piece.compressed {
                    let at = piece.fc as usize + k;
                    let Some(&b) = self.word.get(at) else { return };
                    (compressed_char(b), at as u32)
                } else {
                    let at = piece.fc as usize + 2 * k;
                    let Some(c) = u16_at(self.word, at) else {
                        return;
                    };
                    (c, at as u32)
                };
                f(c, fc, piece);
            }
        }
    }

    /// The properties of the paragraph whose mark is at `fc` in `piece`.
    fn pap(&self, fc: u32, piece: &Piece) -> Pap {
        let mut pap = self.paps.find(fc).cloned().unwrap_or_default();
        if let Some(g) = piece.grpprl.and_then(|i| self.clx.prcs.get(i)) {
            apply_pap(&mut pap, g);
        }
        pap
    }

    fn is_deleted(&self, fc: u32, piece: &Piece) -> bool {
        self.deleted.find(fc).is_some()
            || piece
                .grpprl
                .and_then(|i| self.clx.prcs.get(i))
                .is_some_and(|g| is_deleted(g))
    }
}

/// A byte of compressed text: Latin-1, except 0x82–0x9F, which are Windows-1252.
fn compressed_char(b: u8) -> u16 {
    if (0x82..=0x9F).contains(&b) {
        let byte = [b];
        let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&byte);
        s.encode_utf16().next().unwrap_or(u16::from(b))
    } else {
        u16::from(b)
    }
}

/// The lines of the body, then of footnotes, endnotes and text boxes.
fn document_lines(streams: &Streams) -> Parse<Vec<String>> {
    let word = &streams.word;
    let fib = Fib::parse(word)?;
    let clx = parse_clx(fib.part(&streams.table, LCB_CLX)?, word.len())?;
    if clx.pieces.is_empty() {
        return Err(damaged("its piece table is empty"));
    }
    let paps = papx_runs(fib.part(&streams.table, LCB_PLCF_BTE_PAPX)?, word);
    let deleted = deleted_runs(fib.part(&streams.table, LCB_PLCF_BTE_CHPX)?, word);
    let doc = Doc {
        word,
        clx,
        paps,
        deleted,
    };
    // The parts in CP order; read: main text (0), footnotes (1), endnotes (5), text
    // boxes (6). Headers (2), macros (3), comments (4), header text boxes (7) are not.
    let mut lines = Vec::new();
    let mut start = 0u32;
    for (part, &ccp) in fib.ccp.iter().enumerate() {
        let end = start.saturating_add(ccp);
        if matches!(part, 0 | 1 | 5 | 6) {
            let mut text = TextBuilder::default();
            doc.each_char(start, end, |c, fc, piece| text.push(&doc, c, fc, piece));
            let mut part_lines = text.finish();
            if matches!(part, 1 | 5) {
                // A note starts with its mark and a tab or space; the mark is not read.
                for line in &mut part_lines {
                    *line = line.trim_start().to_owned();
                }
            }
            lines.extend(part_lines);
        }
        start = end;
    }
    Ok(lines)
}

/// A table being read: the cells of the open row, the lines of the open cell, and what
/// each column last held (the text a vertically merged cell repeats).
#[derive(Default)]
struct Table {
    cells: Vec<Vec<String>>,
    cell: Vec<String>,
    above: BTreeMap<i32, String>,
}

/// Turns the characters of one part into lines.
#[derive(Default)]
struct TextBuilder {
    lines: Vec<String>,
    tables: Vec<Table>,
    para: Vec<u16>,
    /// For each open field: is its code (before the separator) being read?
    fields: Vec<bool>,
}

impl TextBuilder {
    fn visible(&self) -> bool {
        !self.fields.iter().any(|&code| code)
    }

    fn push(&mut self, doc: &Doc, c: u16, fc: u32, piece: &Piece) {
        match c {
            0x13 => {
                if self.fields.len() < MAX_FIELD_DEPTH {
                    self.fields.push(true);
                } else if let Some(last) = self.fields.last_mut() {
                    *last = true;
                }
            }
            0x14 => {
                if let Some(last) = self.fields.last_mut() {
                    *last = false;
                }
            }
            0x15 => {
                self.fields.pop();
            }
            0x0D | 0x07 => {
                if c == 0x0D && doc.is_deleted(fc, piece) {
                    return;
                }
                if !self.visible() {
                    // A field's code never runs past its paragraph: the field is broken.
                    self.fields.clear();
                }
                let pap = doc.pap(fc, piece);
                self.end_paragraph(c, &pap);
            }
            0x0C => {
                if self.visible() {
                    // A page or section break ends the paragraph it is in.
                    let pap = Pap::default();
                    if self.tables.is_empty() {
                        self.end_paragraph(0x0D, &pap);
                    } else {
                        self.para.push(u16::from(b' '));
                    }
                }
            }
            _ if !self.visible() || doc.is_deleted(fc, piece) => {}
            0x09 => self.para.push(c),
            0x0B => self.para.push(u16::from(b'\n')),
            0x1E => self.para.push(u16::from(b'-')),
            // Anchors of pictures and drawn objects, note and comment marks, hyphens.
            _ if c < 0x20 => {}
            _ => self.para.push(c),
        }
    }

    /// Ends a paragraph at its mark: a paragraph of the body or of a cell, a cell, or a row.
    fn end_paragraph(&mut self, mark: u16, pap: &Pap) {
        let depth = pap.depth();
        let text = String::from_utf16_lossy(&std::mem::take(&mut self.para));
        while self.tables.len() > depth {
            self.close_table();
        }
        while self.tables.len() < depth {
            self.tables.push(Table::default());
        }
        let row_end = if depth <= 1 {
            mark == 0x07 && pap.ttp
        } else {
            pap.inner_ttp
        };
        let cell_end = !row_end
            && if depth <= 1 {
                mark == 0x07
            } else {
                pap.inner_cell
            };
        let Some(table) = self.tables.last_mut() else {
            if !text.trim().is_empty() {
                self.lines.push(text);
            }
            return;
        };
        if !text.trim().is_empty() {
            table.cell.push(text);
        }
        if cell_end {
            let cell = std::mem::take(&mut table.cell);
            table.cells.push(cell);
        } else if row_end {
            let out = row_lines(table, pap);
            // The row's lines go to what encloses its table.
            let outer = self.tables.len().saturating_sub(1);
            match self.tables.get_mut(..outer).and_then(|t| t.last_mut()) {
                Some(t) => t.cell.extend(out),
                None => self.lines.extend(out),
            }
        }
    }

    /// Gives lines to the open cell of the innermost table, else to the part.
    fn emit(&mut self, out: Vec<String>) {
        match self.tables.last_mut() {
            Some(t) => t.cell.extend(out),
            None => self.lines.extend(out),
        }
    }

    /// Ends the innermost table, giving any row left open as a row.
    fn close_table(&mut self) {
        let Some(mut table) = self.tables.pop() else {
            return;
        };
        if !table.cell.is_empty() {
            let cell = std::mem::take(&mut table.cell);
            table.cells.push(cell);
        }
        let out = if table.cells.is_empty() {
            Vec::new()
        } else {
            row_lines(&mut table, &Pap::default())
        };
        self.emit(out);
    }

    fn finish(mut self) -> Vec<String> {
        if !self.para.is_empty() {
            self.end_paragraph(0x0D, &Pap::default());
        }
        while !self.tables.is_empty() {
            self.close_table();
        }
        self.lines
    }
}

/// A row as lines, as the .docx reader gives it: a row of two cells or more is one line
/// of tab-separated cells (a cell merged into the one above repeats its text); a row of
/// one cell is its paragraphs.
fn row_lines(table: &mut Table, pap: &Pap) -> Vec<String> {
    let mut row: Vec<(Vec<String>, TcMerge, i32)> = Vec::new();
    for (i, lines) in std::mem::take(&mut table.cells).into_iter().enumerate() {
        let merge = pap.cells.get(i).copied().unwrap_or_default();
        let edge = pap.edges.get(i).map_or(i as i32, |&e| i32::from(e));
        match row.last_mut() {
            Some(before) if merge.horz_continue => before.0.extend(lines),
            _ => row.push((lines, merge, edge)),
        }
    }
    if let [(lines, merge, _)] = &row[..] {
        return if merge.vert_continue {
            Vec::new()
        } else {
            lines.clone()
        };
    }
    let mut cells = Vec::with_capacity(row.len());
    for (lines, merge, edge) in row {
        let text = if merge.vert_continue {
            table.above.get(&edge).cloned().unwrap_or_default()
        } else {
            let text = super::docx::cell_text(&lines);
            table.above.insert(edge, text.clone());
            text
        };
        cells.push(text);
    }
    if cells.iter().all(String::is_empty) {
        return Vec::new();
    }
    vec![cells.join("\t")]
}

/// Writes a minimal Word 97 .doc holding these paragraphs (one per entry, as
/// uncompressed UTF-16 text in one piece, with empty character and paragraph
/// properties), so large test and benchmark files can be made without an office suite.
/// It holds what this reader needs (FIB, piece table, one CHPX and one PAPX page) and
/// no style sheet, fonts, sections or document properties, so office suites may refuse
/// to open it.
#[doc(hidden)]
#[cfg_attr(not(test), allow(dead_code))]
pub fn write_doc(paragraphs: &[String]) -> Vec<u8> {
    let mut text: Vec<u16> = Vec::new();
    for p in paragraphs {
        text.extend(p.encode_utf16().map(|c| if c == 0x0A { 0x0B } else { c }));
        text.push(0x0D);
    }
    if text.is_empty() {
        text.push(0x0D);
    }
    let ccp = text.len() as u32;
    // FIB: FibBase (32), csw + 14 shorts, cslw + 22 longs, cbRgFcLcb + 93 pairs, cswNew.
    const FIB_LEN: usize = 32 + 2 + 28 + 2 + 88 + 2 + 93 * 8 + 2;
    const TEXT_AT: usize = 1024;
    let text_end = TEXT_AT + 2 * text.len();
    let chpx_page = text_end.div_ceil(FKP_BYTES);
    let papx_page = chpx_page + 1;
    let mut word = vec![0u8; (papx_page + 1) * FKP_BYTES];
    let put16 = |w: &mut [u8], at: usize, v: u16| w[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 = |w: &mut [u8], at: usize, v: u32| w[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut word, 0, WORD_IDENT);
    put16(&mut word, 2, NFIB_WORD97);
    put16(&mut word, 4, 0x6A62); // nProduct
    put16(&mut word, 6, 0x0409); // lid: en-US
    // fWhichTblStm, and fExtChar (which a Word 97 file always sets).
    put16(&mut word, 0x0A, F_WHICH_TBL_STM | 0x1000);
    put16(&mut word, 0x0C, 0x00BF); // nFibBack
    put32(&mut word, 0x18, TEXT_AT as u32); // fcMin and fcMac: where the text is
    put32(&mut word, 0x1C, text_end as u32);
    put16(&mut word, 32, 14);
    let lw = 32 + 2 + 28;
    put16(&mut word, lw, 22);
    let cb_mac = word.len() as u32;
    put32(&mut word, lw + 2, cb_mac);
    put32(&mut word, lw + 2 + 12, ccp); // ccpText
    let rg = lw + 2 + 88;
    put16(&mut word, rg, 93);
    for (i, &c) in text.iter().enumerate() {
        put16(&mut word, TEXT_AT + 2 * i, c);
    }
    // One character run and one paragraph run over all the text, without properties.
    let chpx = chpx_page * FKP_BYTES;
    put32(&mut word, chpx, TEXT_AT as u32);
    put32(&mut word, chpx + 4, text_end as u32);
    word[chpx + FKP_BYTES - 1] = 1;
    let papx = papx_page * FKP_BYTES;
    put32(&mut word, papx, TEXT_AT as u32);
    put32(&mut word, papx + 4, text_end as u32);
    // BxPap at 8 points to a PapxInFkp at byte 2 × 0x20: cb = 0, cb' = 1 → 2 bytes: istd 0.
    word[papx + 8] = 0x20;
    word[papx + 0x41] = 1;
    word[papx + FKP_BYTES - 1] = 1;

    // Table stream: the Clx, then the PlcBteChpx and PlcBtePapx.
    let mut table = Vec::new();
    let clx_at = table.len();
    table.push(2u8);
    table.extend_from_slice(&16u32.to_le_bytes());
    table.extend_from_slice(&0u32.to_le_bytes());
    table.extend_from_slice(&ccp.to_le_bytes());
    table.extend_from_slice(&0u16.to_le_bytes());
    table.extend_from_slice(&(TEXT_AT as u32).to_le_bytes());
    table.extend_from_slice(&0u16.to_le_bytes());
    let clx_len = table.len() - clx_at;
    let plc_bte = |table: &mut Vec<u8>, page: usize| -> (usize, usize) {
        let at = table.len();
        table.extend_from_slice(&(TEXT_AT as u32).to_le_bytes());
        table.extend_from_slice(&(text_end as u32).to_le_bytes());
        table.extend_from_slice(&(page as u32).to_le_bytes());
        (at, table.len() - at)
    };
    let chpx_plc = plc_bte(&mut table, chpx_page);
    let papx_plc = plc_bte(&mut table, papx_page);
    let pair = |w: &mut [u8], index: usize, (fc, lcb): (usize, usize)| {
        put32(w, rg + 2 + 8 * index, fc as u32);
        put32(w, rg + 2 + 8 * index + 4, lcb as u32);
    };
    pair(&mut word, LCB_CLX, (clx_at, clx_len));
    pair(&mut word, LCB_PLCF_BTE_CHPX, chpx_plc);
    pair(&mut word, LCB_PLCF_BTE_PAPX, papx_plc);
    const { assert!(FIB_LEN <= TEXT_AT) };

    let mut file = match cfb::CompoundFile::create(Cursor::new(Vec::new())) {
        Ok(f) => f,
        Err(_) => return Vec::new(),
    };
    for (name, data) in [("WordDocument", &word), ("1Table", &table)] {
        let written = file.create_stream(name).and_then(|mut s| s.write_all(data));
        if written.is_err() {
            return Vec::new();
        }
    }
    if file.flush().is_err() {
        return Vec::new();
    }
    file.into_inner().into_inner()
}

#[cfg(test)]
mod tests {
    //! The fixtures in `tests/fixtures/doc/` were made with LibreOffice (see the README
    //! there); the rest are written here, with [`write_doc`] or by editing a fixture.

    use super::*;
    use crate::corpus::decode_bytes;
    use crate::corpus::testing::{bundled, parse, tasks};

    fn fixture(name: &str) -> Vec<u8> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/doc")
            .join(name);
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn read(name: &str, bytes: &[u8]) -> Result<String> {
        decode_bytes(Path::new(name), bytes.to_vec())
    }

    /// A copy of a .doc with its WordDocument stream edited by `edit`.
    fn edit_word(bytes: &[u8], edit: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
        let mut file = cfb::CompoundFile::open(Cursor::new(bytes.to_vec())).unwrap();
        let mut word = Vec::new();
        file.open_stream("WordDocument")
            .unwrap()
            .read_to_end(&mut word)
            .unwrap();
        edit(&mut word);
        file.create_stream("WordDocument")
            .unwrap()
            .write_all(&word)
            .unwrap();
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    /// A compound file holding these streams.
    fn ole(streams: &[&str]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
        for name in streams {
            file.create_stream(name)
                .unwrap()
                .write_all(b"\0\0\0\0")
                .unwrap();
        }
        file.flush().unwrap();
        file.into_inner().into_inner()
    }

    #[test]
    fn a_bundled_plan_saved_as_doc_gives_the_same_tasks() {
        let id = "002_a020166e6046ec20";
        let txt = parse(id, bundled(id));
        let text = read(&format!("{id}.doc"), &fixture(&format!("{id}.doc"))).unwrap();
        let doc = parse(id, text);
        assert!(txt.tasks.len() > 10, "{}", txt.tasks.len());
        assert_eq!(tasks(&doc), tasks(&txt));
        assert_eq!(doc.columns.len(), txt.columns.len());
        assert_eq!(doc.indicators.len(), txt.indicators.len());
    }

    #[test]
    fn every_bundled_plan_written_as_doc_reads_back_the_same() {
        for id in [
            "000_8b95ee374a2f737e",
            "001_9325462992e5c8a8",
            "002_a020166e6046ec20",
            "003_cd4e9433b3b1c059",
            "004_f6a32ac2bee2fa3b",
        ] {
            let original = bundled(id);
            let paragraphs: Vec<String> = original.lines().map(str::to_owned).collect();
            let text = read("plan.doc", &write_doc(&paragraphs)).unwrap();
            let expected: Vec<&str> = original.lines().filter(|l| !l.trim().is_empty()).collect();
            assert_eq!(text.lines().collect::<Vec<_>>(), expected, "{id}");
            assert_eq!(tasks(&parse(id, text)), tasks(&parse(id, original)), "{id}");
        }
    }

    const FEATURES: &[&str] = &[
        "关于推进数字经济的实施方案",
        "一、总体要求坚持创新驱动。",
        "本方案共有1页，附注见脚注。",
        "专栏前的段落",
        "二、重点任务分工",
        "序号\t重点任务\t牵头单位\t配合单位\t完成时限",
        "一、强化数字基础设施",
        "1\t建设5G基站1000个。\t省工业和信息化厅\t省通信管理局\t2025年底",
        "2\t推进千兆光网建设。\t省工业和信息化厅\t省发展改革委、省财政厅\t2026年6月底",
        "表后的段落。",
        "脚注内容：数据来源于统计局。",
        "专栏1 重点工程",
        "建设算力中心。",
    ];

    #[test]
    fn tables_fields_notes_boxes_and_revisions() {
        let text = read("features.doc", &fixture("features.doc")).unwrap();
        // Row by row, the section row as a line, the merged 牵头单位 repeated; the field
        // shows its result (1), not its code (NUMPAGES); the deleted words are gone; the
        // footnote and the text box come once each, after the body.
        assert_eq!(text.lines().collect::<Vec<_>>(), FEATURES);
        assert!(!text.contains("NUMPAGES") && !text.contains("已删除"));
    }

    #[test]
    fn a_task_table_in_a_doc_gives_tasks_with_units_and_deadlines() {
        let text = read("features.doc", &fixture("features.doc")).unwrap();
        let p = parse("features", text);
        let row = |n: &str| {
            p.tasks
                .iter()
                .find(|t| t.number == n && t.text.contains("建设") | t.text.contains("推进"))
                .unwrap_or_else(|| panic!("row {n} not found in {:#?}", tasks(&p)))
        };
        let names = |t: &crate::model::Task| -> Vec<String> {
            t.units.iter().map(|u| u.name.to_string()).collect()
        };
        let first = row("1");
        assert_eq!(first.deadline.as_deref(), Some("2025年底"));
        assert_eq!(names(first), ["省工业和信息化厅", "省通信管理局"]);
        let second = row("2");
        assert_eq!(second.deadline.as_deref(), Some("2026年6月底"));
        assert_eq!(
            names(second),
            ["省工业和信息化厅", "省发展改革委", "省财政厅"]
        );
    }

    #[test]
    fn a_wps_file_in_word_format_reads_the_same() {
        // features.wps is a byte copy of features.doc: WPS 文字 saves .wps in this format.
        let wps = read("features.wps", &fixture("features.wps")).unwrap();
        assert_eq!(wps.lines().collect::<Vec<_>>(), FEATURES);
    }

    #[test]
    fn an_encrypted_doc_is_refused_with_a_clear_message() {
        let bytes = edit_word(&fixture("features.doc"), |w| w[0x0B] |= 0x01);
        let e = read("plan.doc", &bytes).unwrap_err();
        assert!(
            matches!(&e, Error::Unsupported { reason, .. } if reason.contains("password-protected")),
            "{e}"
        );
        // An encrypted .docx is an OLE file with EncryptionInfo and EncryptedPackage.
        let e = read("plan.docx", &ole(&["EncryptionInfo", "EncryptedPackage"])).unwrap_err();
        assert!(
            matches!(&e, Error::Unsupported { reason, .. } if reason.contains("password-protected")),
            "{e}"
        );
    }

    #[test]
    fn other_compound_files_say_what_they_are() {
        let works = read("plan.wps", &ole(&["CONTENTS", "SPELLING", "MatOST"])).unwrap_err();
        assert!(
            matches!(&works, Error::Unsupported { reason, .. } if reason.contains("Works")),
            "{works}"
        );
        let other = read("plan.wps", &ole(&["WpsContent"])).unwrap_err();
        assert!(
            matches!(&other, Error::Unsupported { reason, .. } if reason.contains("open it in WPS and save it as .doc")),
            "{other}"
        );
        assert_eq!(ole_kind(&ole(&["Workbook"])), OleKind::Workbook);
        assert_eq!(ole_kind(&ole(&["Book"])), OleKind::Workbook);
        let old = edit_word(&fixture("features.doc"), |w| {
            w[2..4].copy_from_slice(&0x65u16.to_le_bytes())
        });
        let e = read("plan.doc", &old).unwrap_err();
        assert!(
            matches!(&e, Error::Unsupported { reason, .. } if reason.contains("Word 6.0/95")),
            "{e}"
        );
        let not_ole = read("plan.wps", "WPS旧格式".as_bytes()).unwrap_err();
        assert!(matches!(not_ole, Error::Unsupported { .. }), "{not_ole}");
        let not_ole = read("plan.doc", "不是Word文件".as_bytes()).unwrap_err();
        assert!(
            matches!(&not_ole, Error::Unsupported { reason, .. } if reason.contains("not a Word 97–2003 .doc")),
            "{not_ole}"
        );
    }

    #[test]
    fn damaged_files_are_errors_not_panics() {
        let good = fixture("features.doc");
        let e = read("plan.doc", &good[..good.len() / 2]).unwrap_err();
        assert!(
            matches!(&e, Error::Unreadable { reason, .. } if reason.contains("damaged")),
            "{e}"
        );
        assert!(matches!(read("plan.doc", &[]), Err(Error::Empty(_))));
        // The OLE signature alone.
        let e = read("plan.doc", &good[..8]).unwrap_err();
        assert!(matches!(e, Error::Unreadable { .. }), "{e}");
        // A WordDocument stream that is not a Word header, and one cut off after the FIB.
        let e = read("plan.doc", &edit_word(&good, |w| w[0] = 0)).unwrap_err();
        assert!(matches!(e, Error::Unreadable { .. }), "{e}");
        let e = read("plan.doc", &edit_word(&good, |w| w.truncate(600))).unwrap_err();
        assert!(matches!(e, Error::Unreadable { .. }), "{e}");
        // A piece table pointing outside the stream.
        let mut far = write_doc(&["一、总体要求".to_owned()]);
        far = edit_word(&far, |w| w.truncate(1030));
        let e = read("plan.doc", &far).unwrap_err();
        assert!(matches!(e, Error::Unreadable { .. }), "{e}");
        // Cut anywhere and bytes changed anywhere: an answer or an error, never a panic.
        for len in (0..good.len()).step_by(97) {
            let _ = read("plan.doc", &good[..len]);
        }
        for at in (0..good.len()).step_by(13) {
            for b in [0x00, 0xFF, 0x7F] {
                let mut bad = good.clone();
                bad[at] = b;
                let _ = read("plan.doc", &bad);
            }
        }
        // And inside the streams (the container checks its own structure).
        let word_len = {
            let mut f = cfb::CompoundFile::open(Cursor::new(&good[..])).unwrap();
            f.open_stream("WordDocument").unwrap().len() as usize
        };
        for at in (0..word_len).step_by(7) {
            let bad = edit_word(&good, |w| w[at] ^= 0xA5);
            let _ = read("plan.doc", &bad);
        }
    }

    #[test]
    fn a_large_written_doc_reads_back() {
        let paragraphs: Vec<String> = (0..20_000)
            .map(|i| format!("{}.推进第{i}项重点任务。（省工业和信息化厅牵头）", i + 1))
            .collect();
        let bytes = write_doc(&paragraphs);
        let text = read("big.doc", &bytes).unwrap();
        assert_eq!(text.lines().count(), paragraphs.len());
        assert_eq!(text.lines().last(), paragraphs.last().map(String::as_str));
    }

    #[test]
    fn compressed_text_is_latin1_with_windows_1252_above_0x80() {
        assert_eq!(compressed_char(b'A'), u16::from(b'A'));
        assert_eq!(compressed_char(0x93), 0x201C);
        assert_eq!(compressed_char(0x80), 0x0080);
        assert_eq!(compressed_char(0xE9), 0x00E9);
    }

    #[test]
    fn sprm_operands_have_their_sizes() {
        // sprmPFInTable (1 byte), sprmPItap (4 bytes), then a variable one (cb 2).
        let grpprl = [0x16, 0x24, 1, 0x49, 0x66, 2, 0, 0, 0, 0x2B, 0xD6, 2, 1, 1];
        let mut pap = Pap::default();
        apply_pap(&mut pap, &grpprl);
        assert!(pap.in_table);
        assert_eq!(pap.itap, 2);
        assert_eq!(pap.depth(), 2);
        assert!(pap.cells.get(1).is_some_and(|c| c.vert_continue));
        // A cut-off operand stops the list without reading past it.
        assert_eq!(sprms(&[0x49, 0x66, 2]).count(), 0);
    }

    /// Reads `text` (UTF-16 at FC 0, one piece) with these paragraph properties for the
    /// marks at the given character indexes; other marks have none.
    fn lines_of(text: &str, marks: &[(usize, Pap)], deleted: &[usize]) -> Vec<String> {
        let units: Vec<u16> = text.encode_utf16().collect();
        let word: Vec<u8> = units.iter().flat_map(|c| c.to_le_bytes()).collect();
        let fc = |i: usize| (2 * i) as u32;
        let doc = Doc {
            word: &word,
            clx: Clx {
                pieces: vec![Piece {
                    cp: 0,
                    cp_end: units.len() as u32,
                    fc: 0,
                    compressed: false,
                    grpprl: None,
                }],
                prcs: Vec::new(),
            },
            paps: Runs {
                runs: marks
                    .iter()
                    .map(|(i, pap)| (fc(*i), fc(*i) + 2, pap.clone()))
                    .collect(),
            },
            deleted: Runs {
                runs: deleted.iter().map(|&i| (fc(i), fc(i) + 2, ())).collect(),
            },
        };
        let mut b = TextBuilder::default();
        doc.each_char(0, units.len() as u32, |c, fc, piece| {
            b.push(&doc, c, fc, piece)
        });
        b.finish()
    }

    fn cell(itap: u32) -> Pap {
        Pap {
            in_table: true,
            itap,
            inner_cell: itap > 1,
            ..Pap::default()
        }
    }

    fn row_end(itap: u32) -> Pap {
        Pap {
            in_table: true,
            itap,
            ttp: itap == 1,
            inner_ttp: itap > 1,
            ..Pap::default()
        }
    }

    #[test]
    fn a_nested_table_goes_into_its_cell() {
        // Outer row: [inner table (x | y) then 尾] | z. Inner marks are 0x0D.
        let text = "前\rx\ry\r\r尾\x07z\x07\x07后\r";
        let idx = |n: usize| {
            text.char_indices()
                .filter(|(_, c)| "\r\x07".contains(*c))
                .nth(n)
                .map(|(i, _)| text[..i].chars().count())
                .unwrap()
        };
        let marks = [
            (idx(1), cell(2)),
            (idx(2), cell(2)),
            (idx(3), row_end(2)),
            (idx(4), cell(1)),
            (idx(5), cell(1)),
            (idx(6), row_end(1)),
        ];
        assert_eq!(lines_of(text, &marks, &[]), ["前", "x y；尾\tz", "后"]);
    }

    #[test]
    fn field_codes_hidden_results_shown_and_deleted_text_left_out() {
        // { PAGE \* MERGEFORMAT }3 ; a nested field inside a result; a field without a
        // result; a deleted 旧.
        let text =
            "第\x13 PAGE \x143\x15页\x13 REF a \x14见\x13 PAGE \x14二\x15\x15\x13 TC \x15旧新\r";
        let old = text.chars().position(|c| c == '旧').unwrap();
        assert_eq!(lines_of(text, &[], &[old]), ["第3页见二新"]);
        // A field code cut off by its paragraph's end does not hide what follows.
        assert_eq!(lines_of("甲\x13 broken\r乙\r", &[], &[]), ["甲", "乙"]);
    }

    #[test]
    fn a_compressed_piece_is_one_byte_a_character_after_any_prc() {
        let mut clx = vec![1u8, 3, 0, 0x16, 0x24, 1]; // a Prc: sprmPFInTable 1
        clx.push(2);
        clx.extend_from_slice(&16u32.to_le_bytes());
        clx.extend_from_slice(&0u32.to_le_bytes());
        clx.extend_from_slice(&4u32.to_le_bytes());
        clx.extend_from_slice(&0u16.to_le_bytes());
        clx.extend_from_slice(&((8u32 * 2) | FC_COMPRESSED).to_le_bytes());
        clx.extend_from_slice(&0u16.to_le_bytes());
        let parsed = parse_clx(&clx, 12).unwrap();
        assert_eq!(parsed.prcs, [vec![0x16, 0x24, 1]]);
        assert_eq!(parsed.pieces.len(), 1);
        assert!(parsed.pieces[0].compressed);
        assert_eq!(parsed.pieces[0].fc, 8);
        let mut word = vec![0u8; 8];
        word.extend_from_slice(b"Ok\x93\r");
        let doc = Doc {
            word: &word,
            clx: parsed,
            paps: Runs { runs: Vec::new() },
            deleted: Runs { runs: Vec::new() },
        };
        let mut b = TextBuilder::default();
        doc.each_char(0, 4, |c, fc, piece| b.push(&doc, c, fc, piece));
        assert_eq!(b.finish(), ["Ok\u{201C}"]);
        // The same piece claiming more text than the stream holds is an error.
        assert!(parse_clx(&clx, 10).is_err());
    }
}
