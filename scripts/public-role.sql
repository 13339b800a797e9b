-- The PostgreSQL role of a public-only server (PUBLIC_ONLY=1, README "Public pages"): it reads
-- what the public pages show and records ballots, nothing else. Run it as the owner of the
-- ledger's tables after the internal server has migrated them, once per database:
--   psql "$DATABASE_URL" -v password=… -f scripts/public-role.sql
-- Columns are granted one by one, so birth years, review notes, logins and the like stay out of
-- reach; row policies keep drafts, unpublished notes and comments out even from a mistaken query.
CREATE ROLE ledger_public LOGIN PASSWORD :'password';

GRANT SELECT ON public_links, org_goals, surveys, survey_targets TO ledger_public;
GRANT SELECT (id, name, parent_id) ON organizations TO ledger_public;
GRANT SELECT (id, name) ON members TO ledger_public;
-- A ballot of a closed year is refused (封账): the closures covering an organisation and its line above.
GRANT SELECT (id, org_id, year, closed_at, reopened_at) ON year_closures TO ledger_public;
GRANT SELECT (closure_id, org_id) ON year_closure_orgs TO ledger_public;
GRANT SELECT (id, org_id, year, subject_type, subject_name, category, content, deadline, status, updated_at) ON commitments TO ledger_public;
GRANT SELECT (id, commitment_id, month, note, percent, public, created_at) ON progress_entries TO ledger_public;
GRANT SELECT (id, kind, target_type, target_id, org_id, period, text, public, satisfied, basically_satisfied, unsatisfied) ON evaluations TO ledger_public;
-- Answering a ballot: mark it used, store the answers, count them into the survey evaluation.
GRANT SELECT, UPDATE (answered_at) ON survey_ballots TO ledger_public;
GRANT INSERT ON survey_answers TO ledger_public;
GRANT USAGE ON SEQUENCE survey_answers_id_seq TO ledger_public;
GRANT UPDATE (satisfied, basically_satisfied, unsatisfied) ON evaluations TO ledger_public;
-- The pages' rate limits, counted with every other process (README "Several processes").
GRANT SELECT, INSERT, UPDATE ON rate_limits TO ledger_public;
-- /readyz compares the database's migrations with the code's.
GRANT SELECT ON kysely_migration TO ledger_public;

-- Rows: the owner (the internal server) is not affected by these policies.
ALTER TABLE commitments ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_posted ON commitments FOR SELECT TO ledger_public
  USING (status IN ('approved', 'published', 'in_progress', 'completed', 'unfulfilled'));
ALTER TABLE progress_entries ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_notes ON progress_entries FOR SELECT TO ledger_public USING (public = 1);
ALTER TABLE evaluations ENABLE ROW LEVEL SECURITY;
CREATE POLICY public_results ON evaluations FOR SELECT TO ledger_public
  USING (kind = 'survey' OR (kind = 'leader_comment' AND public = 1));
CREATE POLICY public_tallies ON evaluations FOR UPDATE TO ledger_public USING (kind = 'survey');
