//! Policy rules written in YAML: the rule file format (`def`), running a rule over the
//! items or plans it selects (here), and the wording of what it finds (`message`). The
//! default rules in `rules/` are written in exactly this format.

mod compiled;
mod def;
mod message;

use compiled::Subject;
pub use compiled::{Block, Policy, Reach, Scope};

pub use def::{
    DefError, Names, OneOrMany, PLACEHOLDERS, ReachDef, RequireDef, Requirements, RuleDef,
    SelectDef,
};

use petgraph::graph::NodeIndex;

use super::condition::{Condition, Env, Verdict};
use crate::finding::{Cause, Finding};
use crate::graph::search::{self as reach, Query, Stops, Toward};
use crate::graph::{Model, PlanId};
use crate::model::{Fields, Name};
use crate::parse::values::{Period, parse_period};
use crate::rule_id::RuleId;
use crate::rules::builtin::{invalid_rule, values};
use crate::source::Span;
use crate::text::{capitalise, or_list};
use message::{describe, field_text, fill, reached_label, unknown_field};

/// Why one item or plan breaks a rule.
struct Failure {
    span: Option<Span>,
    label: Option<String>,
    related: Option<(Span, String)>,
    /// The item whose own mistake this failure follows from.
    cause: Option<NodeIndex>,
}

/// The answers to a rule's `reaches` and `reached-by` assertions for every item, computed
/// once per run, and where failing chains stop.
struct Prepared<'a> {
    reaches: Vec<Option<Vec<bool>>>,
    reached_by: Vec<Option<Vec<bool>>>,
    stops: Vec<Option<Stops<'a>>>,
    /// Each plan's `period`, read once a `within-period` asked for it.
    periods: Vec<Option<Option<Period>>>,
    /// Each subject a condition could not be judged on, with why and which condition (by
    /// address), once per subject.
    broken: Vec<(Subject, String, usize)>,
    /// The conditions (by address) that gave a verdict on some subject: one that breaks on
    /// others breaks on their values, not on a mistake of the rule's.
    worked: Vec<usize>,
}

impl Prepared<'_> {
    /// Notes what `condition` gave for `subject`.
    fn verdict(&mut self, condition: &Condition, subject: Subject, verdict: Verdict) -> Verdict {
        let address = std::ptr::from_ref(condition).addr();
        match &verdict {
            Verdict::Broken(error) if self.broken.last().is_none_or(|(s, ..)| *s != subject) => {
                self.broken.push((subject, error.clone(), address));
            }
            Verdict::Broken(_) => {}
            _ if !self.worked.contains(&address) => self.worked.push(address),
            _ => {}
        }
        verdict
    }
}

impl Prepared<'_> {
    fn period(&mut self, model: &Model, plan: PlanId) -> Option<Period> {
        *self.periods[plan]
            .get_or_insert_with(|| parse_period(model.plans[plan].field_str("period")?))
    }
}

impl Policy {
    pub fn rule_id(&self) -> RuleId {
        RuleId::Policy(self.id)
    }

    /// Marks the rule as one of planalign's default rules.
    #[must_use]
    pub fn shipped(self, shipped: bool) -> Self {
        Self { shipped, ..self }
    }

