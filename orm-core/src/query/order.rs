//! The ORDER BY clause.

use crate::expr::OrderNode;
use crate::render::SqlWriter;

pub(crate) fn render_order_by<'a>(terms: &'a [OrderNode], w: &mut SqlWriter<'a>) {
    for (i, term) in terms.iter().enumerate() {
        w.push_sql(if i == 0 { " ORDER BY " } else { ", " });
        term.render(w);
    }
}
