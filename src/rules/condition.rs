//! Conditions in CEL (the Common Expression Language, through the `cel` crate): `select.when`,
//! `require.when` and `check`. A condition sees `item` (the item's fields), `plan` (its plan's
//! fields), `root` (the root plan's) and `as_of` (the date of the check).
//!
//! Field names are given with `-` written as `_` (`item.data_only`). Dates are timestamps (a
//! financial year or range as its last day; `period` as `{start, end}`), money is a number of
//! pounds, and `true`, `false` and numbers are themselves. A value that cannot be read as its
//! field requires (a date field holding "Summer 2010") is left out, so `has()` is false for it;
//! `invalid-date` and `invalid-money` report it.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::{Arc, Mutex};

use cel::common::ast::operators::INDEX;
use cel::common::ast::{EntryExpr, Expr, IdedExpr, LiteralValue};
use cel::objects::{Key, Map};
use cel::{Context, ExecutionError, Program};
use chrono::{DateTime, FixedOffset, NaiveDate};
use rustc_hash::FxHashMap;

use crate::graph::{Model, PlanId};
use crate::model::{Fields, Name, Value};
use crate::parse::values::{Period, parse_money, parse_period};

/// Fields read as dates.
pub const DATE_FIELDS: &[&str] = &["due", "period", "approved", "reviewed", "start", "end"];
/// Fields read as money.
pub const MONEY_FIELDS: &[&str] = &["amount", "total"];

/// A compiled condition and its text.
///
/// A condition is a pure function of the fields it reads, so when it reads `item` and `plan`
/// only through their fields (`item.due`, `has(item.status)`, `plan["total"]`), its verdict
/// is remembered for each combination of those fields' values: items with the same due date
/// and status are judged once. Plans share values far more than they differ, so this takes
/// the CEL interpreter off the hot path without changing a single verdict.
pub struct Condition {
    program: Program,
    pub text: String,
    /// The fields the condition reads, when it reads `item` and `plan` only by field name.
    inputs: Option<Vec<Input>>,
    /// Verdicts by the values of the inputs, encoded by [`Env::eval`].
    verdicts: Mutex<FxHashMap<Box<str>, Verdict>>,
}

/// A field a condition reads.
struct Input {
    var: Var,
    /// The name as the condition writes it (`data_only`).
    name: String,
    /// The field of that name, and the one spelt as plans write it (`data-only`) where
    /// that differs.
    field: Name,
    dashed: Option<Name>,
}

/// A variable a condition reads fields of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Var {
    Item,
    Plan,
}

/// The fields of `item` and `plan` an expression reads, or `None` if it uses either in
/// another way (as a whole value, with a computed index, or shadowed by a comprehension).
fn inputs(expr: &IdedExpr, found: &mut Vec<(Var, String)>) -> Option<()> {
    let var = |e: &IdedExpr| match &e.expr {
        Expr::Ident(name) if name == "item" => Some(Var::Item),
        Expr::Ident(name) if name == "plan" => Some(Var::Plan),
        _ => None,
    };
    match &expr.expr {
        Expr::Ident(name) => (name != "item" && name != "plan").then_some(()),
        Expr::Select(select) => match var(&select.operand) {
            Some(v) => {
                found.push((v, select.field.clone()));
                Some(())
            }
            None => inputs(&select.operand, found),
        },
        Expr::Call(call) => {
            if call.func_name == INDEX
                && let ([target, key], None) = (call.args.as_slice(), &call.target)
                && let (Some(v), Expr::Literal(LiteralValue::String(field))) =
                    (var(target), &key.expr)
            {
                found.push((v, field.to_string()));
                return Some(());
            }
            if let Some(target) = &call.target {
                inputs(target, found)?;
            }
            call.args.iter().try_for_each(|a| inputs(a, found))
        }
        Expr::List(list) => list.elements.iter().try_for_each(|e| inputs(e, found)),
        Expr::Map(map) => map.entries.iter().try_for_each(|e| match &e.expr {
            EntryExpr::MapEntry(entry) => {
                inputs(&entry.key, found)?;
                inputs(&entry.value, found)
            }
            EntryExpr::StructField(field) => inputs(&field.value, found),
        }),
        Expr::Comprehension(c) => {
            let shadows = [Some(&c.iter_var), c.iter_var2.as_ref(), Some(&c.accu_var)]
                .into_iter()
                .flatten()
                .any(|v| v == "item" || v == "plan");
            if shadows {
                return None;
            }
            [
                &c.iter_range,
                &c.accu_init,
                &c.loop_cond,
                &c.loop_step,
                &c.result,
            ]
            .into_iter()
            .try_for_each(|e| inputs(e, found))
        }
        Expr::Literal(_) | Expr::Unspecified => Some(()),
        Expr::Struct(_) => None,
    }
}

