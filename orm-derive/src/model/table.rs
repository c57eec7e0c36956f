//! The model of a `#[derive(Table)]` struct, read from its attributes.

use syn::{Data, DeriveInput, Fields, Ident, LitStr, Path, Type, Visibility};

use super::attr::{parse_column_attrs, parse_index_attr, parse_table_attr};
use super::audit::AuditKind;
use super::case;
use super::check::check_table;
use super::ctxt::Ctxt;
use super::relation::{RelationKind, RelationModel, parse_relation};
use super::symbol::{COLUMN, INDEX, TABLE, UNIQUE_INDEX};
use super::types::option_inner;

/// A table: the struct, its name, keys, indexes and fields.
pub(crate) struct TableModel {
    pub(crate) ident: Ident,
    pub(crate) vis: Visibility,
    /// The table name: `explicit_name`, or the plural of the struct name.
    pub(crate) name: String,
    /// `#[table(name = "..")]`
    pub(crate) explicit_name: Option<LitStr>,
    pub(crate) renamed_from: Option<String>,
    /// `#[table(soft_delete = deleted_at)]`
    pub(crate) soft_delete: Option<Ident>,
    /// `#[table(primary_key(a, b))]`, as field idents.
    pub(crate) composite_key: Option<(Path, Vec<Ident>)>,
    pub(crate) indexes: Vec<IndexModel>,
    pub(crate) fields: Vec<FieldModel>,
    /// `#[has_many(..)]`, `#[belongs_to(..)]`, ..
    pub(crate) relations: Vec<RelationModel>,
}

/// One field: its column and every column attribute.
pub(crate) struct FieldModel {
    pub(crate) ident: Ident,
    pub(crate) ty: Type,
    /// `T` for an `Option<T>` field.
    pub(crate) nullable_inner: Option<Type>,
    pub(crate) column: String,
    /// `#[column(name = "..")]`
    pub(crate) explicit_name: Option<LitStr>,
    pub(crate) renamed_from: Option<String>,
    /// Each flag keeps the attribute's path, for error spans.
    pub(crate) primary_key: Option<Path>,
    pub(crate) unique: Option<Path>,
    pub(crate) index: Option<Path>,
    pub(crate) identity: Option<Path>,
    pub(crate) default: Option<(Path, DefaultModel)>,
    pub(crate) references: Option<ReferenceModel>,
    pub(crate) check: Option<LitStr>,
    pub(crate) varchar: Option<(Path, u32)>,
    pub(crate) numeric: Option<(Path, u32, u32)>,
    /// `#[column(created_at)]`, `#[column(updated_at)]` or `#[column(version)]`.
    pub(crate) audit: Option<(Path, AuditKind)>,
    /// `#[column(validate = path::to_fn)]`: the hook's path.
    pub(crate) validate: Option<Path>,
}

impl FieldModel {
    /// The field type without `Option`.
    pub(crate) fn base_ty(&self) -> &Type {
        self.nullable_inner.as_ref().unwrap_or(&self.ty)
    }

    /// `true` when the database fills the column on insert: a `default` or an audit role.
    pub(crate) fn has_default(&self) -> bool {
        self.default.is_some() || self.audit.is_some()
    }

    /// `true` for `Option<_>` fields.
    pub(crate) fn nullable(&self) -> bool {
        self.nullable_inner.is_some()
    }

    /// The column constant's name: `EMAIL` for `email`.
    pub(crate) fn const_ident(&self) -> Ident {
        let name = case::upper_snake_case(&self.ident.unraw_string());
        Ident::new(&name, self.ident.span())
    }
}

/// A column default.
pub(crate) enum DefaultModel {
    /// `default = "member"`
    Literal(LitStr),
    /// `default = sql("now()")`
    Sql(LitStr),
}

