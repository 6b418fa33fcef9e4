//! Transparent decompression: gzip (every member of a multi-member file, as web
//! archives are written, one member per record) and Zstandard, recognised by their magic
//! bytes and decompressed as a stream, so nothing is held whole in memory.

use std::io::{BufReader, Read};

/// A compression format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Compression {
    /// Not compressed.
    None,
    /// gzip (`.gz`), one or several members.
    Gzip,
    /// Zstandard (`.zst`).
    Zstd,
}

/// File-name endings of compressed files.
const ENDINGS: [&str; 3] = [".gz", ".zst", ".zstd"];

/// The file name without a compression ending (`a.warc.gz` -> `a.warc`); case is ignored.
pub(crate) fn strip_extension(path: &str) -> &str {
    for ending in ENDINGS {
        if path.len() > ending.len() {
            let cut = path.len() - ending.len();
            if path.is_char_boundary(cut) && path[cut..].eq_ignore_ascii_case(ending) {
                return &path[..cut];
            }
        }
    }
    path
}

impl Compression {
    /// The compression of a stream from its first four bytes.
    pub fn sniff(magic: &[u8]) -> Compression {
        if magic.starts_with(&[0x1f, 0x8b]) {
            Compression::Gzip
        } else if magic.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
            Compression::Zstd
        } else {
            Compression::None
        }
    }

    /// True for file names with a compression ending (`.gz`, `.zst`).
    pub fn has_extension(path: &str) -> bool {
        strip_extension(path).len() != path.len()
    }

    /// A reader that decompresses `r`.
    pub(crate) fn decoder(self, r: Box<dyn Read + Send>) -> Box<dyn Read + Send> {
        match self {
            Compression::None => r,
            Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(BufReader::new(r))),
            Compression::Zstd => match zstd::stream::read::Decoder::new(r) {
                Ok(d) => Box::new(d),
                // Creating the decoder fails only when zstd cannot allocate its context.
                Err(e) => Box::new(Failing(Some(e))),
            },
        }
    }
}

/// A reader whose first read fails with the given error.
struct Failing(Option<std::io::Error>);

impl Read for Failing {
    fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
        match self.0.take() {
            Some(e) => Err(e),
            None => Ok(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn unpack(c: Compression, bytes: Vec<u8>) -> std::io::Result<Vec<u8>> {
        let mut out = Vec::new();
        c.decoder(Box::new(std::io::Cursor::new(bytes))).read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn endings_are_stripped_case_insensitively() {
        assert_eq!(strip_extension("a.warc.gz"), "a.warc");
        assert_eq!(strip_extension("a.JSONL.ZST"), "a.JSONL");
        assert_eq!(strip_extension("a.txt"), "a.txt");
        assert_eq!(strip_extension(".gz"), ".gz");
        assert!(Compression::has_extension("x.Gz"));
        assert!(!Compression::has_extension("x.gzip.txt"));
    }

    #[test]
    fn every_gzip_member_is_read() {
        let mut two = gzip(b"first\n");
        two.extend(gzip(b"second\n"));
        assert_eq!(Compression::sniff(&two), Compression::Gzip);
        assert_eq!(unpack(Compression::Gzip, two).unwrap(), b"first\nsecond\n");
    }

    #[test]
    fn zstd_round_trips() {
        let packed = zstd::encode_all(&b"hello zstd"[..], 3).unwrap();
        assert_eq!(Compression::sniff(&packed), Compression::Zstd);
        assert_eq!(unpack(Compression::Zstd, packed).unwrap(), b"hello zstd");
    }

    #[test]
    fn truncated_streams_fail() {
        let data: Vec<u8> = (0..20_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let mut g = gzip(&data);
        g.truncate(g.len() / 2);
        assert!(unpack(Compression::Gzip, g).is_err());
        let mut z = zstd::encode_all(&data[..], 3).unwrap();
        z.truncate(z.len() / 2);
        assert!(unpack(Compression::Zstd, z).is_err());
        assert_eq!(Compression::sniff(b"plain"), Compression::None);
    }
}
