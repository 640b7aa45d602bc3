//! The XML parts of an OFD package read into what the layout needs: the documents
//! `OFD.xml` names, the pages a `Document.xml` lists, and the characters a page's
//! `Content.xml` places, each at its position on the page (millimetres, y downwards,
//! the baseline of the character). Elements are matched by local name, since
//! producers write them with the `ofd:` prefix or without one.

use std::borrow::Cow;

use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};
use quick_xml::reader::Reader;

/// The most characters read from one page: far beyond any printed page, small
/// enough that a crafted page cannot exhaust memory.
const MAX_PAGE_GLYPHS: usize = 1_000_000;

/// The most entries a `DeltaX`/`DeltaY` list expands to (`g` repeats included).
const MAX_DELTAS: usize = 100_000;

/// The most pages one `Document.xml` may list.
const MAX_LISTED_PAGES: usize = 100_000;

/// Why an XML part could not be read.
#[derive(Debug)]
pub(super) enum XmlError {
    Malformed(quick_xml::Error),
    TooMuchText,
    TooManyPages,
    /// No root element at all.
    Empty,
}

impl std::fmt::Display for XmlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            XmlError::Malformed(e) => write!(f, "it is not well-formed XML: {e}"),
            XmlError::TooMuchText => write!(
                f,
                "it places more than {MAX_PAGE_GLYPHS} characters on one page"
            ),
            XmlError::TooManyPages => write!(f, "it lists more than {MAX_LISTED_PAGES} pages"),
            XmlError::Empty => write!(f, "it is empty"),
        }
    }
}

impl From<quick_xml::Error> for XmlError {
    fn from(e: quick_xml::Error) -> Self {
        XmlError::Malformed(e)
    }
}

type XmlResult<T> = std::result::Result<T, XmlError>;

/// What `OFD.xml` says: the `DocRoot` of each `DocBody`, in order, and whether the
/// package declares encryption.
#[derive(Debug, Default)]
pub(super) struct Roots {
    pub docs: Vec<String>,
    pub encrypted: bool,
}

/// One character placed on a page.
#[derive(Debug, Clone, Copy)]
pub(super) struct Glyph {
    /// Left edge of the character (its origin), mm from the page's left edge.
    pub x: f64,
    /// Baseline, mm from the page's top edge.
    pub y: f64,
    /// Advance: the distance to the next character of its run, or the width the
    /// character is taken to have when nothing follows it.
    pub w: f64,
    /// Font size (em), mm.
    pub size: f64,
    pub ch: char,
}

impl Glyph {
    pub fn end(&self) -> f64 {
        self.x + self.w
    }
}

/// What one page holds.
#[derive(Debug, Default)]
pub(super) struct PageContent {
    pub width: f64,
    pub height: f64,
    pub glyphs: Vec<Glyph>,
    /// Image objects on the page (to tell a scanned OFD from an empty one).
    pub images: usize,
}

/// Page size: width and height, mm.
pub(super) type PageBox = (f64, f64);

/// What `Document.xml` says: the default page size and the pages, in order.
#[derive(Debug)]
pub(super) struct DocumentParts {
    pub page_box: PageBox,
    pub pages: Vec<String>,
}

/// A4, the size of 公文 and the default when a document gives none.
const A4: PageBox = (210.0, 297.0);

fn reader(xml: &str) -> Reader<&[u8]> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    reader
}

/// Reads the next event; the end of a part without any element is an error.
fn next<'a>(reader: &mut Reader<&'a [u8]>, seen_root: &mut bool) -> XmlResult<Event<'a>> {
    let event = reader.read_event()?;
    match event {
        Event::Start(_) | Event::Empty(_) => *seen_root = true,
        Event::Eof if !*seen_root => return Err(XmlError::Empty),
        _ => {}
    }
    Ok(event)
}

/// The local name of an element (`TextObject` for `ofd:TextObject`).
fn local<'a>(e: &'a BytesStart<'a>) -> &'a str {
    e.local_name().into_inner()
}

/// An attribute's value by local name, entities decoded.
fn attr<'a>(e: &'a BytesStart<'a>, key: &str) -> Option<Cow<'a, str>> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().into_inner() == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
}

/// Numbers separated by spaces (`Boundary`, `PhysicalBox`, `CTM`); what is not a
/// finite number counts as 0.
fn numbers(s: &str) -> Vec<f64> {
    s.split_ascii_whitespace().take(16).map(number).collect()
}

fn number(s: &str) -> f64 {
    s.trim()
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .unwrap_or(0.0)
}

