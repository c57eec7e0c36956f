//! Name conversions: snake_case, UPPER_SNAKE_CASE, and the plural of a table name.

/// `PostTag` → `post_tag`, `HTTPServer` → `http_server`.
pub(crate) fn snake_case(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_uppercase() {
            let prev = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1);
            let boundary = match prev {
                Some('_') => false,
                Some(p) if p.is_lowercase() || p.is_ascii_digit() => true,
                Some(p) if p.is_uppercase() => next.is_some_and(|n| n.is_lowercase()),
                _ => false,
            };
            if boundary {
                out.push('_');
            }
            out.extend(c.to_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// `created_at` → `CREATED_AT`.
pub(crate) fn upper_snake_case(field: &str) -> String {
    field.to_uppercase()
}

/// The snake_case plural of a struct name: `User` → `users`, `Category` → `categories`,
/// `Address` → `addresses`, `PostTag` → `post_tags`.
pub(crate) fn table_name(struct_name: &str) -> String {
    let snake = snake_case(struct_name);
    let consonant_y = snake.ends_with('y')
        && !snake.ends_with("ay")
        && !snake.ends_with("ey")
        && !snake.ends_with("oy")
        && !snake.ends_with("uy");
    if consonant_y {
        format!("{}ies", &snake[..snake.len() - 1])
    } else if ["s", "x", "z", "ch", "sh"].iter().any(|end| snake.ends_with(end)) {
        format!("{snake}es")
    } else {
        format!("{snake}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_case_splits_words_and_acronyms() {
        assert_eq!(snake_case("User"), "user");
        assert_eq!(snake_case("PostTag"), "post_tag");
        assert_eq!(snake_case("HTTPServer"), "http_server");
        assert_eq!(snake_case("Utf8Text"), "utf8_text");
        assert_eq!(snake_case("PendingReview"), "pending_review");
    }

    #[test]
    fn table_names_are_plural() {
        assert_eq!(table_name("User"), "users");
        assert_eq!(table_name("PostTag"), "post_tags");
        assert_eq!(table_name("Category"), "categories");
        assert_eq!(table_name("Day"), "days");
        assert_eq!(table_name("Address"), "addresses");
        assert_eq!(table_name("Box"), "boxes");
        assert_eq!(table_name("Match"), "matches");
    }
}
