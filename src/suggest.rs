//! "Did you mean …?" suggestions. Small vocabularies (kinds, relations, plan types) are
//! compared by edit distance; item ids through hashes of single-character deletions, so
//! that thousands of unknown ids against a hundred thousand known ones stay linear. Names
//! longer than [`MAX_ID_CHARS`] are never compared, so each comparison is bounded too.

use rayon::prelude::*;
use rustc_hash::FxHashMap;
use smallvec::SmallVec;

/// The most characters an id may have. Real ids are a dozen or so (`CP-O2.1`, `WFS-T3`);
/// the bound keeps "did you mean" linear, since ids longer than it are never suggested or
/// compared.
pub const MAX_ID_CHARS: usize = 100;

/// Whether an id, or any name to be matched against others, has more than
/// [`MAX_ID_CHARS`] characters.
pub fn is_too_long(id: &str) -> bool {
    id.len() > MAX_ID_CHARS && id.chars().nth(MAX_ID_CHARS).is_some()
}

/// The closest of a few candidates, if one is close enough to be a likely typo.
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    if is_too_long(query) {
        return None;
    }
    let length = query.chars().count();
    let limit = (length / 3).max(1);
    candidates
        .into_iter()
        // Names whose lengths differ by more than the limit are further apart than it.
        .filter(|c| {
            let n = c.chars().take(length + limit + 1).count();
            n.abs_diff(length) <= limit
        })
        .map(|c| (strsim::damerau_levenshtein(query, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// The most unknown ids one hash is kept for. Only ids written to collide share a hash with
/// more (typos of real ids are a handful per hash); each known id with that hash would be
/// paired with every one of them, so past this many the hash finds no more suggestions.
const CROWDED: usize = 16;

/// For each unknown id, the best known id within one edit (or a change of letter case),
/// other than the ids in its exclusion list (the ids the same field already names, sorted):
/// the closest by edit distance, ignoring letter case, with ties broken alphabetically so
/// that output is stable. Ids longer than [`MAX_ID_CHARS`] are neither suggested nor given
/// suggestions.
///
/// Two ids one edit apart share a hash of the id itself or of a string made by deleting one
/// of its characters. The unknown ids' hashes go in a small table; the known ids are then
/// read once, on all cores, each probing the table with its own hashes. That is linear in the
/// number of known ids, with nothing built or sorted per known id, however many ids are
/// unknown.
pub fn suggest_ids<'a>(known: &[&'a str], unknown: &[(&str, &[&str])]) -> Vec<Option<&'a str>> {
    let lower: Vec<String> = unknown.iter().map(|(id, _)| id.to_lowercase()).collect();
    let mut table: FxHashMap<u64, SmallVec<[u32; 1]>> = FxHashMap::default();
    let mut variants = Variants::default();
    for (j, (id, _)) in unknown.iter().enumerate() {
        if is_too_long(id) {
            continue;
        }
        let j = u32::try_from(j).expect("fewer than 4 billion unknown ids");
        for &h in variants.of(id) {
            let js = table.entry(h).or_default();
            if js.len() < CROWDED && !js.contains(&j) {
                js.push(j);
            }
        }
    }
    // (unknown id, known id) pairs that share a hash: the candidates.
    let mut candidates: Vec<(u32, &'a str)> = known
        .par_iter()
        .fold(
            || (Vec::new(), Variants::default()),
            |(mut found, mut variants), &id| {
                if is_too_long(id) {
                    return (found, variants);
                }
                for h in variants.of(id) {
                    if let Some(js) = table.get(h) {
                        found.extend(js.iter().map(|&j| (j, id)));
                    }
                }
                (found, variants)
            },
        )
        .map(|(found, _)| found)
        .reduce(Vec::new, |mut a, b| {
            a.extend(b);
            a
        });
    candidates.sort_unstable();
    candidates.dedup();
    let mut best = vec![None; unknown.len()];
    for group in candidates.chunk_by(|a, b| a.0 == b.0) {
        let j = group[0].0 as usize;
        let exclude = unknown[j].1;
        best[j] = group
            .iter()
            .map(|&(_, id)| id)
            .filter(|id| exclude.binary_search(id).is_err())
            .map(|id| {
                (
                    strsim::damerau_levenshtein(&lower[j], &id.to_lowercase()),
                    id,
                )
            })
            .filter(|(d, _)| *d <= 2)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, id)| id);
    }
    best
}

/// Reused memory for the hashes of one id after another.
#[derive(Default)]
struct Variants {
    lower: String,
    buffer: String,
    hashes: Vec<u64>,
}

impl Variants {
    /// The hashes of `id`, lower-cased, and of every string made by deleting one of its
    /// characters.
    fn of(&mut self, id: &str) -> &[u64] {
        self.lower.clear();
        if id.is_ascii() {
            self.lower.push_str(id);
            self.lower.make_ascii_lowercase();
        } else {
            self.lower.push_str(&id.to_lowercase());
        }
        self.hashes.clear();
        let text = self.lower.as_str();
        let mut hash = |a: &str, b: &str| {
            self.buffer.clear();
            self.buffer.push_str(a);
            self.buffer.push_str(b);
            let mut h = rustc_hash::FxHasher::default();
            std::hash::Hasher::write(&mut h, self.buffer.as_bytes());
            self.hashes.push(std::hash::Hasher::finish(&h));
        };
        hash(text, "");
        for (i, c) in text.char_indices() {
            hash(&text[..i], &text[i + c.len_utf8()..]);
        }
        &self.hashes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_ids_one_edit_away() {
        let known = ["CP-P1", "CP-P2", "CP-O2.1", "WFS-O1"];
        let unknown: [(&str, &[&str]); 6] = [
            ("CP-P9", &[]),
            ("CP-P9", &["CP-P1"]),
            ("CP-O21", &[]),
            ("cp-o2.1", &[]),
            ("WFS-O10", &[]),
            ("ZZZ-9", &[]),
        ];
        assert_eq!(
            suggest_ids(&known, &unknown),
            [
                Some("CP-P1"),
                Some("CP-P2"),
                Some("CP-O2.1"),
                Some("CP-O2.1"),
                Some("WFS-O1"),
                None
            ]
        );
    }

    #[test]
    fn suggests_kinds_with_typos() {
        let kinds = ["priority", "objective", "target"];
        assert_eq!(closest("objectve", kinds), Some("objective"));
        assert_eq!(closest("tagret", kinds), Some("target"));
        assert_eq!(closest("milestone", kinds), None);
    }
}