/// A `DeltaX`/`DeltaY` list expanded: `g 3 5.2` stands for three times 5.2. At most
/// `cap` entries.
pub(super) fn deltas(s: &str, cap: usize) -> Vec<f64> {
    let cap = cap.min(MAX_DELTAS);
    let mut out = Vec::new();
    let mut tokens = s.split_ascii_whitespace();
    while out.len() < cap {
        let Some(t) = tokens.next() else { break };
        if t.eq_ignore_ascii_case("g") {
            let count = tokens
                .next()
                .and_then(|n| n.parse::<usize>().ok())
                .unwrap_or(0);
            let value = tokens.next().map(number).unwrap_or(0.0);
            let room = cap - out.len();
            out.extend(std::iter::repeat_n(value, count.min(room)));
        } else {
            out.push(number(t));
        }
    }
    out
}

/// Text and references inside an element, decoded, appended to `out`.
fn push_text(event: &Event, out: &mut String) -> XmlResult<()> {
    match event {
        Event::Text(t) => out.push_str(&t.xml10_content()),
        Event::CData(t) => out.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Some(c) = r.resolve_char_ref()? {
                out.push(c);
            } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(r) {
                out.push_str(s);
            }
        }
        _ => {}
    }
    Ok(())
}

/// Reads `OFD.xml`.
pub(super) fn doc_roots(xml: &str) -> XmlResult<Roots> {
    let mut reader = reader(xml);
    let mut seen_root = false;
    let mut roots = Roots::default();
    let mut in_root: Option<String> = None;
    loop {
        let event = next(&mut reader, &mut seen_root)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                if name.starts_with("Encrypt") {
                    roots.encrypted = true;
                }
                if name == "DocRoot" && matches!(event, Event::Start(_)) {
                    in_root = Some(String::new());
                }
            }
            Event::End(e) => {
                if e.local_name().into_inner() == "DocRoot"
                    && let Some(root) = in_root.take()
                {
                    let root = root.trim();
                    if !root.is_empty() {
                        roots.docs.push(root.to_owned());
                    }
                }
            }
            Event::Eof => break,
            _ => {
                if let Some(root) = in_root.as_mut() {
                    push_text(&event, root)?;
                }
            }
        }
    }
    Ok(roots)
}

/// A page box from a `PhysicalBox` text (`x y w h`).
fn page_box(text: &str) -> Option<PageBox> {
    match numbers(text)[..] {
        [_, _, w, h, ..] if w > 1.0 && h > 1.0 => Some((w, h)),
        _ => None,
    }
}

/// Reads a `Document.xml`: the default page size and the pages' locations in order.
pub(super) fn document(xml: &str) -> XmlResult<DocumentParts> {
    let mut reader = reader(xml);
    let mut seen_root = false;
    let mut stack: Vec<String> = Vec::new();
    let mut parts = DocumentParts {
        page_box: A4,
        pages: Vec::new(),
    };
    let mut box_text: Option<String> = None;
    loop {
        let event = next(&mut reader, &mut seen_root)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let name = local(e);
                let parent = stack.last().map(String::as_str);
                if name == "Page" && parent == Some("Pages") {
                    if let Some(loc) = attr(e, "BaseLoc") {
                        if parts.pages.len() >= MAX_LISTED_PAGES {
                            return Err(XmlError::TooManyPages);
                        }
                        parts.pages.push(loc.into_owned());
                    }
                } else if name == "PhysicalBox"
                    && parent == Some("PageArea")
                    && matches!(event, Event::Start(_))
                {
                    box_text = Some(String::new());
                }
                if matches!(event, Event::Start(_)) {
                    stack.push(name.to_owned());
                }
            }
            Event::End(_) => {
                if stack.pop().as_deref() == Some("PhysicalBox")
                    && let Some(b) = box_text.take().as_deref().and_then(page_box)
                {
                    parts.page_box = b;
                }
            }
            Event::Eof => break,
            _ => {
                if let Some(t) = box_text.as_mut() {
                    push_text(&event, t)?;
                }
            }
        }
    }
    Ok(parts)
}

/// The text object being read: where its coordinates start on the page and how they
/// are scaled.
struct TextObject {
    /// Boundary origin on the page.
    ox: f64,
    oy: f64,
    /// CTM scale along x and y (rotated and mirrored objects are skipped).
    sx: f64,
    sy: f64,
    /// CTM translation.
    tx: f64,
    ty: f64,
    size: f64,
    /// Rotated or mirrored: a seal drawn as text, a watermark; left out.
    skip: bool,
    /// A `TextCode` without `X`/`Y` takes those of the code before it.
    last_x: f64,
    last_y: f64,
}

impl TextObject {
    fn new(e: &BytesStart) -> Self {
        let boundary = attr(e, "Boundary").map(|b| numbers(&b)).unwrap_or_default();
        let ox = boundary.first().copied().unwrap_or(0.0);
        let oy = boundary.get(1).copied().unwrap_or(0.0);
        let size = attr(e, "Size")
            .map(|s| number(&s))
            .filter(|s| *s > 0.0)
            .unwrap_or(3.7);
        let mut obj = TextObject {
            ox,
            oy,
            sx: 1.0,
            sy: 1.0,
            tx: 0.0,
            ty: 0.0,
            size,
            skip: false,
            last_x: 0.0,
            last_y: 0.0,
        };
        if let Some(ctm) = attr(e, "CTM")
            && let [a, b, c, d, e, f] = numbers(&ctm)[..]
        {
            let scale = a.abs().max(d.abs()).max(f64::MIN_POSITIVE);
            obj.skip = b.abs() > 1e-3 * scale || c.abs() > 1e-3 * scale || a <= 0.0 || d <= 0.0;
            (obj.sx, obj.sy, obj.tx, obj.ty) = (a, d, e, f);
        }
        obj
    }
}

