//! Deterministic, realistic blog data: the same rows on every run (a fixed
//! seed), names, emails, text and timestamps spread over a year.

use orm::prelude::*;

use crate::blog::{NewComment, NewPost, NewProfile, NewTag, NewUser, Role};

/// How many rows of each kind the seed writes.
pub const USERS: usize = 400;
/// Posts in all (each by a random user).
pub const POSTS: usize = 1_600;
/// Comments in all.
pub const COMMENTS: usize = 6_000;
/// Tags to file posts under.
pub const TAGS: &[&str] = &[
    "rust",
    "postgres",
    "databases",
    "performance",
    "testing",
    "async",
    "web",
    "design",
    "security",
    "tooling",
    "migrations",
    "sql",
    "types",
    "errors",
    "concurrency",
    "networking",
    "embedded",
    "cli",
    "observability",
    "release-notes",
];

/// A small, fast, well-mixed PRNG (SplitMix64): no dependency, same numbers everywhere.
pub struct Rng(u64);

impl Rng {
    /// The generator every seed run starts from.
    pub fn seeded() -> Rng {
        Rng(0x0b10_95ee_d5ee_d000)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    /// `true` with probability `percent / 100`.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// A UUID from the generator (version 4 bits set, so it looks like one).
    pub fn uuid(&mut self) -> Uuid {
        let bits = (u128::from(self.next()) << 64) | u128::from(self.next());
        let version_4 =
            (bits & 0xffff_ffff_ffff_0fff_3fff_ffff_ffff_ffff) | 0x0000_0000_0000_4000_8000_0000_0000_0000;
        Uuid::from_u128(version_4)
    }
}

const FIRST: &[&str] = &[
    "Ada",
    "Grace",
    "Edsger",
    "Barbara",
    "Donald",
    "Frances",
    "Alan",
    "Margaret",
    "Ken",
    "Radia",
    "Linus",
    "Hedy",
    "John",
    "Katherine",
    "Dennis",
    "Sophie",
    "Niklaus",
    "Jean",
    "Tony",
    "Lynn",
    "Guido",
    "Annie",
    "Bjarne",
    "Mary",
    "Leslie",
    "Joan",
    "Yukihiro",
    "Adele",
    "Anders",
    "Evelyn",
];
const LAST: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Dijkstra",
    "Liskov",
    "Knuth",
    "Allen",
    "Turing",
    "Hamilton",
    "Thompson",
    "Perlman",
    "Torvalds",
    "Lamarr",
    "Backus",
    "Johnson",
    "Ritchie",
    "Wilson",
    "Wirth",
    "Sammet",
    "Hoare",
    "Conway",
    "Rossum",
    "Easley",
    "Stroustrup",
    "Keller",
    "Lamport",
    "Clarke",
    "Matsumoto",
    "Goldberg",
    "Hejlsberg",
    "Boyd",
];
const CITIES: &[&str] = &[
    "Lisbon",
    "Oslo",
    "Toronto",
    "Nairobi",
    "Osaka",
    "Montevideo",
    "Tallinn",
    "Wellington",
    "Austin",
    "Kraków",
];
const WORDS: &[&str] = &[
    "query",
    "index",
    "schema",
    "latency",
    "cache",
    "transaction",
    "replica",
    "vacuum",
    "planner",
    "tuple",
    "pool",
    "lock",
    "snapshot",
    "migration",
    "column",
    "row",
    "join",
    "cursor",
    "batch",
    "stream",
    "shard",
    "backup",
    "type",
    "trait",
    "future",
    "runtime",
    "borrow",
    "lifetime",
    "macro",
    "crate",
];
const TITLE_OPENERS: &[&str] = &[
    "Notes on",
    "A gentle introduction to",
    "What I learned about",
    "Five myths about",
    "Debugging",
    "The cost of",
    "Rethinking",
    "A field guide to",
    "Measuring",
    "Why we rewrote",
];

/// The start of the year the data spans.
fn start() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2025-11-01T00:00:00Z").expect("a valid date").with_timezone(&Utc)
}

/// A timestamp in the year from 2025-11-01, from `rng`.
pub fn moment(rng: &mut Rng) -> DateTime<Utc> {
    moment_after(rng, start())
}

/// A timestamp after `earliest` and before the end of the year (or within a day
/// of `earliest`, when that is later).
pub fn moment_after(rng: &mut Rng, earliest: DateTime<Utc>) -> DateTime<Utc> {
    let end = start() + chrono::Duration::days(365);
    let span = (end - earliest).num_seconds().max(24 * 3600);
    earliest + chrono::Duration::seconds(1 + rng.below(span as usize) as i64)
}

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut text: Vec<&str> = (0..words).map(|_| *rng.pick(WORDS)).collect();
    let first = text[0].to_owned();
    let capitalized = first[..1].to_uppercase() + &first[1..];
    text[0] = &capitalized;
    format!("{}.", text.join(" "))
}

