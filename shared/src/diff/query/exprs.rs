//! Expressions, function calls and windows: the key of each node with the type it carries.

use sqlparser::ast::{
    BinaryOperator, CastKind, Expr, Function, FunctionArg, FunctionArgExpr, FunctionArgumentClause,
    FunctionArguments, InTarget, OrderByExpr, UnaryOperator, Value, WindowType,
};

use super::*;

impl<'a> Keyer<'a> {
    /// An expression below the select list (see [`Keyer::ex_top`] for the list itself).
    ///
    /// Operator chains (`a + b + ...`, `x AND y AND ...`, up to [`crate::sql`]'s limits) are
    /// walked along their left spine in a loop; anything else nests at most [`MAX_DEPTH`] calls
    /// deep, then the key gives up (the caller compares text), so the stack stays small.
    pub(super) fn ex(&mut self, e: &Expr) -> R<Out> {
        let mut e = e;
        while let Expr::Nested(x) = e {
            e = x;
        }
        if let Expr::BinaryOp { .. } = e {
            let mut spine: Vec<(&BinaryOperator, &Expr)> = Vec::new();
            let mut left = e;
            loop {
                match left {
                    Expr::BinaryOp { left: l, op, right } => {
                        spine.push((op, right));
                        left = l;
                    }
                    Expr::Nested(x) if matches!(strip_nested(x), Expr::BinaryOp { .. }) => {
                        left = x;
                    }
                    _ => break,
                }
            }
            let mut acc = self.ex(left)?;
            for (op, right) in spine.into_iter().rev() {
                let r = self.ex(right)?;
                acc = binop(acc, op, r);
            }
            return Ok(acc);
        }
        self.depth += 1;
        let out = if self.depth > MAX_DEPTH {
            Err(Unsupported)
        } else {
            self.ex_node(e)
        };
        self.depth -= 1;
        out
    }

