"""The database's own refusal to change or delete audit rows: triggers on PostgreSQL and SQLite.

Installed by migration 0002. On SQLite, any later migration that rebuilds the `audit_entry` table
(most field changes do) drops its triggers with the old table: such a migration must call
`install(schema_editor)` again. Both raise an IntegrityError in Django.
"""

TABLE = "audit_entry"
MESSAGE = "the audit trail is append-only"

POSTGRESQL_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION audit_entry_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION '{MESSAGE}: % refused', TG_OP USING ERRCODE = 'restrict_violation';
        END $$""",
    f"""CREATE TRIGGER audit_entry_append_only BEFORE UPDATE OR DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_entry_refuse_change()""",
]
POSTGRESQL_REMOVE = [
    f"DROP TRIGGER IF EXISTS audit_entry_append_only ON {TABLE}",
    "DROP FUNCTION IF EXISTS audit_entry_refuse_change()",
]
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS audit_entry_no_{operation.lower()} BEFORE {operation} ON {TABLE}
        BEGIN SELECT RAISE(ABORT, '{MESSAGE}: {operation} refused'); END"""
    for operation in ("UPDATE", "DELETE")
]
SQLITE_REMOVE = [f"DROP TRIGGER IF EXISTS audit_entry_no_{operation}" for operation in ("update", "delete")]

STATEMENTS = {
    "postgresql": (POSTGRESQL_INSTALL, POSTGRESQL_REMOVE),
    "sqlite": (SQLITE_INSTALL, SQLITE_REMOVE),
}


def _run(schema_editor, which):
    install, remove = STATEMENTS.get(schema_editor.connection.vendor, ((), ()))
    for statement in install if which == "install" else remove:
        schema_editor.execute(statement, params=None)  # None: the "%" in plpgsql is not a placeholder


def install(schema_editor):
    _run(schema_editor, "install")


def remove(schema_editor):
    _run(schema_editor, "remove")


def empty_for_tests(connection):
    """Tests that really commit end by emptying every table, which on SQLite is a DELETE the trigger
    refuses. Lift the guard for that one purpose, empty the trail, and put the guard back.
    (PostgreSQL empties tables with TRUNCATE, which row triggers do not see.) Never call it elsewhere."""
    if connection.vendor != "sqlite":
        return
    with connection.schema_editor() as schema_editor:
        remove(schema_editor)
        schema_editor.execute(f"DELETE FROM {TABLE}")
        install(schema_editor)
