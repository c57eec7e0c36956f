//! The ORDER BY clause.

use crate::expr::OrderTerm;
use crate::render::SqlWriter;

pub(crate) fn render_order_by<'a>(terms: &'a [OrderTerm], w: &mut SqlWriter<'a>) {
    for (i, term) in terms.iter().enumerate() {
        w.push_sql(if i == 0 { " ORDER BY " } else { ", " });
        term.render(w);
    }
}
