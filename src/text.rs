//! Wording helpers for messages written for people.

/// "Budget line" for `budget-line`: the first letter in capitals, hyphens as spaces.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_uppercase()
            .chain(chars)
            .collect::<String>()
            .replace('-', " ")
    })
}

/// "a, b or c".
pub fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// "an action", "a target".
pub fn with_article(noun: &str) -> String {
    let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wording() {
        assert_eq!(capitalise("budget-line"), "Budget line");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
        assert_eq!(or_list(&["a"]), "a");
        assert_eq!(with_article("objective"), "an objective");
        assert_eq!(with_article("target"), "a target");
    }
}