impl std::fmt::Debug for Condition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

/// Why a condition could not be compiled: the message and the 1-based line and column in
/// the expression, and whether it is one of planalign's limits on conditions (rather than
/// a mistake in the CEL).
pub struct CompileError {
    pub message: String,
    pub line: usize,
    pub column: usize,
    pub over_limit: bool,
}

/// The most bytes a condition may have. CEL's parser and interpreter recurse once per
/// operator or bracket, so a condition of thousands of them overflows the stack; every
/// condition of this size (even a thousand `!` in a row) parses and runs safely, and real
/// conditions are well under a hundred.
pub const MAX_CONDITION_BYTES: usize = 1_000;

/// How many comprehensions (`all`, `exists`, `exists_one`, `map`, `filter`) may run one
/// inside another's body. Each multiplies the work by the length of the list it walks, so
/// a few nested over even short lists never end; two keep a condition's cost at most
/// quadratic in the lists it reads.
pub const MAX_COMPREHENSION_NESTING: usize = 2;

/// How deeply comprehensions nest inside each other's bodies (the parts run once per
/// element). A list a comprehension walks, worked out once, does not count as inside it.
/// Recursive, but [`MAX_CONDITION_BYTES`] bounds the depth of the expression.
fn nesting(expr: &IdedExpr) -> usize {
    let deepest = |exprs: &mut dyn Iterator<Item = &IdedExpr>| exprs.map(nesting).max();
    match &expr.expr {
        Expr::Comprehension(c) => {
            let once = deepest(&mut [&c.iter_range, &c.accu_init, &c.result].into_iter());
            let each = 1 + nesting(&c.loop_cond).max(nesting(&c.loop_step));
            once.unwrap_or(0).max(each)
        }
        Expr::Select(select) => nesting(&select.operand),
        Expr::Call(call) => {
            deepest(&mut call.target.as_deref().into_iter().chain(&call.args)).unwrap_or(0)
        }
        Expr::List(list) => deepest(&mut list.elements.iter()).unwrap_or(0),
        Expr::Map(map) => entries_nesting(&map.entries),
        Expr::Struct(s) => entries_nesting(&s.entries),
        Expr::Ident(_) | Expr::Literal(_) | Expr::Unspecified => 0,
    }
}

fn entries_nesting(entries: &[cel::common::ast::IdedEntryExpr]) -> usize {
    entries
        .iter()
        .map(|e| match &e.expr {
            EntryExpr::MapEntry(entry) => nesting(&entry.key).max(nesting(&entry.value)),
            EntryExpr::StructField(field) => nesting(&field.value),
        })
        .max()
        .unwrap_or(0)
}

/// A condition beyond one of the limits, said for the people who write rules.
fn over_limit(message: String) -> CompileError {
    CompileError {
        message,
        line: 1,
        column: 1,
        over_limit: true,
    }
}

impl Condition {
    pub fn compile(text: &str) -> Result<Self, CompileError> {
        if text.len() > MAX_CONDITION_BYTES {
            return Err(over_limit(format!(
                "it is {} characters long, and a condition may have at most \
                 {MAX_CONDITION_BYTES}",
                text.chars().count()
            )));
        }
        let program = Program::compile(text).map_err(|e| {
            let first = e.errors.first();
            let (line, column) = first.map_or((1, 0), |e| e.pos);
            CompileError {
                message: first.map_or_else(|| e.to_string(), |e| e.msg.clone()),
                line: usize::try_from(line).unwrap_or(1).max(1),
                column: usize::try_from(column).unwrap_or(0) + 1,
                over_limit: false,
            }
        })?;
        let depth = nesting(program.expression());
        if depth > MAX_COMPREHENSION_NESTING {
            return Err(over_limit(format!(
                "it puts {depth} of `all`, `exists`, `exists_one`, `map` and `filter` one \
                 inside another, and a condition may nest at most \
                 {MAX_COMPREHENSION_NESTING}"
            )));
        }
        let mut found = Vec::new();
        let inputs = inputs(program.expression(), &mut found).map(|()| {
            found.sort_by(|a, b| (a.0 as u8, &a.1).cmp(&(b.0 as u8, &b.1)));
            found.dedup();
            found
                .into_iter()
                .map(|(var, name)| Input {
                    var,
                    field: Name::from(name.as_str()),
                    dashed: name
                        .contains('_')
                        .then(|| Name::from(name.replace('_', "-").as_str())),
                    name,
                })
                .collect()
        });
        Ok(Condition {
            program,
            text: text.to_owned(),
            inputs,
            verdicts: Mutex::new(FxHashMap::default()),
        })
    }
}

