//! `ALTER DEFAULT PRIVILEGES` read from the importer's tokens into the schema's
//! [`DefaultPrivilege`] entries, and applied, as PostgreSQL does for the role running the file, to
//! the objects created after it: entries without `FOR ROLE` grant on (or, revoking a built-in
//! default, take `EXECUTE` from `public` on) the tables, sequences, routines and schemas the file
//! creates later. Entries for a named role are kept but not applied: the file does not say which
//! role runs it.

use super::grants::{read_privileges, read_roles};
use super::raw::Loc;
use super::routines::Cursor;
use super::split::{name_chain, RawStatement};
use super::statements::Importer;
use crate::model::{DefaultObjects, DefaultPrivilege, Grant};

impl Importer<'_> {
    /// `ALTER DEFAULT PRIVILEGES [FOR ROLE …] [IN SCHEMA …] GRANT|REVOKE …`.
    pub(super) fn alter_default_privileges(&mut self, st: &RawStatement, loc: &Loc) {
        if let Err(why) = self.default_privileges_inner(st) {
            self.warn(loc, format!("skipped: {why}"));
        }
    }

    fn default_privileges_inner(&mut self, st: &RawStatement) -> Result<(), String> {
        let mut c = Cursor {
            text: self.text,
            toks: &st.toks,
            i: 3, // ALTER DEFAULT PRIVILEGES
            end: st.end,
        };
        let mut for_roles: Vec<Option<String>> = vec![None];
        let mut schemas: Vec<Option<String>> = vec![None];
        loop {
            if c.eat("FOR") {
                if !(c.eat("ROLE") || c.eat("USER")) {
                    return Err("expected ROLE after FOR".into());
                }
                for_roles = read_roles(&mut c)?.into_iter().map(Some).collect();
            } else if c.eat("IN") {
                if !c.eat("SCHEMA") {
                    return Err("expected SCHEMA after IN".into());
                }
                schemas.clear();
                loop {
                    let (parts, next) = name_chain(self.text, c.toks, c.i);
                    let Some(name) = parts.into_iter().next() else {
                        return Err("expected a schema name".into());
                    };
                    schemas.push(Some(name));
                    c.i = next;
                    if c.is_punct(',') {
                        c.i += 1;
                    } else {
                        break;
                    }
                }
            } else {
                break;
            }
        }
        let revoke = if c.eat("GRANT") {
            false
        } else if c.eat("REVOKE") {
            true
        } else {
            return Err("expected GRANT or REVOKE".into());
        };
        let option_only = revoke && c.is("GRANT");
        if option_only {
            c.i += 3; // GRANT OPTION FOR
        }
        let (all, privileges) = read_privileges(&mut c)?;
        let word = c.word().unwrap_or_default();
        let on = DefaultObjects::parse(&word)
            .ok_or_else(|| format!("default privileges ON {word} are not modelled"))?;
        c.i += 1;
        if !(c.eat("TO") || c.eat("FROM")) {
            return Err("expected TO or FROM".into());
        }
        let grantees = read_roles(&mut c)?;
        let grantable = !revoke && c.is("WITH") && c.word_at(c.i + 1).as_deref() == Some("GRANT");
        if grantable {
            c.i += 3;
        }
        if revoke && !c.eat("CASCADE") {
            c.eat("RESTRICT");
        }
        if c.i < c.toks.len() {
            return Err(format!(
                "unexpected {} after the roles",
                c.span(c.i, c.i + 1)
            ));
        }
        let privileges = if all { on.all().to_vec() } else { privileges };
        if let Some(p) = privileges.iter().find(|p| !on.all().contains(p)) {
            return Err(format!("{} does not apply to {}", p.sql(), on.sql()));
        }
        let list = &mut self.default_privileges;
        for for_role in &for_roles {
            for schema in &schemas {
                for role in &grantees {
                    for privilege in &privileges {
                        let entry = DefaultPrivilege {
                            for_role: for_role.clone(),
                            schema: schema.clone(),
                            on,
                            grant: Grant {
                                role: role.clone(),
                                privilege: *privilege,
                                grantable,
                            },
                            revoked: false,
                        };
                        apply(list, entry, revoke, option_only);
                    }
                }
            }
        }
        DefaultPrivilege::canonical(list);
        Ok(())
    }

    /// The grants a new object of kind `on` in `schema` starts with: `builtin` (what PostgreSQL
    /// grants by itself) changed by the entries without `FOR ROLE` read so far.
    pub(super) fn default_grants(
        &self,
        on: DefaultObjects,
        schema: &str,
        builtin: Vec<Grant>,
    ) -> Vec<Grant> {
        let mut grants = builtin;
        for d in &self.default_privileges {
            if d.for_role.is_some()
                || d.on != on
                || d.schema.as_deref().is_some_and(|s| s != schema)
            {
                continue;
            }
            if d.revoked {
                grants.retain(|g| !(g.role == d.grant.role && g.privilege == d.grant.privilege));
            } else {
                grants.push(d.grant.clone());
            }
        }
        Grant::canonical(&mut grants);
        grants
    }
}

/// Applies one `GRANT` (or `REVOKE`, `option_only` for `GRANT OPTION FOR`) of `entry` to `list`.
fn apply(
    list: &mut Vec<DefaultPrivilege>,
    entry: DefaultPrivilege,
    revoke: bool,
    option_only: bool,
) {
    let same = |d: &DefaultPrivilege| {
        d.for_role == entry.for_role
            && d.schema == entry.schema
            && d.on == entry.on
            && d.grant.role == entry.grant.role
            && d.grant.privilege == entry.grant.privilege
    };
    // A built-in default exists everywhere, for `public`.
    let builtin = entry.schema.is_none()
        && entry.grant.role == "public"
        && entry.on.builtin() == Some(entry.grant.privilege);
    if revoke {
        let granted = list.iter().position(|d| same(d) && !d.revoked);
        match granted {
            Some(i) if option_only => list[i].grant.grantable = false,
            Some(i) => {
                list.remove(i);
            }
            None if builtin && !option_only && !list.iter().any(|d| same(d) && d.revoked) => {
                list.push(DefaultPrivilege {
                    revoked: true,
                    ..entry
                });
            }
            None => {}
        }
    } else {
        match list.iter().position(same) {
            // Granting back a revoked built-in default removes the revocation.
            Some(i) if list[i].revoked => {
                list.remove(i);
                if entry.grant.grantable {
                    list.push(entry);
                }
            }
            Some(i) => list[i].grant.grantable |= entry.grant.grantable,
            None => list.push(entry),
        }
    }
}