/// The `TextCode` being read.
struct TextCode {
    x: f64,
    y: f64,
    dx: String,
    dy: String,
    text: String,
}

/// The width a character is taken to have without a `DeltaX`: a full em for CJK
/// characters and full-width punctuation, half an em for Latin letters and digits.
pub(super) fn estimated_width(ch: char, size: f64) -> f64 {
    if is_wide(ch) { size } else { size * 0.5 }
}

pub(super) fn is_wide(ch: char) -> bool {
    (ch as u32) >= 0x2000
}

/// Places the characters of a finished `TextCode` on the page.
fn place(obj: &TextObject, code: TextCode, glyphs: &mut Vec<Glyph>) -> XmlResult<()> {
    let chars: Vec<char> = code
        .text
        .chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    if chars.is_empty() {
        return Ok(());
    }
    if glyphs.len() + chars.len() > MAX_PAGE_GLYPHS {
        return Err(XmlError::TooMuchText);
    }
    let dx = deltas(&code.dx, chars.len());
    let dy = deltas(&code.dy, chars.len());
    let (mut x, mut y) = (code.x, code.y);
    let size = obj.size * obj.sy;
    for (i, &ch) in chars.iter().enumerate() {
        let advance = dx
            .get(i)
            .copied()
            .unwrap_or_else(|| estimated_width(ch, obj.size));
        glyphs.push(Glyph {
            x: obj.ox + obj.sx * x + obj.tx,
            y: obj.oy + obj.sy * y + obj.ty,
            w: advance * obj.sx,
            size,
            ch,
        });
        x += advance;
        y += dy.get(i).copied().unwrap_or(0.0);
    }
    Ok(())
}

/// Reads a page's `Content.xml`: its size (its own `Area`, else the document's) and
/// the characters of its text objects, in page coordinates. Template references,
/// images and drawings add no text.
pub(super) fn page(xml: &str, default_box: PageBox) -> XmlResult<PageContent> {
    let mut reader = reader(xml);
    let mut seen_root = false;
    let mut stack: Vec<String> = Vec::new();
    let mut content = PageContent {
        width: default_box.0,
        height: default_box.1,
        ..PageContent::default()
    };
    let mut object: Option<TextObject> = None;
    let mut code: Option<TextCode> = None;
    let mut box_text: Option<String> = None;
    loop {
        let event = next(&mut reader, &mut seen_root)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => {
                let start = matches!(event, Event::Start(_));
                let name = local(e);
                match name {
                    "TextObject" if start => object = Some(TextObject::new(e)),
                    "TextCode" if start => {
                        if let Some(obj) = object.as_mut() {
                            let x = attr(e, "X").map_or(obj.last_x, |v| number(&v));
                            let y = attr(e, "Y").map_or(obj.last_y, |v| number(&v));
                            (obj.last_x, obj.last_y) = (x, y);
                            code = Some(TextCode {
                                x,
                                y,
                                dx: attr(e, "DeltaX").map(Cow::into_owned).unwrap_or_default(),
                                dy: attr(e, "DeltaY").map(Cow::into_owned).unwrap_or_default(),
                                text: String::new(),
                            });
                        }
                    }
                    "ImageObject" => content.images += 1,
                    "PhysicalBox"
                        if start
                            && stack.last().map(String::as_str) == Some("Area")
                            && stack.len() == 2 =>
                    {
                        box_text = Some(String::new());
                    }
                    _ => {}
                }
                if start {
                    stack.push(name.to_owned());
                }
            }
            Event::End(_) => match stack.pop().as_deref() {
                Some("TextCode") => {
                    if let (Some(obj), Some(c)) = (object.as_ref(), code.take())
                        && !obj.skip
                    {
                        place(obj, c, &mut content.glyphs)?;
                    }
                }
                Some("TextObject") => {
                    object = None;
                    code = None;
                }
                Some("PhysicalBox") => {
                    if let Some((w, h)) = box_text.take().as_deref().and_then(page_box) {
                        (content.width, content.height) = (w, h);
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {
                if let Some(c) = code.as_mut() {
                    if c.text.len() > 4 * MAX_PAGE_GLYPHS {
                        return Err(XmlError::TooMuchText);
                    }
                    push_text(&event, &mut c.text)?;
                } else if let Some(t) = box_text.as_mut() {
                    push_text(&event, t)?;
                }
            }
        }
    }
    Ok(content)
}