/// What a condition gave for one item or plan.
#[derive(Debug, Clone)]
pub enum Verdict {
    Holds,
    Fails,
    /// It names a field the item does not have (a missing `has()`): it neither holds nor fails.
    NotApplicable,
    /// The rule itself is wrong: a type error, an unknown function, a result that is not true
    /// or false.
    Broken(String),
}

/// The values conditions see, built once per item and plan and shared by every rule.
pub struct Env<'m> {
    pub model: &'m Model,
    pub as_of: NaiveDate,
    /// The values built so far; with verdicts remembered, only a few items are ever built.
    items: HashMap<usize, cel::Value>,
    plans: HashMap<PlanId, cel::Value>,
    /// Per plan, the sum of its top-level budget lines, in pence, where every one of them
    /// has an amount that can be read.
    pub budget_totals: &'m [Option<i64>],
    base: Context<'static, 'static>,
    /// The encoded input values of the condition being evaluated, kept to reuse its memory.
    key: String,
}

impl<'m> Env<'m> {
    /// `budget_totals` is [`budget_totals`] of the model, computed once for every rule.
    pub fn new(model: &'m Model, as_of: NaiveDate, budget_totals: &'m [Option<i64>]) -> Self {
        let mut base = Context::default();
        base.add_variable_from_value("as_of", cel::Value::Timestamp(timestamp(as_of)));
        Self {
            model,
            as_of,
            items: HashMap::new(),
            plans: HashMap::new(),
            budget_totals,
            base,
            key: String::new(),
        }
    }

    /// Evaluates a condition for an item (`Some(node index)`) or for a plan, or recalls the
    /// verdict for the same values of the fields it reads.
    pub fn eval(&mut self, condition: &Condition, item: Option<usize>, plan: PlanId) -> Verdict {
        let Some(inputs) = &condition.inputs else {
            return self.run(condition, item, plan);
        };
        let mut key = std::mem::take(&mut self.key);
        key.clear();
        for input in inputs {
            self.input(input, item, plan, &mut key);
        }
        let verdicts = &condition.verdicts;
        let known = verdicts
            .lock()
            .expect("not poisoned")
            .get(key.as_str())
            .cloned();
        let verdict = known.unwrap_or_else(|| {
            let verdict = self.run(condition, item, plan);
            verdicts
                .lock()
                .expect("not poisoned")
                .insert(key.as_str().into(), verdict.clone());
            verdict
        });
        self.key = key;
        verdict
    }

    /// Appends a field's value as written, which is all a condition's verdict can depend on,
    /// to `out`, encoded so that different values never look the same.
    fn input(&self, input: &Input, item: Option<usize>, plan: PlanId, out: &mut String) {
        let (var, field) = (input.var, input.name.as_str());
        let fields = match (var, item) {
            (Var::Item, Some(i)) => &self.model.nodes[i].item.fields,
            (Var::Item, None) => return out.push('n'),
            (Var::Plan, _) => &self.model.plans[plan].fields,
        };
        if let Some(f) = fields
            .get(input.field)
            .or_else(|| input.dashed.and_then(|d| fields.get(d)))
        {
            return canonical(&f.value, out);
        }
        // The values planalign adds to every item and plan.
        match (var, field, item) {
            (Var::Item, "id" | "kind" | "title" | "plan", Some(i)) => {
                let node = &self.model.nodes[i];
                scalar(
                    match field {
                        "id" => &node.item.id,
                        "kind" => &node.item.kind,
                        "title" => &node.item.title,
                        _ => &self.model.plans[node.plan].id,
                    },
                    out,
                );
            }
            (Var::Plan, "id" | "type" | "title" | "budget_lines_total", _) => {
                let p = &self.model.plans[plan];
                match field {
                    "id" => scalar(&p.id, out),
                    "type" => scalar(&p.plan_type, out),
                    "title" => scalar(&p.title, out),
                    _ => match self.budget_totals[plan] {
                        Some(total) => scalar(&total.to_string(), out),
                        None => out.push('n'),
                    },
                }
            }
            _ => out.push('n'),
        }
    }

