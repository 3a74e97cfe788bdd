"""The engine-specific half of the index, for the database in use (the other's operations do nothing).

PostgreSQL: the unaccent extension (creating it needs a role allowed to, e.g. the database owner on
PostgreSQL >= 13 where unaccent is trusted), one text search configuration per stemmed language
with unaccent before the stemmer, a plain one for names and Catalan, two generated tsvector
columns (weighted title + body in the row's language; names for prefix suggestions), GIN indexes.
Changing the type of title, body or language later needs these columns dropped and re-added.

SQLite: an FTS5 table over the document table (external content, so text is not stored twice),
accent-insensitive (remove_diacritics 2) and kept in step by triggers; deletes cascade into it.
"""

from django.db import migrations

LANGUAGE_CONFIGS = {"xarxa_es": ("spanish", "spanish_stem"), "xarxa_pt": ("portuguese", "portuguese_stem"),
                    "xarxa_en": ("english", "english_stem"), "xarxa_simple": ("simple", "simple")}


def _create_config(name, parent, dictionary):
    return f"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = '{name}') THEN
    CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {parent});
    ALTER TEXT SEARCH CONFIGURATION {name} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary};
  END IF;
END $$;"""


CONFIG = ("CASE language WHEN 'es' THEN 'xarxa_es'::regconfig WHEN 'pt' THEN 'xarxa_pt'::regconfig"
          " WHEN 'en' THEN 'xarxa_en'::regconfig ELSE 'xarxa_simple'::regconfig END")
# PostgreSQL's snowball stemmers only strip accented suffixes ("-ación", "-ção") before unaccent has
# removed the accent, so stemmed languages get a second, accented-stem half: "administraciones" then
# meets "administración" (both stem to "administr"), and "administracion" still meets it too.
NATIVE = ("CASE language WHEN 'es' THEN 'spanish'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig"
          " ELSE 'english'::regconfig END")


def _half(config, column, weight):
    return f"setweight(to_tsvector({config}, coalesce({column}, '')), '{weight}')"


VECTOR = (f"{_half(CONFIG, 'title', 'A')} || {_half(CONFIG, 'body', 'B')}"
          f" || CASE WHEN language IN ('es', 'pt', 'en')"
          f" THEN {_half(NATIVE, 'title', 'A')} || {_half(NATIVE, 'body', 'B')} ELSE ''::tsvector END")

POSTGRES_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS unaccent;",
    *(_create_config(name, parent, dictionary) for name, (parent, dictionary) in LANGUAGE_CONFIGS.items()),
    f"ALTER TABLE search_searchdocument ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({VECTOR}) STORED;",
    "ALTER TABLE search_searchdocument ADD COLUMN name_vector tsvector"
    " GENERATED ALWAYS AS (to_tsvector('xarxa_simple'::regconfig, coalesce(title, ''))) STORED;",
    "CREATE INDEX search_document_vector ON search_searchdocument USING gin (search_vector);",
    "CREATE INDEX search_document_names ON search_searchdocument USING gin (name_vector);",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS search_document_names;",
    "DROP INDEX IF EXISTS search_document_vector;",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS name_vector;",
    "ALTER TABLE search_searchdocument DROP COLUMN IF EXISTS search_vector;",
    *(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name};" for name in LANGUAGE_CONFIGS),
]

FTS_COLUMNS = "title, title_terms, body_terms, language"
SQLITE_FORWARD = [
    f"CREATE VIRTUAL TABLE search_fts USING fts5({FTS_COLUMNS}, content='search_searchdocument',"
    " content_rowid='id', tokenize='unicode61 remove_diacritics 2', prefix='2 3');",
    f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchdocument BEGIN
  INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, new.title, new.title_terms, new.body_terms, new.language);
END;""",
    f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchdocument BEGIN
  INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS})
  VALUES ('delete', old.id, old.title, old.title_terms, old.body_terms, old.language);
END;""",
    f"""CREATE TRIGGER search_fts_update AFTER UPDATE OF {FTS_COLUMNS} ON search_searchdocument BEGIN
  INSERT INTO search_fts(search_fts, rowid, {FTS_COLUMNS})
  VALUES ('delete', old.id, old.title, old.title_terms, old.body_terms, old.language);
  INSERT INTO search_fts(rowid, {FTS_COLUMNS}) VALUES (new.id, new.title, new.title_terms, new.body_terms, new.language);
END;""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild');",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_fts_update;",
    "DROP TRIGGER IF EXISTS search_fts_delete;",
    "DROP TRIGGER IF EXISTS search_fts_insert;",
    "DROP TABLE IF EXISTS search_fts;",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement, params=None)
    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"postgresql": POSTGRES_FORWARD, "sqlite": SQLITE_FORWARD}),
            _run({"postgresql": POSTGRES_BACKWARD, "sqlite": SQLITE_BACKWARD}),
        ),
    ]
