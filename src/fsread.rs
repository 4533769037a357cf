//! Reading a file the user controls: a site's sources, its `site.toml`,
//! Fluent files and templates, a command-line input, the output's lock and
//! stamps. Only regular files are read, opened without waiting, because a
//! named pipe put where a file was would block the reader until something
//! writes to it (in `serve`, the rebuild thread forever).

use std::io::Read;
use std::path::Path;

use crate::diagnostics::Code;

/// Why a file that exists cannot be read (or, for a snippet, shown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// A named pipe, socket, device or folder: reading one could wait forever.
    NotRegular(&'static str),
    TooLarge(u64),
    /// Not UTF-8; what the bytes look like instead, and the first bad byte
    /// with its 1-based line.
    NotUtf8 {
        looks_like: &'static str,
        byte: u8,
        line: usize,
    },
    Io(String),
}

/// The bytes of `path` if it is a regular file of at most `limit` bytes.
/// Nothing else is read: a named pipe put where a file was would block the
/// reader until something writes to it.
pub fn read_regular_file(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let io = |e: std::io::Error| Unreadable::Io(e.to_string());
    let file = open_without_waiting(path).map_err(io)?;
    // The open file's own metadata: the path may have been replaced meanwhile.
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Unreadable::NotRegular(kind_of(&meta)));
    }
    if meta.len() > limit {
        return Err(Unreadable::TooLarge(meta.len()));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    // A file that grew while it was read.
    if bytes.len() as u64 > limit {
        return Err(Unreadable::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// At most the first `limit` bytes of `path` if it is a regular file, for
/// telling what a file is by its first line without reading all of it.
pub fn read_head(path: &Path, limit: u64) -> Result<Vec<u8>, Unreadable> {
    let io = |e: std::io::Error| Unreadable::Io(e.to_string());
    let file = open_without_waiting(path).map_err(io)?;
    let meta = file.metadata().map_err(io)?;
    if !meta.is_file() {
        return Err(Unreadable::NotRegular(kind_of(&meta)));
    }
    let mut bytes = Vec::new();
    file.take(limit).read_to_end(&mut bytes).map_err(io)?;
    Ok(bytes)
}

/// Opening a named pipe for reading waits for a writer; a non-blocking open
/// returns at once, and the caller's metadata check refuses the pipe.
#[cfg(target_os = "linux")]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)
}

#[cfg(not(target_os = "linux"))]
fn open_without_waiting(path: &Path) -> std::io::Result<std::fs::File> {
    if !std::fs::metadata(path)?.is_file() {
        return Err(std::io::Error::other("not a regular file"));
    }
    std::fs::File::open(path)
}

pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if t.is_socket() {
            return "a socket";
        }
        if t.is_block_device() || t.is_char_device() {
            return "a device";
        }
    }
    if meta.is_dir() {
        "a folder"
    } else {
        "not a regular file"
    }
}

/// What a caller reports when [`read_regular_file`] refuses `path`.
pub fn describe(e: &Unreadable, limit: u64) -> String {
    match e {
        Unreadable::NotRegular(kind) => format!("is {kind}, not a file"),
        Unreadable::TooLarge(n) => format!("is {n} bytes; at most {limit} bytes are read"),
        Unreadable::Io(e) => format!("cannot read: {e}"),
        Unreadable::NotUtf8 { .. } => "cannot read".to_string(),
    }
}

/// The text of `path`, a regular file of at most `limit` bytes, with a
/// leading UTF-8 byte order mark (Notepad's default) removed. `Err` holds
/// a diagnostic code and why not, for a message that names the file.
pub fn read_text(path: &Path, limit: u64) -> Result<String, (Code, String)> {
    let bytes = read_regular_file(path, limit).map_err(|e| (Code::Io, describe(&e, limit)))?;
    let mut text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let why = format!(
            "not valid UTF-8 (byte 0x{:02X} at offset {valid}): save the file as UTF-8",
            e.as_bytes()[valid]
        );
        (Code::Encoding, why)
    })?;
    if text.starts_with('\u{feff}') {
        text.drain(..3);
    }
    Ok(text)
}