    /// Runs the rule over every item or plan it selects.
    pub fn run(&self, env: &mut Env, findings: &mut Vec<Finding>) {
        let model = env.model;
        // A repository's rule whose message names a field nothing has is mistyped; the
        // default rules name fields of their own kinds, which a repository may not use yet.
        if !self.shipped
            && let Some(placeholder) = unknown_field(&self.message, model)
        {
            findings.push(invalid_rule::unknown_placeholder(
                self.at,
                &self.id,
                &placeholder,
            ));
            return;
        }
        let needs_root = self.in_root.is_some()
            || self.blocks.iter().any(|b| {
                [&b.reaches, &b.reached_by]
                    .iter()
                    .any(|r| r.as_ref().is_some_and(|r| r.scope == Scope::Root))
            });
        if needs_root && model.root.is_none() {
            return;
        }
        let mut prepared = Prepared {
            reaches: self
                .blocks
                .iter()
                .map(|b| b.reaches.as_ref().map(|r| answer(model, r, Toward::Up)))
                .collect(),
            reached_by: self
                .blocks
                .iter()
                .map(|b| {
                    b.reached_by
                        .as_ref()
                        .map(|r| answer(model, r, Toward::Down))
                })
                .collect(),
            stops: self
                .blocks
                .iter()
                .map(|b| {
                    b.reaches
                        .as_ref()
                        .map(|r| Stops::new(model, r.via.as_deref()))
                })
                .collect(),
            periods: vec![None; model.plans.len()],
            broken: Vec::new(),
            worked: Vec::new(),
        };
        let count = if self.plans {
            model.plans.len()
        } else {
            model.nodes.len()
        };
        for k in 0..count {
            let subject = if self.plans {
                Subject {
                    item: None,
                    plan: k,
                }
            } else {
                Subject {
                    item: Some(k),
                    plan: model.nodes[k].plan,
                }
            };
            if self.selects(model, subject)
                && self.applies(env, self.when.as_ref(), subject, &mut prepared)
            {
                findings.extend(self.judge(env, subject, &mut prepared));
            }
        }
        // A shipped rule is tested, and a rule that gave verdicts on other subjects reads
        // fine: what breaks it is the subject's own values, so the finding is at them. A
        // rule of the repository's that breaks on everything is wrong itself.
        let (on_values, on_rule): (Vec<_>, Vec<_>) = prepared
            .broken
            .iter()
            .partition(|(.., condition)| self.shipped || prepared.worked.contains(condition));
        for (subject, error, _) in on_values {
            findings.push(self.unjudged(env, *subject, error));
        }
        if let Some((_, error, _)) = on_rule.first() {
            findings.push(invalid_rule::broken(self.at, &self.id, error));
        }
    }

    /// The finding for a subject whose values a condition could not work with.
    fn unjudged(&self, env: &Env, subject: Subject, error: &str) -> Finding {
        let model = env.model;
        let plan = &model.plans[subject.plan];
        let node = subject.item.map(|i| &model.nodes[i]);
        let (what, title) = match node {
            Some(n) => (
                format!("{} {}", capitalise(&n.item.kind), n.item.id),
                &n.item.title,
            ),
            None => (format!("Plan {}", plan.id), &plan.title),
        };
        let rule = self.id;
        // The value the error names, at its field: preferring a number that is not whole,
        // which is nearly always the odd one out ("3.5 and 4 cannot be multiplied").
        let words: Vec<&str> = error
            .split([' ', '"', ','])
            .filter(|w| !w.is_empty())
            .collect();
        let named =
            |f: &&crate::model::Field| f.value.as_str().is_some_and(|t| words.contains(&t.trim()));
        let fields = subject_fields(model, subject);
        let at = fields
            .iter()
            .map(|(_, f)| f)
            .filter(named)
            .find(|f| f.value.as_str().is_some_and(|t| t.trim().contains('.')))
            .or_else(|| fields.iter().map(|(_, f)| f).find(named));
        let span = at.map_or_else(
            || node.map_or(plan.span, |n| n.item.span),
            |f| f.value.span(),
        );
        let mut finding = Finding::new(
            self.rule_id(),
            span,
            format!("{what} \"{title}\" could not be checked by rule {rule}: {error}"),
        )
        .plan(&plan.id)
        .label("cannot be used here")
        .help(format!(
            "Write the value as the rule expects it, such as a whole number for a score on a 1 \
             to 5 scale; `planalign explain {rule}` says what the rule checks."
        ));
        finding.item = node.map(|n| n.item.id.to_string());
        finding
    }

