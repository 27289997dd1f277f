"""The record store's schema: the migrations that build it, oldest first."""

from __future__ import annotations

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "split_sql"]

# Each entry migrates from version i to i + 1; never edit a released one, append.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE volumes (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL DEFAULT '',
        source TEXT,
        doc_count INTEGER NOT NULL DEFAULT 0,
        json TEXT NOT NULL
    );
    CREATE TABLE documents (
        id TEXT PRIMARY KEY,
        volume TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        number TEXT,
        subtype TEXT,
        title TEXT NOT NULL,
        date_min TEXT,
        date_max TEXT,
        json TEXT NOT NULL
    );
    CREATE INDEX documents_volume_seq ON documents(volume, seq);
    CREATE INDEX documents_date ON documents(date_min);
    CREATE TABLE persons (
        volume TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        json TEXT NOT NULL,
        PRIMARY KEY (volume, id)
    );
    CREATE TABLE terms (
        volume TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        term TEXT NOT NULL,
        expansion TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (volume, id)
    );
    CREATE TABLE mentions (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        volume TEXT NOT NULL,
        kind TEXT NOT NULL,
        ref TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (document, kind, ref)
    );
    CREATE INDEX mentions_ref ON mentions(volume, kind, ref);
    CREATE TABLE links (
        source TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        target TEXT NOT NULL,
        type TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '',
        confidence REAL NOT NULL DEFAULT 1.0,
        resolved INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX links_source ON links(source);
    CREATE INDEX links_target ON links(target);
    """,
    """
    CREATE TABLE officials (
        id TEXT PRIMARY KEY,
        surname TEXT NOT NULL,
        json TEXT NOT NULL
    );
    CREATE INDEX officials_surname ON officials(surname);
    """,
    # whether a link's target exists changes as volumes arrive: decided when read
    """
    ALTER TABLE links DROP COLUMN resolved;
    """,
    # the span of a volume's document dates: which volume a copy's date falls in
    """
    ALTER TABLE volumes ADD COLUMN date_min TEXT;
    ALTER TABLE volumes ADD COLUMN date_max TEXT;
    UPDATE volumes SET
        date_min = (SELECT min(d.date_min) FROM documents d WHERE d.volume = volumes.id),
        date_max = (SELECT max(coalesce(d.date_max, d.date_min)) FROM documents d
                    WHERE d.volume = volumes.id);
    """,
    # front and back matter to read: preface, sources, a note on covert actions, appendices
    """
    CREATE TABLE sections (
        volume TEXT NOT NULL REFERENCES volumes(id) ON DELETE CASCADE,
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        subtype TEXT NOT NULL,
        title TEXT NOT NULL,
        json TEXT NOT NULL,
        PRIMARY KEY (volume, id)
    );
    """,
    # telegrams and despatches by their numbers, so that a citation ("your No. 312") finds
    # its message in any volume, and a volume finds the citations of its messages in others
    """
    CREATE TABLE serials (
        document TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
        volume TEXT NOT NULL,
        number TEXT NOT NULL,
        date_min TEXT,
        place TEXT,
        writer TEXT NOT NULL,
        reader TEXT NOT NULL,
        writer_key TEXT NOT NULL,
        post TEXT NOT NULL
    );
    CREATE INDEX serials_number ON serials(number);
    CREATE INDEX serials_volume ON serials(volume);
    CREATE TABLE citations (
        document TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        volume TEXT NOT NULL,
        number TEXT NOT NULL,
        party TEXT NOT NULL,
        date_min TEXT,
        PRIMARY KEY (document, number, party)
    );
    CREATE INDEX citations_number ON citations(number);
    INSERT INTO meta(key, value)
        SELECT 'numbers_pending', '1' WHERE EXISTS (SELECT 1 FROM documents);
    """,
    # who wrote and received each document, and who took part in a conversation, as
    # mentions of those kinds: a person's page lists their letters, the ones to them, and
    # their conversations (read from each document's JSON, as ingest now writes them)
    """
    INSERT OR IGNORE INTO mentions(document, volume, kind, ref, count)
        SELECT d.id, d.volume, 'from', j.value, 1 FROM documents d, json_each(d.json, '$.from') j;
    INSERT OR IGNORE INTO mentions(document, volume, kind, ref, count)
        SELECT d.id, d.volume, 'to', j.value, 1 FROM documents d, json_each(d.json, '$.to') j;
    INSERT OR IGNORE INTO mentions(document, volume, kind, ref, count)
        SELECT d.id, d.volume, 'participant', j.value, 1
        FROM documents d, json_each(d.json, '$.participants') j;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def split_sql(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
