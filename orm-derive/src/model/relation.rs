//! Relation declarations on a table: `#[has_many(..)]`, `#[has_one(..)]`,
//! `#[belongs_to(..)]`, `#[many_to_many(..)]`.

use syn::parse::ParseStream;
use syn::{Attribute, Ident, Path, Token};

use super::ctxt::Ctxt;
use super::symbol::{BELONGS_TO, FK, FROM, HAS_MANY, HAS_ONE, KEY, MANY_TO_MANY, TARGET_KEY, THROUGH, TO};

/// The kind of a relation.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum RelationKind {
    HasMany,
    HasOne,
    BelongsTo,
    ManyToMany,
}

impl RelationKind {
    /// The kind of a relation attribute, if it is one.
    pub(crate) fn of(attr: &Attribute) -> Option<RelationKind> {
        let path = attr.path();
        Some(if path == HAS_MANY {
            RelationKind::HasMany
        } else if path == HAS_ONE {
            RelationKind::HasOne
        } else if path == BELONGS_TO {
            RelationKind::BelongsTo
        } else if path == MANY_TO_MANY {
            RelationKind::ManyToMany
        } else {
            return None;
        })
    }

    pub(crate) fn attr_name(self) -> &'static str {
        match self {
            RelationKind::HasMany => "has_many",
            RelationKind::HasOne => "has_one",
            RelationKind::BelongsTo => "belongs_to",
            RelationKind::ManyToMany => "many_to_many",
        }
    }

    /// The keys this kind takes, and which are required.
    fn keys(self) -> (&'static [&'static str], &'static [&'static str]) {
        match self {
            RelationKind::HasMany | RelationKind::HasOne | RelationKind::BelongsTo => {
                (&["fk", "key"], &["fk"])
            }
            RelationKind::ManyToMany => {
                (&["through", "from", "to", "key", "target_key"], &["through", "from", "to"])
            }
        }
    }

    fn syntax(self) -> &'static str {
        match self {
            RelationKind::HasMany => "`#[has_many(posts: Post, fk = Post::AUTHOR_ID)]`",
            RelationKind::HasOne => "`#[has_one(profile: Profile, fk = Profile::USER_ID)]`",
            RelationKind::BelongsTo => "`#[belongs_to(author: User, fk = Self::AUTHOR_ID)]`",
            RelationKind::ManyToMany => {
                "`#[many_to_many(tags: Tag, through = PostTag, from = PostTag::POST_ID, to = PostTag::TAG_ID)]`"
            }
        }
    }
}

/// One declared relation.
pub(crate) struct RelationModel {
    pub(crate) kind: RelationKind,
    pub(crate) attr: Path,
    /// The accessor's name: `posts` in `User::posts()`.
    pub(crate) name: Ident,
    /// The related table.
    pub(crate) target: Path,
    pub(crate) fk: Option<Path>,
    pub(crate) key: Option<Path>,
    pub(crate) through: Option<Path>,
    pub(crate) from: Option<Path>,
    pub(crate) to: Option<Path>,
    pub(crate) target_key: Option<Path>,
}

/// Parses a relation attribute; problems are reported in `cx`.
pub(crate) fn parse_relation(cx: &Ctxt, attr: &Attribute, kind: RelationKind) -> Option<RelationModel> {
    let parsed = attr.parse_args_with(|input: ParseStream<'_>| {
        // name: Target
        let name: Ident = input.parse()?;
        input.parse::<Token![:]>()?;
        let target: Path = input.parse()?;
        let mut model = RelationModel {
            kind,
            attr: attr.path().clone(),
            name,
            target,
            fk: None,
            key: None,
            through: None,
            from: None,
            to: None,
            target_key: None,
        };
        // , key = Path ...
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            input.parse::<Token![=]>()?;
            let value: Path = input.parse()?;
            let (allowed, _) = kind.keys();
            let slot = match () {
                _ if key == FK && allowed.contains(&"fk") => &mut model.fk,
                _ if key == KEY && allowed.contains(&"key") => &mut model.key,
                _ if key == THROUGH && allowed.contains(&"through") => &mut model.through,
                _ if key == FROM && allowed.contains(&"from") => &mut model.from,
                _ if key == TO && allowed.contains(&"to") => &mut model.to,
                _ if key == TARGET_KEY && allowed.contains(&"target_key") => &mut model.target_key,
                _ => {
                    return Err(syn::Error::new_spanned(
                        &key,
                        format!(
                            "unknown `{}` key `{key}`; expected one of: {}",
                            kind.attr_name(),
                            allowed.join(", ")
                        ),
                    ));
                }
            };
            if slot.is_some() {
                return Err(syn::Error::new_spanned(
                    &key,
                    format!("duplicate `{key}` in `{}`", kind.attr_name()),
                ));
            }
            *slot = Some(value);
        }
        Ok(model)
    });
    let model = match parsed {
        Ok(model) => model,
        Err(err) => {
            cx.syn_error(syn::Error::new(err.span(), format!("{err}; write {}", kind.syntax())));
            return None;
        }
    };
    let (_, required) = kind.keys();
    let present = [
        ("fk", model.fk.is_some()),
        ("through", model.through.is_some()),
        ("from", model.from.is_some()),
        ("to", model.to.is_some()),
    ];
    for (key, set) in present {
        if required.contains(&key) && !set {
            cx.error_spanned_by(
                attr,
                format!("`{}` needs `{key} = ..`: {}", kind.attr_name(), kind.syntax()),
            );
            return None;
        }
    }
    Some(model)
}