    /// Whether a `when` condition lets the rule (or one block) look at a subject.
    fn applies(
        &self,
        env: &mut Env,
        when: Option<&Condition>,
        subject: Subject,
        prepared: &mut Prepared,
    ) -> bool {
        let Some(when) = when else { return true };
        matches!(
            prepared.verdict(when, subject, env.eval(when, subject.item, subject.plan)),
            Verdict::Holds
        )
    }

    /// Runs every block on one item or plan: the finding, if it breaks the rule.
    fn judge(
        &self,
        env: &mut Env,
        subject: Subject,
        prepared: &mut Prepared<'_>,
    ) -> Option<Finding> {
        let model = env.model;
        let fields = subject_fields(model, subject);
        let mut missing: Vec<&str> = Vec::new();
        let mut failure: Option<Failure> = None;
        for (b, block) in self.blocks.iter().enumerate() {
            if !self.applies(env, block.when.as_ref(), subject, prepared) {
                continue;
            }
            missing.extend(
                block
                    .fields
                    .iter()
                    .filter(|f| fields.get(**f).is_none_or(|v| v.value.is_empty()))
                    .map(Name::as_str),
            );
            if failure.is_none() {
                failure = self.block_failure(env, subject, b, prepared);
            }
        }
        if failure.is_none() && !missing.is_empty() {
            failure = Some(Failure {
                span: None,
                label: Some(format!("no {}", or_list(&missing))),
                related: None,
                cause: None,
            });
        }
        failure.map(|f| self.finding(env, subject, &missing, f))
    }

    /// The first assertion of block `b` that the subject fails, other than `fields`.
    fn block_failure(
        &self,
        env: &mut Env,
        subject: Subject,
        b: usize,
        prepared: &mut Prepared,
    ) -> Option<Failure> {
        let model = env.model;
        let block = &self.blocks[b];
        if let Some(i) = subject.item {
            let index = NodeIndex::new(i);
            if prepared.reaches[b].as_ref().is_some_and(|ok| !ok[i]) {
                let chain = prepared.stops[b]
                    .as_mut()
                    .map(|s| s.chain(model, index, 3))?;
                let (label, related) = describe(model, index, &chain, block.reaches.as_ref());
                let stop = model.node(chain.last);
                let caused = matches!(chain.end, reach::End::Missing | reach::End::Superseded)
                    || stop.item.unreadable;
                return Some(Failure {
                    span: None,
                    label: Some(label),
                    related,
                    cause: caused.then_some(chain.last),
                });
            }
            if let (Some(ok), Some(r)) = (&prepared.reached_by[b], &block.reached_by)
                && !ok[i]
            {
                return Some(Failure {
                    span: None,
                    label: Some(reached_label(model, r)),
                    related: None,
                    cause: None,
                });
            }
        }
        if let Some(failure) = block
            .within_period
            .and_then(|f| outside_period(model, subject, f, prepared))
        {
            return Some(failure);
        }
        let check = block.check.as_ref()?;
        match prepared.verdict(check, subject, env.eval(check, subject.item, subject.plan)) {
            Verdict::Fails => {
                let fields = subject_fields(model, subject);
                let at = block.at.as_ref().and_then(|f| Some((f, fields.get(*f)?)));
                if at.is_some_and(|(name, f)| values::unreadable(name.as_str(), &f.value)) {
                    return None;
                }
                let span = at.map(|(_, f)| f.value.span());
                Some(Failure {
                    span,
                    label: None,
                    related: None,
                    cause: None,
                })
            }
            Verdict::Broken(_) | Verdict::Holds | Verdict::NotApplicable => None,
        }
    }

    fn selects(&self, model: &Model, subject: Subject) -> bool {
        let plan = &model.plans[subject.plan];
        let kind_ok = match subject.item {
            Some(i) if model.nodes[i].item.unreadable => false,
            Some(i) => self.kinds.as_ref().is_none_or(|k| {
                model.nodes[i]
                    .item
                    .kind_id
                    .is_some_and(|nk| k.contains(&nk))
            }),
            // A file with no usable header has its `missing-plan-header` finding; the plan
            // made up from its name is not judged as well.
            None => plan.declared,
        };
        // A superseded plan is history: nothing in it is checked.
        kind_ok
            && !plan.is_superseded()
            && self
                .plan_types
                .as_ref()
                .is_none_or(|t| t.iter().any(|t| *t == plan.plan_type))
            && self
                .in_root
                .is_none_or(|r| (model.root == Some(subject.plan)) == r)
    }