    fn run(&mut self, condition: &Condition, item: Option<usize>, plan: PlanId) -> Verdict {
        let item_value = item.map(|i| self.item(i));
        let plan_value = self.plan(plan);
        let root_value = self.model.root.map(|r| self.plan(r));
        let mut scope = self.base.new_inner_scope();
        scope.add_variable_from_value("item", item_value.unwrap_or(cel::Value::Null));
        scope.add_variable_from_value("plan", plan_value);
        scope.add_variable_from_value("root", root_value.unwrap_or(cel::Value::Null));
        match condition.program.execute(&scope) {
            Ok(cel::Value::Bool(true)) => Verdict::Holds,
            Ok(cel::Value::Bool(false)) => Verdict::Fails,
            Ok(other) => Verdict::Broken(format!(
                "it gave {} instead of true or false",
                shown(&other)
            )),
            Err(ExecutionError::NoSuchKey(_)) => Verdict::NotApplicable,
            Err(error) => Verdict::Broken(plain_error(&error)),
        }
    }

    fn item(&mut self, i: usize) -> cel::Value {
        if let Some(value) = self.items.get(&i) {
            return value.clone();
        }
        let node = &self.model.nodes[i];
        let mut map = fields(&node.item.fields);
        map.insert("id".into(), node.item.id.to_string().into());
        map.insert("kind".into(), node.item.kind.to_string().into());
        map.insert("title".into(), node.item.title.to_string().into());
        map.insert(
            "plan".into(),
            self.model.plans[node.plan].id.to_string().into(),
        );
        let value = cel::Value::from(map);
        self.items.insert(i, value.clone());
        value
    }

    fn plan(&mut self, p: PlanId) -> cel::Value {
        if let Some(value) = self.plans.get(&p) {
            return value.clone();
        }
        let plan = &self.model.plans[p];
        let mut map = fields(&plan.fields);
        map.insert("id".into(), plan.id.to_string().into());
        map.insert("type".into(), plan.plan_type.to_string().into());
        map.insert("title".into(), plan.title.to_string().into());
        if let Some(total) = self.budget_totals[p] {
            map.insert("budget_lines_total".into(), pounds(total));
        }
        let value = cel::Value::from(map);
        self.plans.insert(p, value.clone());
        value
    }
}

/// Appends a value as written, without the spans that differ from item to item. Every
/// text is preceded by its length and every list and map by its size, so that two different
/// values (or sequences of values) never give the same encoding.
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Scalar(s, _) => scalar(s, out),
        Value::List(items, _) => {
            let _ = write!(out, "l{}:", items.len());
            for item in items {
                canonical(item, out);
            }
        }
        Value::Map(entries, _) => {
            let _ = write!(out, "m{}:", entries.len());
            for (k, v) in entries {
                scalar(&k.name, out);
                canonical(v, out);
            }
        }
    }
}

fn scalar(text: &str, out: &mut String) {
    let _ = write!(out, "s{}:{text}", text.len());
}

fn fields(fields: &Fields) -> HashMap<String, cel::Value> {
    fields
        .iter()
        .filter_map(|(name, field)| {
            let value = if name == "period" {
                field
                    .value
                    .as_str()
                    .and_then(parse_period)
                    .map(period_value)
            } else if DATE_FIELDS.contains(&name.as_str()) {
                field
                    .value
                    .as_str()
                    .and_then(parse_period)
                    .map(|p| cel::Value::Timestamp(timestamp(p.end)))
            } else if MONEY_FIELDS.contains(&name.as_str()) {
                field.value.as_str().and_then(parse_money).map(pounds)
            } else {
                Some(plain(&field.value))
            }?;
            Some((name.replace('-', "_"), value))
        })
        .collect()
}

fn plain(value: &Value) -> cel::Value {
    match value {
        Value::Scalar(text, _) => {
            let t = text.trim();
            if let Ok(b) = t.parse::<bool>() {
                cel::Value::Bool(b)
            } else if let Ok(i) = t.parse::<i64>() {
                cel::Value::Int(i)
            } else if let Ok(f) = t.strip_suffix('%').unwrap_or(t).parse::<f64>() {
                cel::Value::Float(f)
            } else {
                cel::Value::String(Arc::new(text.to_string()))
            }
        }
        Value::List(items, _) => cel::Value::List(Arc::new(items.iter().map(plain).collect())),
        Value::Map(entries, _) => {
            let map: HashMap<Key, cel::Value> = entries
                .iter()
                .map(|(k, v)| (Key::from(k.name.replace('-', "_")), plain(v)))
                .collect();
            cel::Value::Map(Map { map: Arc::new(map) })
        }
    }
}

