//! "Did you mean …?" suggestions. Small vocabularies (kinds, relations, plan types) are
//! compared by edit distance; item ids go through an index of single-character deletions so
//! that thousands of unknown ids against a hundred thousand known ones stay linear.

/// The closest of a few candidates, if one is close enough to be a likely typo.
pub fn closest<'a>(query: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (query.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|c| (strsim::damerau_levenshtein(query, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// Finds known ids within one edit (or a change of letter case) of an unknown id.
///
/// It holds a hash of every id, lower-cased, and of every string made by deleting one
/// character of it: two ids one edit apart share one of these. The hashes sit in one sorted
/// vector, so building the index for a hundred thousand ids allocates a few megabytes, once,
/// and each unknown id costs a handful of binary searches.
pub struct IdIndex<'a> {
    ids: Vec<&'a str>,
    /// (hash of a variant, index into `ids`), sorted.
    variants: Vec<(u64, u32)>,
}

impl<'a> IdIndex<'a> {
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let ids: Vec<&'a str> = ids.into_iter().collect();
        let mut variants = Vec::with_capacity(ids.len() * 10);
        for (i, id) in ids.iter().enumerate() {
            let i = u32::try_from(i).expect("fewer than 4 billion ids");
            variants.extend(variant_hashes(&id.to_lowercase()).map(|h| (h, i)));
        }
        variants.sort_unstable();
        variants.dedup();
        Self { ids, variants }
    }

    /// The best known id for an unknown one, other than those in `exclude` (the ids the same
    /// field already names): the closest by edit distance, ignoring letter case, with ties
    /// broken alphabetically so output is stable.
    pub fn suggest(&self, unknown: &str, exclude: &[&str]) -> Option<&'a str> {
        let lower = unknown.to_lowercase();
        variant_hashes(&lower)
            .flat_map(|h| {
                let start = self.variants.partition_point(|(v, _)| *v < h);
                self.variants[start..]
                    .iter()
                    .take_while(move |(v, _)| *v == h)
            })
            .map(|&(_, i)| self.ids[i as usize])
            .filter(|id| !exclude.contains(id))
            .map(|id| (strsim::damerau_levenshtein(&lower, &id.to_lowercase()), id))
            .filter(|(d, _)| *d <= 2)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, id)| id)
    }
}

/// Hashes of the text itself and of every string made by deleting one of its characters,
/// each built in one reused buffer.
fn variant_hashes(text: &str) -> impl Iterator<Item = u64> + '_ {
    let mut buffer = String::with_capacity(text.len());
    let mut hash = move |a: &str, b: &str| {
        buffer.clear();
        buffer.push_str(a);
        buffer.push_str(b);
        let mut h = rustc_hash::FxHasher::default();
        std::hash::Hasher::write(&mut h, buffer.as_bytes());
        std::hash::Hasher::finish(&h)
    };
    let whole = hash(text, "");
    std::iter::once(whole).chain(
        text.char_indices()
            .map(move |(i, c)| hash(&text[..i], &text[i + c.len_utf8()..])),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_ids_one_edit_away() {
        let index = IdIndex::new(["CP-P1", "CP-P2", "CP-O2.1", "WFS-O1"]);
        assert_eq!(index.suggest("CP-P9", &[]), Some("CP-P1"));
        assert_eq!(index.suggest("CP-P9", &["CP-P1"]), Some("CP-P2"));
        assert_eq!(index.suggest("CP-O21", &[]), Some("CP-O2.1"));
        assert_eq!(index.suggest("cp-o2.1", &[]), Some("CP-O2.1"));
        assert_eq!(index.suggest("WFS-O10", &[]), Some("WFS-O1"));
        assert_eq!(index.suggest("ZZZ-9", &[]), None);
    }

    #[test]
    fn suggests_kinds_with_typos() {
        let kinds = ["priority", "objective", "target"];
        assert_eq!(closest("objectve", kinds), Some("objective"));
        assert_eq!(closest("tagret", kinds), Some("target"));
        assert_eq!(closest("milestone", kinds), None);
    }
}