fn paragraph(rng: &mut Rng) -> String {
    let sentences = 3 + rng.below(4);
    (0..sentences)
        .map(|_| {
            let words = 6 + rng.below(8);
            sentence(rng, words)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The users, with ids chosen here so posts and comments can point at them.
pub fn users(rng: &mut Rng) -> Vec<NewUser> {
    (0..USERS)
        .map(|n| {
            let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
            let plan = *rng.pick(&["free", "free", "pro", "team"]);
            NewUser {
                id: Some(rng.uuid()),
                email: format!("{}.{}{n}@example.com", first.to_lowercase(), last.to_lowercase()),
                name: format!("{first} {last}"),
                bio: rng.chance(60).then(|| sentence(rng, 8)),
                role: Some(if rng.chance(5) { Role::Admin } else { Role::Member }),
                metadata: Some(serde_json::json!({ "plan": plan, "newsletter": rng.chance(40) })),
                created_at: Some(moment(rng)),
            }
        })
        .collect()
}

/// One profile per user.
pub fn profiles(rng: &mut Rng, users: &[NewUser]) -> Vec<NewProfile> {
    users
        .iter()
        .map(|user| {
            let handle = user.email.split('@').next().unwrap_or("me").replace('.', "-");
            NewProfile {
                user_id: user.id.expect("seeded users have ids"),
                website: rng.chance(50).then(|| format!("https://{handle}.example.org")),
                location: rng.chance(70).then(|| (*rng.pick(CITIES)).to_owned()),
                birthday: rng.chance(30).then(|| {
                    NaiveDate::from_ymd_opt(
                        1950 + rng.below(55) as i32,
                        1 + rng.below(12) as u32,
                        1 + rng.below(28) as u32,
                    )
                    .expect("a valid date")
                }),
            }
        })
        .collect()
}

/// The tags.
pub fn tags() -> Vec<NewTag> {
    TAGS.iter().map(|name| NewTag { name: (*name).to_owned() }).collect()
}

/// The posts, each by one of `users`.
pub fn posts(rng: &mut Rng, users: &[NewUser]) -> Vec<NewPost> {
    (0..POSTS)
        .map(|n| {
            let author = rng.pick(users);
            let title = format!("{} {} {}", rng.pick(TITLE_OPENERS), rng.pick(WORDS), rng.pick(WORDS));
            let slug = format!("{}-{n}", title.to_lowercase().replace(' ', "-"));
            let paragraphs = 2 + rng.below(4);
            NewPost {
                author_id: author.id.expect("seeded users have ids"),
                slug,
                title,
                body: (0..paragraphs).map(|_| paragraph(rng)).collect::<Vec<_>>().join("\n\n"),
                published: Some(rng.chance(80)),
                created_at: Some(moment_after(rng, author.created_at.expect("seeded users have a time"))),
            }
        })
        .collect()
}

/// Comments on published posts (`posts[i]` stored with id `post_ids[i]`), each
/// written after its post and after its author joined.
pub fn comments(rng: &mut Rng, users: &[NewUser], posts: &[NewPost], post_ids: &[i64]) -> Vec<NewComment> {
    let published: Vec<usize> = (0..posts.len()).filter(|&i| posts[i].published == Some(true)).collect();
    (0..COMMENTS)
        .map(|_| {
            let id = rng.uuid();
            let post = *rng.pick(&published);
            let author = rng.pick(users);
            let joined = author.created_at.expect("seeded users have a time");
            let posted = posts[post].created_at.expect("seeded posts have a time");
            let words = 5 + rng.below(15);
            NewComment {
                id,
                post_id: post_ids[post],
                author_id: author.id.expect("seeded users have ids"),
                body: sentence(rng, words),
                created_at: Some(moment_after(rng, joined.max(posted))),
            }
        })
        .collect()
}

/// One to three distinct tags per post: `(post index, tag index)`.
pub fn post_tags(rng: &mut Rng, posts: usize, tags: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for post in 0..posts {
        let mut chosen: Vec<usize> = Vec::new();
        for _ in 0..1 + rng.below(3) {
            let tag = rng.below(tags);
            if !chosen.contains(&tag) {
                chosen.push(tag);
                pairs.push((post, tag));
            }
        }
    }
    pairs
}