/// `references(User::ID, on_delete = cascade, on_update = restrict)`.
pub(crate) struct ReferenceModel {
    /// `User::ID`: the table path and the column constant.
    pub(crate) target: Path,
    pub(crate) on_delete: Option<(Ident, &'static str)>,
    pub(crate) on_update: Option<(Ident, &'static str)>,
}

impl ReferenceModel {
    /// `Self::ID` → `User::ID`: the path is used in generated items (a `static`,
    /// a module-level `const`) where `Self` does not name the struct.
    fn resolve_self(&mut self, table: &Ident) {
        if let Some(first) = self.target.segments.first_mut() {
            if first.ident == "Self" {
                let mut ident = table.clone();
                ident.set_span(first.ident.span());
                first.ident = ident;
            }
        }
    }
}

/// `#[index(columns(a, b), name = "..", using = gin)]` or `#[unique_index(..)]`.
pub(crate) struct IndexModel {
    pub(crate) attr: Path,
    pub(crate) columns: Vec<Ident>,
    pub(crate) unique: bool,
    pub(crate) name: Option<String>,
    pub(crate) using: Option<Ident>,
    /// `expressions("lower(email)")`: indexed SQL expressions instead of columns.
    pub(crate) expressions: Option<Vec<LitStr>>,
    /// `where = "deleted_at IS NULL"`: the predicate of a partial index.
    pub(crate) predicate: Option<LitStr>,
}

impl TableModel {
    /// Reads and validates the derive input; every problem is reported in `cx`.
    pub(crate) fn from_ast(cx: &Ctxt, input: &DeriveInput) -> Option<TableModel> {
        let fields = match &input.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) if !named.named.is_empty() => &named.named,
                // `struct Empty {}`, `struct Empty;`
                Fields::Named(_) | Fields::Unit => {
                    cx.error_spanned_by(
                        &input.ident,
                        "a table needs at least one field; add the table's columns as named fields: `{ id: i64, .. }`",
                    );
                    return None;
                }
                // `struct Pair(i64, String);`
                Fields::Unnamed(_) => {
                    cx.error_spanned_by(
                        &input.ident,
                        "`#[derive(Table)]` needs named fields, which name the columns: `{ id: i64, .. }`",
                    );
                    return None;
                }
            },
            _ => {
                cx.error_spanned_by(&input.ident, "`#[derive(Table)]` needs a struct with named fields");
                return None;
            }
        };
        if !input.generics.params.is_empty() {
            cx.error_spanned_by(&input.generics, "`#[derive(Table)]` does not support generic structs");
        }
        let mut model = TableModel {
            ident: input.ident.clone(),
            vis: input.vis.clone(),
            name: case::table_name(&input.ident.unraw_string()),
            explicit_name: None,
            renamed_from: None,
            soft_delete: None,
            composite_key: None,
            indexes: Vec::new(),
            fields: Vec::new(),
            relations: Vec::new(),
        };
        for attr in &input.attrs {
            if attr.path() == TABLE {
                parse_table_attr(cx, attr, &mut model);
            } else if let Some(kind) = RelationKind::of(attr) {
                model.relations.extend(parse_relation(cx, attr, kind));
            } else if attr.path() == INDEX || attr.path() == UNIQUE_INDEX {
                if let Some(index) = parse_index_attr(cx, attr, attr.path() == UNIQUE_INDEX) {
                    model.indexes.push(index);
                }
            }
        }
        if let Some(name) = &model.explicit_name {
            model.name = name.value();
        }
        for field in fields {
            let Some(ident) = field.ident.clone() else {
                continue;
            };
            let mut model_field = FieldModel {
                column: ident.unraw_string(),
                ident,
                nullable_inner: option_inner(&field.ty).cloned(),
                ty: field.ty.clone(),
                explicit_name: None,
                renamed_from: None,
                primary_key: None,
                unique: None,
                index: None,
                identity: None,
                default: None,
                references: None,
                check: None,
                varchar: None,
                numeric: None,
                audit: None,
                validate: None,
            };
            for attr in field.attrs.iter().filter(|a| a.path() == COLUMN) {
                parse_column_attrs(cx, attr, &mut model_field);
            }
            if let Some(name) = &model_field.explicit_name {
                model_field.column = name.value();
            }
            if let Some(reference) = &mut model_field.references {
                reference.resolve_self(&model.ident);
            }
            model.fields.push(model_field);
        }
        check_table(cx, &model);
        Some(model)
    }

    /// The single primary key field, if the key has exactly one column.
    pub(crate) fn single_primary_key(&self) -> Option<&FieldModel> {
        match &self.composite_key {
            Some((_, idents)) if idents.len() == 1 => self.field(&idents[0]),
            Some(_) => None,
            None => {
                let mut keys = self.fields.iter().filter(|f| f.primary_key.is_some());
                let key = keys.next()?;
                keys.next().is_none().then_some(key)
            }
        }
    }

    /// The field whose column constant is `ident` (`AUTHOR_ID` → `author_id`).
    pub(crate) fn field_by_const(&self, ident: &Ident) -> Option<&FieldModel> {
        self.fields.iter().find(|f| f.const_ident() == *ident)
    }

    /// The field with this Rust name.
    pub(crate) fn field(&self, ident: &Ident) -> Option<&FieldModel> {
        self.fields.iter().find(|f| f.ident == *ident)
    }
}

/// `unraw` for identifiers: `r#type` → `type`.
pub(crate) trait UnrawString {
    fn unraw_string(&self) -> String;
}

impl UnrawString for Ident {
    fn unraw_string(&self) -> String {
        let text = self.to_string();
        text.strip_prefix("r#").map(str::to_owned).unwrap_or(text)
    }
}
