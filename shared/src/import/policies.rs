//! Row-level security read from SQL: `ALTER TABLE … ENABLE / DISABLE / FORCE / NO FORCE ROW
//! LEVEL SECURITY` and `CREATE POLICY`.

use sqlparser::ast::{CreatePolicy, CreatePolicyCommand, CreatePolicyType, Owner};

use super::raw::*;
use super::source::ExprSource;
use super::split::RawStatement;
use super::statements::Importer;
use crate::model::{Id, Policy, PolicyCommand};

impl<'a> Importer<'a> {
    pub(super) fn create_policy(&mut self, cp: CreatePolicy, st: &RawStatement, loc: &Loc) {
        let qn = qname(&cp.table_name);
        let Some(ti) = self.table_index(&qn) else {
            self.error(
                loc,
                format!(
                    "policy on {}, which is not a table defined before it",
                    show(&qn)
                ),
            );
            return;
        };
        let name = fold(&cp.name);
        if self.tables[ti].policies.iter().any(|p| p.name == name) {
            self.error(
                loc,
                format!("policy {name} is defined twice on {}", show(&qn)),
            );
            return;
        }
        let command = match cp.command {
            None | Some(CreatePolicyCommand::All) => PolicyCommand::All,
            Some(CreatePolicyCommand::Select) => PolicyCommand::Select,
            Some(CreatePolicyCommand::Insert) => PolicyCommand::Insert,
            Some(CreatePolicyCommand::Update) => PolicyCommand::Update,
            Some(CreatePolicyCommand::Delete) => PolicyCommand::Delete,
        };
        let roles = cp
            .to
            .unwrap_or_default()
            .iter()
            .map(|o| match o {
                Owner::Ident(i) => fold(i),
                Owner::CurrentRole => "current_role".into(),
                Owner::CurrentUser => "current_user".into(),
                Owner::SessionUser => "session_user".into(),
            })
            .collect::<Vec<String>>();
        // PUBLIC among other roles still means every role.
        let roles = if roles.iter().any(|r| r == "public") {
            Vec::new()
        } else {
            roles
        };
        let mut src = ExprSource::new(self.text, &st.toks, st.end, &self.parsed);
        let using = cp.using.as_ref().map(|e| src.text_for(e));
        let with_check = cp.with_check.as_ref().map(|e| src.text_for(e));
        let (s, t) = (qn.schema.clone(), qn.name.clone());
        self.tables[ti].policies.push(Policy {
            id: Id::for_policy(&s, &t, &name),
            name,
            restrictive: matches!(cp.policy_type, Some(CreatePolicyType::Restrictive)),
            command,
            roles,
            using,
            with_check,
        });
    }
}
