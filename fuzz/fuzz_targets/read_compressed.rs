//! Compressed input: the first byte picks gzip or Zstandard and the input format; the
//! rest is compressed, then cut short or corrupted as the second byte says. A complete
//! stream reads exactly as the uncompressed bytes do; a damaged one yields error records
//! (or the articles before the damage), never a panic.
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use quotecite::source::{self, Format};

const FORMATS: [(Format, &str); 5] = [
    (Format::Text, "in.txt"),
    (Format::Markdown, "in.md"),
    (Format::Jsonl, "in.jsonl"),
    (Format::Html, "in.html"),
    (Format::Warc, "in.warc"),
];

fuzz_target!(|data: &[u8]| {
    if data.len() < 2 || data.len() > quotecite_fuzz::MAX_INPUT {
        return;
    }
    let (mode, damage, body) = (data[0], data[1], &data[2..]);
    let (format, plain_origin) = FORMATS[usize::from(mode >> 1) % FORMATS.len()];
    let mut packed = if mode & 1 == 0 {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all(body).expect("gzip into memory");
        gz.finish().expect("gzip into memory")
    } else {
        zstd::encode_all(body, 1).expect("zstd into memory")
    };
    let ending = if mode & 1 == 0 { ".gz" } else { ".zst" };
    let origin = format!("{plain_origin}{ending}");
    let intact = damage < 128;
    if !intact {
        // Cut the stream, or flip one byte past the magic number.
        let at = 4 + usize::from(damage) * packed.len() / 256;
        if damage & 1 == 0 {
            packed.truncate(at.min(packed.len()));
        } else if at < packed.len() {
            packed[at] ^= 0x5a;
        }
    }
    let out = source::read(&packed, format, &origin);
    quotecite_fuzz::check_read(&out, &origin);
    if intact {
        let plain = source::read(body, format, &origin);
        assert_eq!(out.len(), plain.len(), "compressed and plain record counts differ");
        for (c, p) in out.iter().zip(&plain) {
            match (c, p) {
                (Ok(c), Ok(p)) => assert_eq!(c.text, p.text, "compressed text differs"),
                (Err(_), Err(_)) => {}
                _ => panic!("compressed {c:?} but plain {p:?}"),
            }
        }
    }
});
