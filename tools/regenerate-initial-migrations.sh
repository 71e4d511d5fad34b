#!/bin/bash
# Regenerates each provider's single Initial migration (before the first release only; see README) and puts back
# the hand-written PostgreSQL append-only triggers for the audit trail and the ledger.
set -e
cd "$(dirname "$0")/.."
rm -f src/Claims.Migrations.Sqlite/Migrations/*.cs src/Claims.Migrations.Postgres/Migrations/*.cs
dotnet tool run dotnet-ef migrations add Initial --project src/Claims.Migrations.Sqlite --startup-project src/Claims.Migrations.Sqlite -o Migrations >/dev/null
dotnet tool run dotnet-ef migrations add Initial --project src/Claims.Migrations.Postgres --startup-project src/Claims.Migrations.Postgres -o Migrations >/dev/null
f=$(ls src/Claims.Migrations.Postgres/Migrations/*_Initial.cs)
python3 - "$f" <<'EOF'
import sys
p=sys.argv[1]; s=open(p).read()
up_sql='''
            // The audit trail is append-only in the database too (HIPAA 164.312(b), 164.312(c)(1)): not even the
            // application's role can update, delete or truncate a row; only the tables' owner, by dropping the trigger, could.
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION claims_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the audit trail is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_entries
    FOR EACH STATEMENT EXECUTE FUNCTION claims_audit_append_only();
CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_checkpoints
    FOR EACH STATEMENT EXECUTE FUNCTION claims_audit_append_only();
");

            // The ledger and what was posted to it are append-only as well: balances are sums over rows nobody may rewrite.
            migrationBuilder.Sql(@"
CREATE OR REPLACE FUNCTION claims_ledger_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'the ledger is append-only: % on % is refused', TG_OP, TG_TABLE_NAME;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER ledger_entries_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON ledger_entries
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
CREATE TRIGGER claim_payment_postings_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON claim_payment_postings
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
CREATE TRIGGER posted_documents_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON posted_documents
    FOR EACH STATEMENT EXECUTE FUNCTION claims_ledger_append_only();
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS ledger_entries_append_only ON ledger_entries; DROP TRIGGER IF EXISTS claim_payment_postings_append_only ON claim_payment_postings; DROP TRIGGER IF EXISTS posted_documents_append_only ON posted_documents; DROP FUNCTION IF EXISTS claims_ledger_append_only(); DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries; DROP TRIGGER IF EXISTS audit_checkpoints_append_only ON audit_checkpoints; DROP FUNCTION IF EXISTS claims_audit_append_only();");'''
marker='''        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {'''
assert s.count(marker)==1
s=s.replace(marker,up_sql)
open(p,'w').write(s)
EOF
echo migrated
