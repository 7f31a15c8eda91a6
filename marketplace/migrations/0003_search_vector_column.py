from django.db import migrations

# PostgreSQL keeps a stored tsvector beside search_text, so a search never re-parses the text
# of every candidate row; the GIN index on it serves selective queries. The column is not in
# the Django model (SQLite has no tsvector): marketplace.search.VectorMatch queries it.
FORWARD = [
    "DROP INDEX IF EXISTS mkt_search_gin",
    "ALTER TABLE marketplace_marketplacepage ADD COLUMN IF NOT EXISTS search_vector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, COALESCE(search_text, ''))) STORED",
    "CREATE INDEX IF NOT EXISTS mkt_search_vector_gin ON marketplace_marketplacepage "
    "USING gin (search_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS mkt_search_vector_gin",
    "ALTER TABLE marketplace_marketplacepage DROP COLUMN IF EXISTS search_vector",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_search_index_and_categories")]

    operations = [migrations.RunPython(forward, backward)]
