//! Scoring predictions against annotated quotations, with the same rules as the
//! reference scorer `score.py` of the evaluation corpora: spans are compared on word
//! tokens after trimming quotation marks and punctuation; pairs are matched one to one,
//! greedily, best overlap first; a speaker matches when the predicted name or mention
//! contains the gold mention or its last word, or the mention spans overlap.
//!
//! All offsets here are **character** offsets, as in the gold files.

use std::collections::{BTreeMap, HashSet};

/// One annotated quotation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GoldQuote {
    /// Content span (characters).
    pub span: (usize, usize),
    /// Acceptable speaker strings (the mention or resolved name, and aliases).
    pub names: Vec<String>,
    /// Speaker mention span, when annotated.
    pub speaker_span: Option<(usize, usize)>,
    /// `false` for borderline quotations: neither rewarded nor penalised.
    pub required: bool,
    /// direct, indirect, mixed …
    pub kind: String,
}

/// One predicted quotation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PredQuote {
    /// Content span (characters).
    pub span: (usize, usize),
    /// Candidate speaker strings: resolved name and mention text.
    pub speaker: Vec<String>,
    /// Mention span (characters).
    pub mention: Option<(usize, usize)>,
    /// The tool's confidence.
    pub confidence: f32,
}

/// True, false positives and false negatives of one row.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Matched.
    pub tp: usize,
    /// Predicted but wrong.
    pub fp: usize,
    /// Annotated but missed.
    pub fn_: usize,
}

impl Counts {
    /// Precision, recall and F1.
    pub fn prf(&self) -> (f64, f64, f64) {
        let p =
            if self.tp + self.fp > 0 { self.tp as f64 / (self.tp + self.fp) as f64 } else { 0.0 };
        let r =
            if self.tp + self.fn_ > 0 { self.tp as f64 / (self.tp + self.fn_) as f64 } else { 0.0 };
        let f = if p + r > 0.0 { 2.0 * p * r / (p + r) } else { 0.0 };
        (p, r, f)
    }

    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// The four rows of the reference scorer.
pub const ROWS: [&str; 4] =
    ["span-exact", "span-overlap", "span-exact+speaker", "span-overlap+speaker"];

/// Scores summed over articles.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Report {
    /// Articles scored.
    pub articles: usize,
    /// Required gold quotations.
    pub gold: usize,
    /// Predictions scored.
    pub predicted: usize,
    /// One entry per row of [`ROWS`].
    pub rows: [Counts; 4],
    /// Recall by kind under the overlap criterion: kind -> (found, total).
    pub by_kind: BTreeMap<String, (usize, usize)>,
    /// Every scored prediction: its confidence, and whether it is right under
    /// span-overlap+speaker.
    pub judged: Vec<(f32, bool)>,
}

/// Precision of the predictions in one confidence band.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Lowest and highest confidence in the band.
    pub lo: f32,
    /// Highest confidence in the band.
    pub hi: f32,
    /// Predictions in the band.
    pub count: usize,
    /// Share of them right under span-overlap+speaker.
    pub precision: f64,
}

/// One scored article: the counts and which pairs matched.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ArticleScore {
    /// Counts per row.
    pub rows: [Counts; 4],
    /// (gold index, prediction index, exact) of every matched pair.
    pub pairs: Vec<(usize, usize, bool)>,
    /// Per prediction: right (true) or wrong (false) under span-overlap+speaker; `None`
    /// for a match with an optional gold quotation, which is neither.
    pub judged: Vec<Option<bool>>,
}

fn trim_char(c: char) -> bool {
    c.is_whitespace() || "\u{a0}\"'“”‘’«»„‟‹›.,;:".contains(c)
}

