"""Permissions on accounts' own objects (the role predicates are common.predicates)."""
import rules

rules.add_perm("accounts.manage_own_tokens", rules.is_authenticated)