/// What went wrong as a condition ran, in words for the people who write plans and rules:
/// "3.5 and 4 cannot be multiplied" rather than the interpreter's
/// "Unsupported binary operator 'mul': Float(3.5), Int(4)".
fn plain_error(error: &ExecutionError) -> String {
    match error {
        ExecutionError::UnsupportedBinaryOperator(op, a, b) => {
            let done = match *op {
                "add" => "added together",
                "sub" => "subtracted one from the other",
                "mul" => "multiplied",
                "div" | "rem" => "divided one by the other",
                _ => "used together this way",
            };
            format!("{} and {} cannot be {done}", shown(a), shown(b))
        }
        ExecutionError::ValuesNotComparable(a, b) => {
            format!("{} cannot be compared with {}", shown(a), shown(b))
        }
        ExecutionError::DivisionByZero(a) | ExecutionError::RemainderByZero(a) => {
            format!("{} cannot be divided by zero", shown(a))
        }
        other => other.to_string(),
    }
}

/// A value as a finding shows it.
fn shown(value: &cel::Value) -> String {
    match value {
        cel::Value::Int(i) => i.to_string(),
        cel::Value::UInt(u) => u.to_string(),
        cel::Value::Float(f) => f.to_string(),
        cel::Value::Bool(b) => b.to_string(),
        cel::Value::String(s) => format!("\"{s}\""),
        cel::Value::Timestamp(t) => t.date_naive().to_string(),
        cel::Value::List(_) => "a list".to_owned(),
        cel::Value::Map(_) => "a mapping".to_owned(),
        cel::Value::Null => "nothing".to_owned(),
        _ => "a value".to_owned(),
    }
}

fn period_value(period: Period) -> cel::Value {
    let mut map = HashMap::new();
    map.insert(
        "start".to_owned(),
        cel::Value::Timestamp(timestamp(period.start)),
    );
    map.insert(
        "end".to_owned(),
        cel::Value::Timestamp(timestamp(period.end)),
    );
    cel::Value::from(map)
}

fn pounds(pence: i64) -> cel::Value {
    #[allow(
        clippy::cast_precision_loss,
        reason = "budgets are far below 2^53 pence"
    )]
    cel::Value::Float(pence as f64 / 100.0)
}

pub fn timestamp(date: NaiveDate) -> DateTime<FixedOffset> {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_utc()
        .fixed_offset()
}

/// The sum of each plan's top-level budget lines: those that do not fund another budget line
/// (a line nested in another, or funding it, breaks it down and is not added again). `None`
/// for a plan with a line whose amount is missing or cannot be read (or a line not all read): its sum is not known,
/// and that line's own finding (`missing-amount`, `invalid-money`) says why.
pub fn budget_totals(model: &Model) -> Vec<Option<i64>> {
    let mut totals = vec![Some(0_i64); model.plans.len()];
    for (i, node) in model.nodes.iter().enumerate() {
        let index = petgraph::graph::NodeIndex::new(i);
        if !model.is_top_level_line(index) {
            continue;
        }
        let total = &mut totals[node.plan];
        *total = match model.amount(index) {
            Some(amount) if !node.item.unreadable => total.map(|t| t.saturating_add(amount)),
            _ => None,
        };
    }
    totals
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(text: &str) -> Option<Vec<(Var, String)>> {
        let inputs = Condition::compile(text).ok()?.inputs?;
        Some(inputs.into_iter().map(|i| (i.var, i.name)).collect())
    }

    #[test]
    fn conditions_that_read_fields_by_name_are_remembered_by_those_fields() {
        let fields = reads(
            r#"has(item.due) && !(has(item.status) && item.status in ["done"]) && plan["total"] > 1"#,
        );
        assert_eq!(
            fields,
            Some(vec![
                (Var::Item, "due".into()),
                (Var::Item, "status".into()),
                (Var::Plan, "total".into()),
            ])
        );
        assert_eq!(
            reads("item.period.start < as_of"),
            Some(vec![(Var::Item, "period".into())])
        );
    }

    #[test]
    fn conditions_that_use_a_whole_item_are_never_remembered() {
        for text in [
            "size(item) > 3",
            r#""due" in item"#,
            "item[plan.key] == 1",
            "[1, 2].exists(item, item > 1)",
        ] {
            assert_eq!(reads(text), None, "{text}");
        }
    }
}