fn norm_span(text: &[char], s: usize, e: usize) -> (usize, usize) {
    let (mut s, mut e) = (s.min(text.len()), e.min(text.len()));
    while s < e && trim_char(text[s]) {
        s += 1;
    }
    while e > s && trim_char(text[e - 1]) {
        e -= 1;
    }
    (s, e)
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn tokens(text: &[char], s: usize, e: usize) -> HashSet<(usize, usize)> {
    let mut out = HashSet::new();
    let mut i = s;
    while i < e {
        if is_word(text[i]) {
            let a = i;
            while i < e && is_word(text[i]) {
                i += 1;
            }
            out.insert((a, i));
        } else {
            i += 1;
        }
    }
    out
}

fn norm_name(x: &str) -> String {
    x.to_lowercase().replace('’', "'").split_whitespace().collect::<Vec<_>>().join(" ")
}

fn words(x: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    for c in x.chars() {
        if is_word(c) {
            cur.push(c);
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn speaker_str_ok(gold: &[String], pred: &str) -> bool {
    let p = norm_name(pred);
    if !gold.iter().any(|g| !norm_name(g).is_empty()) {
        return p.is_empty();
    }
    if p.is_empty() {
        return false;
    }
    let pw: HashSet<String> = words(&p).into_iter().collect();
    gold.iter().any(|g| {
        let g = norm_name(g);
        if g.is_empty() {
            return false;
        }
        if g == p || p.contains(&g) {
            return true;
        }
        words(&g).last().is_some_and(|last| last.chars().count() > 1 && pw.contains(last))
    })
}

/// Does the predicted speaker match the gold speaker?
pub fn speaker_ok(gold: &GoldQuote, pred: &PredQuote) -> bool {
    if let (Some(g), Some(p)) = (gold.speaker_span, pred.mention) {
        if p.0 < g.1 && p.1 > g.0 {
            return true;
        }
    }
    let cands: Vec<&String> = pred.speaker.iter().filter(|c| !norm_name(c).is_empty()).collect();
    if cands.is_empty() {
        return speaker_str_ok(&gold.names, "");
    }
    cands.iter().any(|c| speaker_str_ok(&gold.names, c))
}

/// Score one article. `text` is the article text; spans are character offsets into it.
pub fn score_article(
    text: &str,
    gold: &[GoldQuote],
    pred: &[PredQuote],
    min_overlap: f64,
) -> ArticleScore {
    let chars: Vec<char> = text.chars().collect();
    let p_norm: Vec<(usize, usize)> =
        pred.iter().map(|p| norm_span(&chars, p.span.0, p.span.1)).collect();
    let p_tok: Vec<HashSet<(usize, usize)>> =
        p_norm.iter().map(|&(s, e)| tokens(&chars, s, e)).collect();
    let mut cands = Vec::new();
    for (gi, g) in gold.iter().enumerate() {
        let g_norm = norm_span(&chars, g.span.0, g.span.1);
        let g_tok = tokens(&chars, g_norm.0, g_norm.1);
        for pi in 0..pred.len() {
            let exact = g_norm == p_norm[pi] && g_norm.1 > g_norm.0;
            let inter = g_tok.intersection(&p_tok[pi]).count();
            if !exact && inter == 0 {
                continue;
            }
            let gl = g_tok.len().max(1) as f64;
            let pl = p_tok[pi].len().max(1) as f64;
            let ok =
                exact || (inter as f64 / gl >= min_overlap && inter as f64 / pl >= min_overlap);
            let score = (u8::from(exact), inter as f64 / gl.max(pl));
            cands.push((score, gi, pi, exact, ok));
        }
    }
    // Stable sort, best first, as Python's sort(reverse=True) on equal keys keeps order.
    cands.sort_by(|a, b| b.0.0.cmp(&a.0.0).then(b.0.1.total_cmp(&a.0.1)));
    let (mut used_g, mut used_p) = (HashSet::new(), HashSet::new());
    let mut pairs = Vec::new();
    for (_, gi, pi, exact, ok) in cands {
        if !ok || used_g.contains(&gi) || used_p.contains(&pi) {
            continue;
        }
        used_g.insert(gi);
        used_p.insert(pi);
        pairs.push((gi, pi, exact));
    }
    let matched: BTreeMap<usize, (usize, bool)> =
        pairs.iter().map(|&(g, p, e)| (g, (p, e))).collect();
    let mut rows = [Counts::default(); 4];
    for (r, row) in ROWS.iter().enumerate() {
        let c = &mut rows[r];
        for (gi, g) in gold.iter().enumerate() {
            let m = matched.get(&gi);
            let mut ok = m.is_some_and(|&(_, exact)| exact || row.starts_with("span-overlap"));
            if ok && row.ends_with("+speaker") {
                ok = m.is_some_and(|&(pi, _)| speaker_ok(g, &pred[pi]));
            }
            if !g.required {
                continue;
            }
            if ok {
                c.tp += 1;
            } else {
                c.fn_ += 1;
                if m.is_some() {
                    c.fp += 1;
                }
            }
        }
        c.fp += (0..pred.len()).filter(|pi| !used_p.contains(pi)).count();
    }
    let mut judged = vec![Some(false); pred.len()];
    for &(gi, pi, _) in &pairs {
        judged[pi] = gold[gi].required.then(|| speaker_ok(&gold[gi], &pred[pi]));
    }
    ArticleScore { rows, pairs, judged }
}

impl Report {
    /// Add one article's score.
    pub fn add(&mut self, gold: &[GoldQuote], pred: &[PredQuote], s: &ArticleScore) {
        self.articles += 1;
        self.gold += gold.iter().filter(|g| g.required).count();
        self.predicted += pred.len();
        for (r, c) in s.rows.iter().enumerate() {
            self.rows[r].add(*c);
        }
        for (p, j) in pred.iter().zip(&s.judged) {
            if let Some(right) = j {
                self.judged.push((p.confidence, *right));
            }
        }
        let matched: HashSet<usize> = s.pairs.iter().map(|p| p.0).collect();
        for (gi, g) in gold.iter().enumerate().filter(|(_, g)| g.required) {
            let e = self.by_kind.entry(g.kind.clone()).or_default();
            e.1 += 1;
            if matched.contains(&gi) {
                e.0 += 1;
            }
        }
    }

    /// Precision under span-overlap+speaker in `n` bands of equal size, from the most
    /// confident predictions down: how well confidence orders them.
    pub fn bands(&self, n: usize) -> Vec<Band> {
        let mut all = self.judged.clone();
        all.sort_by(|a, b| b.0.total_cmp(&a.0));
        let n = n.min(all.len());
        (0..n)
            .map(|i| {
                let part = &all[i * all.len() / n..(i + 1) * all.len() / n];
                let right = part.iter().filter(|j| j.1).count();
                Band {
                    lo: part.last().map_or(0.0, |j| j.0),
                    hi: part.first().map_or(0.0, |j| j.0),
                    count: part.len(),
                    precision: right as f64 / part.len().max(1) as f64,
                }
            })
            .collect()
    }

    /// The table as `score.py` prints it.
    pub fn table(&self) -> String {
        let mut out = format!(
            "articles {}  gold quotes {} (required)  predicted {}\n",
            self.articles, self.gold, self.predicted
        );
        out.push_str(&format!(
            "{:<22}{:>6}{:>6}{:>6}{:>8}{:>8}{:>8}\n",
            "match", "TP", "FP", "FN", "P", "R", "F1"
        ));
        for (name, c) in ROWS.iter().zip(&self.rows) {
            let (p, r, f) = c.prf();
            out.push_str(&format!(
                "{name:<22}{:>6}{:>6}{:>6}{p:>8.3}{r:>8.3}{f:>8.3}\n",
                c.tp, c.fp, c.fn_
            ));
        }
        if !self.by_kind.is_empty() {
            let kinds: Vec<String> =
                self.by_kind.iter().map(|(k, (f, t))| format!("{k} {f}/{t}")).collect();
            out.push_str(&format!("recall by kind (overlap): {}\n", kinds.join(", ")));
        }
        out
    }
}

/// One annotated article of a gold file in the evaluation corpora's JSON Lines format:
/// `{"id", "text", "lang"?, "quotes": [{"start", "end", "quote", "speaker",
/// "speaker_start", "speaker_end", "speaker_aliases"?, "kind"|"type", "required"?}],
/// "ignore_spans"?: [[start, end], …]}`.
#[derive(Debug, Clone, Default)]
pub struct GoldArticle {
    /// Article id.
    pub id: String,
    /// Article text.
    pub text: String,
    /// Language tag, when given.
    pub lang: Option<String>,
    /// Annotated quotations.
    pub quotes: Vec<GoldQuote>,
    /// Text the annotators discarded (characters): predictions mostly inside are not scored.
    pub ignore: Vec<(usize, usize)>,
}

impl GoldArticle {
    /// Read one gold record; `None` when it has no text.
    pub fn from_json(v: &serde_json::Value) -> Option<GoldArticle> {
        let text = v["text"].as_str()?.to_string();
        let id = match &v["id"] {
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let nchars = text.chars().count();
        let mut quotes = Vec::new();
        for q in v["quotes"].as_array().into_iter().flatten() {
            let span = match (q["start"].as_u64(), q["end"].as_u64()) {
                (Some(s), Some(e)) if s <= e && e as usize <= nchars => (s as usize, e as usize),
                _ => {
                    // Locate the quotation by its text, as the reference scorer does.
                    let needle = q["quote"].as_str().or(q["text"].as_str()).unwrap_or("").trim();
                    match text.find(needle).filter(|_| !needle.is_empty()) {
                        Some(b) => {
                            let s = text[..b].chars().count();
                            (s, s + needle.chars().count())
                        }
                        None => continue,
                    }
                }
            };
            let mut names = vec![q["speaker"].as_str().unwrap_or("").to_string()];
            names.extend(
                q["speaker_aliases"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(|a| a.as_str().map(str::to_string)),
            );
            let speaker_span = match (q["speaker_start"].as_u64(), q["speaker_end"].as_u64()) {
                (Some(s), Some(e)) => Some((s as usize, e as usize)),
                _ => None,
            };
            quotes.push(GoldQuote {
                span,
                names,
                speaker_span,
                required: q["required"].as_bool() != Some(false),
                kind: q["kind"].as_str().or(q["type"].as_str()).unwrap_or("unknown").to_string(),
            });
        }
        let ignore = v["ignore_spans"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|x| Some((x[0].as_u64()? as usize, x[1].as_u64()? as usize)))
            .collect();
        Some(GoldArticle { id, text, lang: v["lang"].as_str().map(str::to_string), quotes, ignore })
    }

    /// Drop the predictions that lie mostly inside the ignored spans; returns how many.
    pub fn drop_ignored(&self, pred: &mut Vec<PredQuote>) -> usize {
        if self.ignore.is_empty() {
            return 0;
        }
        let chars: Vec<char> = self.text.chars().collect();
        let before = pred.len();
        pred.retain(|p| {
            let toks = tokens(&chars, p.span.0.min(chars.len()), p.span.1.min(chars.len()));
            if toks.is_empty() {
                return !self.ignore.iter().any(|&(a, b)| a <= p.span.0 && p.span.1 <= b);
            }
            let inside = toks
                .iter()
                .filter(|&&(a0, a1)| self.ignore.iter().any(|&(a, b)| a <= a0 && a1 <= b))
                .count();
            inside * 2 < toks.len()
        });
        before - pred.len()
    }
}

/// The predictions of an analysis in the scorer's terms (character offsets).
pub fn predictions(a: &crate::model::Analysis) -> Vec<PredQuote> {
    let idx = crate::model::OffsetIndex::new(&a.article.text);
    let ch = |s: crate::model::Span| (idx.char_offset(s.start), idx.char_offset(s.end));
    a.quotes
        .iter()
        .map(|q| {
            let (speaker, mention) = match q.attribution {
                Some(at) => {
                    let name =
                        a.speaker(at.speaker).and_then(|s| s.name.clone()).unwrap_or_default();
                    (
                        vec![name, at.mention.slice(&a.article.text).to_string()],
                        Some(ch(at.mention)),
                    )
                }
                None => (vec![String::new()], None),
            };
            PredQuote { span: ch(q.span), speaker, mention, confidence: q.confidence }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(s: usize, e: usize, name: &str) -> GoldQuote {
        GoldQuote {
            span: (s, e),
            names: vec![name.into()],
            required: true,
            kind: "direct".into(),
            ..GoldQuote::default()
        }
    }

    #[test]
    fn overlap_and_exact_rows() {
        let text = "“We will win the vote tomorrow,” Smith said. Jones said the plan was bad.";
        let gold = [g(1, 31, "Smith"), g(55, 72, "Jones")];
        let pred = [
            PredQuote {
                span: (0, 32),
                speaker: vec!["John Smith".into()],
                mention: None,
                confidence: 0.9,
            },
            PredQuote {
                span: (55, 64),
                speaker: vec!["Brown".into()],
                mention: None,
                confidence: 0.5,
            },
        ];
        let s = score_article(text, &gold, &pred, 0.5);
        assert_eq!(s.rows[0], Counts { tp: 1, fp: 1, fn_: 1 }, "exact: marks are trimmed");
        assert_eq!(s.rows[1], Counts { tp: 2, fp: 0, fn_: 0 });
        assert_eq!(s.rows[3], Counts { tp: 1, fp: 1, fn_: 1 }, "wrong speaker counts twice");
        // The confident prediction is right, the unsure one has the wrong speaker.
        assert_eq!(s.judged, vec![Some(true), Some(false)]);
        let mut report = Report::default();
        report.add(&gold, &pred, &s);
        let bands = report.bands(2);
        assert_eq!(bands.len(), 2);
        assert_eq!((bands[0].hi, bands[0].count, bands[0].precision), (0.9, 1, 1.0));
        assert_eq!((bands[1].lo, bands[1].count, bands[1].precision), (0.5, 1, 0.0));
        assert!(report.bands(0).is_empty());
    }

    #[test]
    fn mention_overlap_matches_speaker() {
        let gq =
            GoldQuote { speaker_span: Some((0, 2)), names: vec!["he".into()], ..g(10, 20, "he") };
        let pq = PredQuote {
            span: (10, 20),
            speaker: vec!["Dmitry Rogozin".into()],
            mention: Some((0, 2)),
            confidence: 0.8,
        };
        assert!(speaker_ok(&gq, &pq));
        let far = PredQuote { mention: Some((30, 32)), ..pq };
        assert!(!speaker_ok(&gq, &far));
    }

    #[test]
    fn optional_gold_is_neither_rewarded_nor_penalised() {
        let text = "Analysts say the deal is dead.";
        let mut gq = g(13, 29, "analysts");
        gq.required = false;
        let pred = [PredQuote {
            span: (13, 29),
            speaker: vec!["analysts".into()],
            mention: None,
            ..PredQuote::default()
        }];
        let s = score_article(text, &[gq], &pred, 0.5);
        assert_eq!(s.rows[1], Counts::default());
    }
}
