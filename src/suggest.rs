//! "Did you mean …?" suggestions. Small vocabularies (kinds, relations, plan types) are
//! compared by edit distance; item ids go through an index of single-character deletions so
//! that thousands of unknown ids against a hundred thousand known ones stay linear.

use std::collections::HashMap;

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
pub struct IdIndex<'a> {
    /// Every single-character deletion of every id, and each id itself, lower-cased.
    variants: HashMap<String, Vec<&'a str>>,
}

impl<'a> IdIndex<'a> {
    pub fn new(ids: impl IntoIterator<Item = &'a str>) -> Self {
        let mut variants: HashMap<String, Vec<&'a str>> = HashMap::new();
        for id in ids {
            for variant in deletions(&id.to_lowercase()) {
                variants.entry(variant).or_default().push(id);
            }
        }
        Self { variants }
    }

    /// The best known id for an unknown one, other than those in `exclude` (the ids the same
    /// field already names): the closest by edit distance, ignoring letter case, with ties
    /// broken alphabetically so output is stable.
    pub fn suggest(&self, unknown: &str, exclude: &[&str]) -> Option<&'a str> {
        let lower = unknown.to_lowercase();
        deletions(&lower)
            .filter_map(|v| self.variants.get(&v))
            .flatten()
            .filter(|id| !exclude.contains(id))
            .map(|id| (strsim::damerau_levenshtein(&lower, &id.to_lowercase()), *id))
            .filter(|(d, _)| *d <= 2)
            .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
            .map(|(_, id)| id)
    }
}

/// The text itself followed by every string made by deleting one character of it.
fn deletions(text: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(text.to_owned()).chain(text.char_indices().map(move |(i, c)| {
        let mut s = String::with_capacity(text.len());
        s.push_str(&text[..i]);
        s.push_str(&text[i + c.len_utf8()..]);
        s
    }))
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
