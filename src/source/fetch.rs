//! Fetching an article by URL (feature `http`): an HTTP GET with `ureq`, following up
//! to ten redirects, within a time limit, and the response read as a [`Document`]
//! whose URL is the address asked for and whose charset is the one the response
//! declares. A failure is an [`Error::Record`] of kind `http` naming the URL.

use std::time::Duration;

use crate::error::{Error, ErrorKind, Result};

use super::{Document, Format, Hints};

/// How pages are fetched.
#[derive(Debug, Clone)]
pub struct FetchOptions {
    /// The time allowed for one download, from connecting to the last byte.
    pub timeout: Duration,
    /// The largest page accepted, in bytes.
    pub max_bytes: u64,
    /// Redirects followed at most.
    pub max_redirects: u32,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions { timeout: Duration::from_secs(30), max_bytes: 256 << 20, max_redirects: 10 }
    }
}

/// True when an input names a URL rather than a file.
pub fn is_url(input: &str) -> bool {
    let lower = input.get(..8).unwrap_or(input).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// Download `url` into a document.
pub fn fetch(url: &str, opts: &FetchOptions) -> Result<Document> {
    let fail = |message: String| Error::record(ErrorKind::Http, url, None, message);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(opts.timeout))
        .max_redirects(opts.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("quotecite/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut response = agent.get(url).call().map_err(|e| fail(format!("cannot fetch: {e}")))?;
    let status = response.status();
    if !status.is_success() {
        return Err(fail(format!("expected a page, found HTTP status {status}")));
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(opts.max_bytes)
        .read_to_vec()
        .map_err(|e| fail(format!("cannot read the response: {e}")))?;
    let mime = content_type.split(';').next().unwrap_or("").trim();
    let format = match mime {
        "text/html" | "application/xhtml+xml" => Format::Html,
        "text/markdown" | "text/x-markdown" => Format::Markdown,
        "text/plain" => match Format::sniff(&bytes) {
            Format::Markdown => Format::Markdown,
            _ => Format::Text,
        },
        _ => match Format::sniff(&bytes) {
            f @ (Format::Html | Format::Markdown) => f,
            _ => Format::Text,
        },
    };
    let charset = content_type
        .split(';')
        .filter_map(|p| p.trim().strip_prefix("charset="))
        .map(|c| c.trim_matches(['"', '\'']).to_string())
        .next();
    let hints =
        Hints { id: Some(url.to_string()), url: Some(url.to_string()), date: None, charset };
    Ok(Document { origin: url.into(), line: None, format, bytes, hints })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_told_from_paths() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://x"));
        assert!(!is_url("http.txt"));
        assert!(!is_url("dir/https://x"));
    }
}
