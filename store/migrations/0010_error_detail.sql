-- A failed document keeps, beside its error, what the error knows that its
-- one-line message leaves out: for a panic (a bug in budgetx or in a
-- library it calls), the stack that shows where the code failed.

ALTER TABLE documents ADD COLUMN error_detail TEXT;