    pub(super) fn ex_node(&mut self, e: &Expr) -> R<Out> {
        Ok(match e {
            Expr::Nested(x) => self.ex(x)?,
            Expr::Identifier(i) => {
                let n = fold(i);
                match self.resolve(&n) {
                    Some(o) => o,
                    None => {
                        // Not a column: a keyword-like call (`current_date`) or an outer name.
                        let ty = function_type(&n).map(str::to_string);
                        Out::plain(qi(&n), ty)
                    }
                }
            }
            Expr::CompoundIdentifier(parts) => {
                let names: Vec<String> = parts.iter().map(fold).collect();
                let (col, qual) = names.split_last().ok_or(Unsupported)?;
                match self.resolve_qualified(qual, col) {
                    Some(o) => o,
                    None => Out::plain(
                        names.iter().map(|n| qi(n)).collect::<Vec<_>>().join("."),
                        None,
                    ),
                }
            }
            Expr::Value(v) => match &v.value {
                Value::Number(n, _) => Out {
                    key: n.clone(),
                    bare: n.clone(),
                    arg: n.clone(),
                    ty: Some(number_type(n).into()),
                    lit: Lit::Num,
                    num: None,
                },
                Value::Boolean(b) => Out::plain(b.to_string(), Some("boolean".into())),
                Value::Null => Out {
                    key: "null".into(),
                    bare: "null".into(),
                    arg: "null".into(),
                    ty: None,
                    lit: Lit::Unknown,
                    num: None,
                },
                other => match string_literal(other) {
                    Some(s) => {
                        let key = format!("'{}'", s.replace('\'', "''"));
                        let t = s.trim();
                        let num = (t.parse::<f64>().is_ok()
                            && t.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.'))
                        .then(|| t.to_string());
                        Out {
                            bare: key.clone(),
                            arg: key.clone(),
                            key,
                            ty: None,
                            lit: Lit::Unknown,
                            num,
                        }
                    }
                    None => Self::fallback(e),
                },
            },
            Expr::Cast {
                kind: CastKind::Cast | CastKind::DoubleColon,
                expr,
                data_type,
                format: None,
            } => {
                let inner = self.ex(expr)?;
                let t = self.type_key(data_type);
                cast_to(inner, t, false)
            }
            Expr::TypedString(ts) => {
                let lit = self.ex(&Expr::Value(ts.value.clone()))?;
                let t = self.type_key(&ts.data_type);
                cast_to(lit, t, false)
            }
            Expr::Interval(iv) if simple_interval(iv) => {
                let lit = self.ex(&iv.value)?;
                cast_to(lit, "interval".into(), false)
            }
            Expr::BinaryOp { left, op, right } => {
                let l = self.ex(left)?;
                let r = self.ex(right)?;
                binop(l, op, r)
            }
            Expr::UnaryOp { op, expr } => {
                let x = self.ex(expr)?;
                match op {
                    UnaryOperator::Minus if x.lit == Lit::Num => {
                        let n = format!("-{}", x.key);
                        Out {
                            key: n.clone(),
                            bare: n.clone(),
                            arg: n,
                            ..x
                        }
                    }
                    UnaryOperator::Plus if x.lit == Lit::Num => x,
                    UnaryOperator::Not => {
                        Out::plain(format!("(not {})", x.key), Some("boolean".into()))
                    }
                    other => Out::plain(
                        format!("({} {})", other.to_string().to_lowercase(), x.key),
                        x.ty,
                    ),
                }
            }
            Expr::IsNull(x) => self.postfix(x, "is null")?,
            Expr::IsNotNull(x) => self.postfix(x, "is not null")?,
            Expr::IsTrue(x) => self.postfix(x, "is true")?,
            Expr::IsNotTrue(x) => self.postfix(x, "is not true")?,
            Expr::IsFalse(x) => self.postfix(x, "is false")?,
            Expr::IsNotFalse(x) => self.postfix(x, "is not false")?,
            Expr::IsUnknown(x) => self.postfix(x, "is unknown")?,
            Expr::IsNotUnknown(x) => self.postfix(x, "is not unknown")?,
            Expr::IsDistinctFrom(a, b) => {
                let (l, r) = (self.ex(a)?, self.ex(b)?);
                named_binop(l, "is distinct from", r, Some("boolean".into()))
            }
            Expr::IsNotDistinctFrom(a, b) => {
                let (l, r) = (self.ex(a)?, self.ex(b)?);
                named_binop(l, "is not distinct from", r, Some("boolean".into()))
            }
            Expr::Between {
                expr,
                negated,
                low,
                high,
            } => {
                let x = self.ex(expr)?;
                let lo = self.ex(low)?;
                let hi = self.ex(high)?;
                // PostgreSQL prints BETWEEN as the two comparisons.
                if *negated {
                    let a = binop(x.clone(), &BinaryOperator::Lt, lo);
                    let b = binop(x, &BinaryOperator::Gt, hi);
                    binop(a, &BinaryOperator::Or, b)
                } else {
                    let a = binop(x.clone(), &BinaryOperator::GtEq, lo);
                    let b = binop(x, &BinaryOperator::LtEq, hi);
                    binop(a, &BinaryOperator::And, b)
                }
            }
            Expr::Like {
                negated,
                expr,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let (l, r) = (self.ex(expr)?, self.ex(pattern)?);
                named_binop(
                    l,
                    if *negated { "!~~" } else { "~~" },
                    r,
                    Some("boolean".into()),
                )
            }
            Expr::ILike {
                negated,
                expr,
                pattern,
                escape_char: None,
                any: false,
            } => {
                let (l, r) = (self.ex(expr)?, self.ex(pattern)?);
                named_binop(
                    l,
                    if *negated { "!~~*" } else { "~~*" },
                    r,
                    Some("boolean".into()),
                )
            }
            Expr::In {
                expr,
                target: InTarget::List(items),
                negated,
                global: false,
            } => {
                let x = self.ex(expr)?;
                let mut elems = Vec::new();
                for i in items {
                    elems.push(self.ex(i)?);
                }
                any_list(x, if *negated { "<> all" } else { "= any" }, elems)
            }
            Expr::In {
                expr,
                target: InTarget::Subquery(q),
                negated,
                global: false,
            } => {
                let x = self.ex(expr)?;
                let (qk, _) = self.query(q, None, false)?;
                // PostgreSQL prints NOT IN (subquery) as NOT (x IN (subquery)).
                let k = format!("({} in ({qk}))", x.key);
                Out::plain(
                    if *negated { format!("(not {k})") } else { k },
                    Some("boolean".into()),
                )
            }
            Expr::AnyOp {
                left,
                compare_op,
                right,
                ..
            } => self.quantified(left, compare_op, right, "any")?,
            Expr::AllOp {
                left,
                compare_op,
                right,
            } => self.quantified(left, compare_op, right, "all")?,
            Expr::Exists { subquery, negated } => {
                let (qk, _) = self.query(subquery, None, false)?;
                let k = format!("(exists ({qk}))");
                Out::plain(
                    if *negated { format!("(not {k})") } else { k },
                    Some("boolean".into()),
                )
            }
            Expr::Subquery(q) => {
                let (qk, cols) = self.query(q, None, false)?;
                Out::plain(format!("({qk})"), cols.first().and_then(|c| c.ty.clone()))
            }
            Expr::Function(f) => self.function(f)?,
            Expr::Case {
                operand,
                conditions,
                else_result,
                ..
            } => {
                let mut s = String::from("case");
                if let Some(o) = operand {
                    s.push_str(&format!(" {}", self.ex(o)?.key));
                }
                let mut results = Vec::new();
                for w in conditions {
                    let c = self.ex(&w.condition)?;
                    let r = self.ex(&w.result)?;
                    s.push_str(&format!(" when {} then {}", c.key, r.key));
                    results.push(r);
                }
                match else_result {
                    Some(e) => {
                        let r = self.ex(e)?;
                        s.push_str(&format!(" else {}", r.key));
                        results.push(r);
                    }
                    // PostgreSQL prints the implicit ELSE NULL.
                    None => s.push_str(" else null"),
                }
                s.push_str(" end");
                let ty = results
                    .iter()
                    .find(|r| r.lit != Lit::Unknown && r.ty.is_some())
                    .and_then(|r| r.ty.clone())
                    .or_else(|| {
                        results
                            .iter()
                            .all(|r| r.lit == Lit::Unknown)
                            .then(|| "text".to_string())
                    });
                Out::plain(s, ty)
            }
            Expr::Array(a) => {
                let mut keys = Vec::new();
                for e in &a.elem {
                    keys.push(self.ex(e)?.key);
                }
                Out::plain(format!("[{}]", keys.join(", ")), None)
            }
            Expr::Extract { field, expr, .. } => {
                let x = self.ex(expr)?;
                Out::plain(
                    format!(
                        "extract({} from {})",
                        field.to_string().to_lowercase(),
                        x.key
                    ),
                    Some("numeric".into()),
                )
            }
            Expr::AtTimeZone {
                timestamp,
                time_zone,
            } => {
                let t = self.ex(timestamp)?;
                let z = self.ex(time_zone)?;
                Out::plain(format!("({} at time zone {})", t.key, z.key), None)
            }
            Expr::Collate { expr, collation } => {
                let x = self.ex(expr)?;
                let c = fold_name(collation)
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(".");
                Out::plain(format!("({} collate {c})", x.key), x.ty)
            }
            Expr::Substring {
                expr,
                substring_from,
                substring_for,
                ..
            } => {
                let mut args = vec![self.ex(expr)?.key];
                if let Some(f) = substring_from {
                    args.push(self.ex(f)?.key);
                }
                if let Some(f) = substring_for {
                    args.push(self.ex(f)?.key);
                }
                Out::plain(
                    format!("substring({})", args.join(", ")),
                    Some("text".into()),
                )
            }
            Expr::Trim {
                trim_where,
                trim_what,
                expr,
                trim_characters: None,
            } => {
                let w = trim_where
                    .as_ref()
                    .map(|w| w.to_string().to_lowercase())
                    .unwrap_or_else(|| "both".into());
                let what = match trim_what {
                    Some(x) => format!(" {}", self.ex(x)?.key),
                    None => String::new(),
                };
                let x = self.ex(expr)?;
                Out::plain(
                    format!("trim({w}{what} from {})", x.key),
                    Some("text".into()),
                )
            }
            Expr::Tuple(list) => {
                let mut keys = Vec::new();
                for e in list {
                    keys.push(self.ex(e)?.key);
                }
                Out::plain(format!("row({})", keys.join(", ")), None)
            }
            Expr::QualifiedWildcard(name, _) => {
                let parts = fold_name(name);
                match self.find_rel(&parts) {
                    Some(rel) => Out::plain(format!("{}.*", rel.canon), None),
                    None => Self::fallback(e),
                }
            }
            Expr::Wildcard(_) => Out::plain("*".into(), None),
            other => Self::fallback(other),
        })
    }

    pub(super) fn postfix(&mut self, x: &Expr, what: &str) -> R<Out> {
        let x = self.ex(x)?;
        Ok(Out::plain(
            format!("({} {what})", x.key),
            Some("boolean".into()),
        ))
    }

    pub(super) fn quantified(
        &mut self,
        left: &Expr,
        op: &BinaryOperator,
        right: &Expr,
        q: &str,
    ) -> R<Out> {
        let x = self.ex(left)?;
        let op = format!("{} {q}", op_text(op));
        // An array of literals (maybe cast to an array type) reads as a list.
        let mut r = right;
        loop {
            match r {
                Expr::Nested(inner) => r = inner,
                Expr::Cast { expr, .. } if matches!(strip_nested(expr), Expr::Array(_)) => r = expr,
                _ => break,
            }
        }
        Ok(match r {
            Expr::Array(a) => {
                let mut elems = Vec::new();
                for e in &a.elem {
                    elems.push(self.ex(e)?);
                }
                any_list(x, &op, elems)
            }
            Expr::Subquery(sq) => {
                let (qk, _) = self.query(sq, None, false)?;
                Out::plain(format!("({} {op} ({qk}))", x.key), Some("boolean".into()))
            }
            other => {
                let y = self.ex(other)?;
                Out::plain(
                    format!("({} {op} {})", x.key, y.key),
                    Some("boolean".into()),
                )
            }
        })
    }

    pub(super) fn function_args(&mut self, args: &[FunctionArg]) -> R<String> {
        let mut keys = Vec::new();
        for a in args {
            keys.push(match a {
                FunctionArg::Unnamed(x) => self.function_arg(x)?,
                FunctionArg::Named { name, arg, .. } => {
                    format!("{} => {}", qi(&fold(name)), self.function_arg(arg)?)
                }
                FunctionArg::ExprNamed { .. } => return Err(Unsupported),
            });
        }
        Ok(keys.join(", "))
    }

    pub(super) fn function_arg(&mut self, a: &FunctionArgExpr) -> R<String> {
        Ok(match a {
            FunctionArgExpr::Expr(e) => self.ex(e)?.key,
            FunctionArgExpr::Wildcard => "*".into(),
            FunctionArgExpr::QualifiedWildcard(n) => match self.find_rel(&fold_name(n)) {
                Some(rel) => format!("{}.*", rel.canon),
                None => format!("{}.*", fold_name(n).join(".")),
            },
            FunctionArgExpr::WildcardWithOptions(_) => return Err(Unsupported),
        })
    }

    pub(super) fn order_list(&mut self, list: &[OrderByExpr]) -> R<String> {
        let mut keys = Vec::new();
        for o in list {
            keys.push(format!(
                "{}{}",
                self.ex(&o.expr)?.key,
                Self::order_options(o)?
            ));
        }
        Ok(keys.join(", "))
    }

    pub(super) fn window_spec(&mut self, spec: &sqlparser::ast::WindowSpec) -> R<String> {
        let mut parts = Vec::new();
        if let Some(base) = &spec.window_name {
            parts.push(qi(&fold(base)));
        }
        if !spec.partition_by.is_empty() {
            let mut keys = Vec::new();
            for e in &spec.partition_by {
                keys.push(self.ex(e)?.key);
            }
            parts.push(format!("partition by {}", keys.join(", ")));
        }
        if !spec.order_by.is_empty() {
            parts.push(format!("order by {}", self.order_list(&spec.order_by)?));
        }
        if let Some(frame) = &spec.window_frame {
            parts.push(self.frame_key(frame)?);
        }
        Ok(format!("({})", parts.join(" ")))
    }

    pub(super) fn frame_key(&mut self, frame: &sqlparser::ast::WindowFrame) -> R<String> {
        use sqlparser::ast::{WindowFrameBound, WindowFrameUnits};
        let units = match frame.units {
            WindowFrameUnits::Rows => "rows",
            WindowFrameUnits::Range => "range",
            WindowFrameUnits::Groups => "groups",
        };
        let mut bound = |b: &WindowFrameBound| -> R<String> {
            Ok(match b {
                WindowFrameBound::CurrentRow => "current row".into(),
                WindowFrameBound::Preceding(None) => "unbounded preceding".into(),
                WindowFrameBound::Following(None) => "unbounded following".into(),
                WindowFrameBound::Preceding(Some(e)) => format!("{} preceding", self.ex(e)?.key),
                WindowFrameBound::Following(Some(e)) => format!("{} following", self.ex(e)?.key),
            })
        };
        let start = bound(&frame.start_bound)?;
        let end = match &frame.end_bound {
            Some(b) => bound(b)?,
            None => "current row".into(),
        };
        Ok(format!("{units} between {start} and {end}"))
    }

    pub(super) fn function(&mut self, f: &Function) -> R<Out> {
        if f.uses_odbc_syntax
            || !matches!(f.parameters, FunctionArguments::None)
            || f.null_treatment.is_some()
        {
            return Err(Unsupported);
        }
        let parts = fold_name(&f.name);
        let parts: Vec<String> = match parts.as_slice() {
            [s, rest @ ..] if s == "pg_catalog" && !rest.is_empty() => rest.to_vec(),
            _ => parts,
        };
        // Folded, never quoted: PostgreSQL quotes keyword-named functions (`"substring"(..)`).
        let name = parts.join(".");
        let last = parts.last().cloned().unwrap_or_default();
        let mut arg_types: Vec<Option<String>> = Vec::new();
        let mut s = match &f.args {
            FunctionArguments::None => name.clone(),
            FunctionArguments::Subquery(q) => {
                let (qk, _) = self.query(q, None, false)?;
                format!("{name}({qk})")
            }
            FunctionArguments::List(list) => {
                let mut keys = Vec::new();
                for a in &list.args {
                    match a {
                        FunctionArg::Unnamed(FunctionArgExpr::Expr(e)) => {
                            let o = self.ex(e)?;
                            arg_types.push(if o.lit == Lit::Unknown {
                                None
                            } else {
                                o.ty.clone()
                            });
                            // PostgreSQL widens an argument to the type of the function it
                            // picks (`date_trunc('day', (d)::timestamp with time zone)`): the
                            // same call, unless the function has an overload for both types
                            // with different results.
                            keys.push(if keeps_argument_casts(&last) {
                                o.key
                            } else {
                                o.arg
                            });
                        }
                        other => keys.push(self.function_args(std::slice::from_ref(other))?),
                    }
                }
                let mut inner = keys.join(", ");
                if let Some(sqlparser::ast::DuplicateTreatment::Distinct) = list.duplicate_treatment
                {
                    inner = format!("distinct {inner}");
                }
                for c in &list.clauses {
                    match c {
                        FunctionArgumentClause::OrderBy(ob) => {
                            inner.push_str(&format!(" order by {}", self.order_list(ob)?));
                        }
                        _ => return Err(Unsupported),
                    }
                }
                format!("{name}({inner})")
            }
        };
        if !f.within_group.is_empty() {
            s.push_str(&format!(
                " within group (order by {})",
                self.order_list(&f.within_group)?
            ));
        }
        if let Some(filter) = &f.filter {
            s.push_str(&format!(" filter (where {})", self.ex(filter)?.key));
        }
        match &f.over {
            None => {}
            Some(WindowType::WindowSpec(spec)) => {
                s.push_str(&format!(" over {}", self.window_spec(spec)?));
            }
            Some(WindowType::NamedWindow(name)) => {
                s.push_str(&format!(" over {}", qi(&fold(name))));
            }
        }
        let ty = match last.as_str() {
            "coalesce" | "nullif" | "greatest" | "least" | "min" | "max" | "abs" => {
                arg_types.iter().flatten().next().cloned()
            }
            other => function_type(other).map(str::to_string),
        };
        Ok(Out::plain(s, ty))
    }
}
