"""The test database as a libpq URL, for the processes a test starts and its own psycopg
connections (they must reach the same database the test writes to)."""

from django.db import connection


def conninfo() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    host = db["HOST"] or "127.0.0.1"
    return f"postgresql://{db['USER']}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"