    fn finding(&self, env: &Env, subject: Subject, missing: &[&str], failure: Failure) -> Finding {
        let model = env.model;
        let plan = &model.plans[subject.plan];
        let node = subject.item.map(|i| &model.nodes[i]);
        let message = fill(&self.message, |name| match name {
            "id" => node.map_or(&plan.id, |n| &n.item.id).to_string(),
            "title" => node.map_or(&plan.title, |n| &n.item.title).to_string(),
            "kind" => node.map_or_else(|| "Plan".to_owned(), |n| capitalise(&n.item.kind)),
            "plan" => plan.id.to_string(),
            "plan_title" => plan.title.to_string(),
            "missing" => or_list(missing),
            "as_of" => env.as_of.to_string(),
            other => field_text(env, subject, other),
        });
        let span = failure
            .span
            .unwrap_or_else(|| node.map_or(plan.span, |n| n.item.span));
        let mut finding = Finding::new(self.rule_id(), span, message).plan(&plan.id);
        finding.item = node.map(|n| n.item.id.to_string());
        finding.help.clone_from(&self.help);
        finding.label = failure.label;
        if let Some((span, message)) = failure.related {
            finding = finding.related(span, message);
        }
        finding.cause = failure.cause.map(|n| {
            let item = &model.node(n).item;
            Cause {
                id: item.id.to_string(),
                span: item.span,
            }
        });
        finding
    }
}

fn subject_fields(model: &Model, subject: Subject) -> &Fields {
    match subject.item {
        Some(i) => &model.nodes[i].item.fields,
        None => &model.plans[subject.plan].fields,
    }
}

/// `{item.owner}`, `{plan.total}`, `{root.period}`: the field as written.
/// Whether the date in `field` lies outside the period it must lie within: for an item, its
/// plan's period; for a plan, the root plan's. Missing or unreadable dates are not checked
/// here (`invalid-date` reports the unreadable ones).
fn outside_period(
    model: &Model,
    subject: Subject,
    field: Name,
    prepared: &mut Prepared,
) -> Option<Failure> {
    let plan = &model.plans[subject.plan];
    let (value, outer, outer_name) = match subject.item {
        Some(i) => (
            model.nodes[i].item.fields.get(field)?,
            subject.plan,
            "the plan's period",
        ),
        None => {
            let root = model.root.filter(|&r| r != subject.plan)?;
            (plan.fields.get(field)?, root, "the Corporate Plan's period")
        }
    };
    let inner = parse_period(value.value.as_str()?)?;
    let period = prepared.period(model, outer)?;
    if period.contains(&inner) {
        return None;
    }
    let outer_text = model.plans[outer].field_str("period").unwrap_or_default();
    Some(Failure {
        span: Some(value.value.span()),
        label: Some(format!(
            "outside {outer_name}, {outer_text} ({} to {})",
            period.start.format("%-d %B %Y"),
            period.end.format("%-d %B %Y")
        )),
        related: None,
        cause: None,
    })
}

fn answer(model: &Model, reach: &Reach, toward: Toward) -> Vec<bool> {
    let seeds: Vec<bool> = model
        .nodes
        .iter()
        .map(|n| {
            reach
                .kinds
                .as_ref()
                .is_none_or(|k| n.item.kind_id.is_some_and(|nk| k.contains(&nk)))
                && (reach.scope != Scope::Root || model.root == Some(n.plan))
        })
        .collect();
    reach::answer(
        model,
        &Query {
            seeds: &seeds,
            via: reach.via.as_deref(),
            toward,
            min: reach.min,
            other_plan: reach.scope == Scope::Other,
        },
    )
}
