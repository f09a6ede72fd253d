// SQLite schema, as an ordered list of migrations. Migration i (0-based) brings the database from
// schema version i to i + 1; the version lives in PRAGMA user_version. Never edit a migration that
// has shipped: append a new one instead.
//
// Timestamps: INTEGER columns are epoch ms; the findings' TEXT timestamps are ISO 8601 strings as
// produced by Date.prototype.toISOString (fixed width, so they sort lexicographically in time order).

export const migrations: readonly string[] = [
  // 1: initial schema
  `
  CREATE TABLE clusters (
    name        TEXT    NOT NULL PRIMARY KEY,
    detector_id TEXT    NOT NULL UNIQUE,
    created_at  INTEGER NOT NULL,
    platform    TEXT    NOT NULL,
    arn         TEXT
  );

  CREATE TABLE tokens (
    id          TEXT    NOT NULL PRIMARY KEY,
    secret_hash TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('admin', 'ingest')),
    cluster     TEXT    REFERENCES clusters(name),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    description TEXT    NOT NULL DEFAULT ''
  );
  CREATE INDEX tokens_created ON tokens (created_at, id);

  CREATE TABLE findings (
    id          TEXT    NOT NULL PRIMARY KEY,
    fingerprint TEXT    NOT NULL UNIQUE,
    type        TEXT    NOT NULL,
    severity    REAL    NOT NULL,
    cluster     TEXT    NOT NULL,
    namespace   TEXT    NOT NULL DEFAULT '',
    archived    INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0, 1)),
    count       INTEGER NOT NULL,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    first_seen  TEXT    NOT NULL,
    last_seen   TEXT    NOT NULL,
    doc         TEXT    NOT NULL
  );
  -- One index per sort key, with id as the keyset tie-breaker.
  CREATE INDEX findings_updated    ON findings (updated_at, id);
  CREATE INDEX findings_created    ON findings (created_at, id);
  CREATE INDEX findings_severity   ON findings (severity, id);
  CREATE INDEX findings_count      ON findings (count, id);
  CREATE INDEX findings_last_seen  ON findings (last_seen, id);
  -- Filters.
  CREATE INDEX findings_type       ON findings (type);
  CREATE INDEX findings_cluster_ns ON findings (cluster, namespace);
  CREATE INDEX findings_archived   ON findings (archived, updated_at);

  CREATE TABLE seen_requests (
    key     TEXT    NOT NULL PRIMARY KEY,
    seen_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX seen_requests_seen_at ON seen_requests (seen_at);

  -- seq orders entries updated within the same millisecond in the order they were applied.
  CREATE TABLE component_state (
    component  TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    seq        INTEGER NOT NULL,
    PRIMARY KEY (component, key)
  ) WITHOUT ROWID;
  CREATE INDEX component_state_order ON component_state (component, updated_at, seq);

  CREATE TABLE ingest_counts (
    cluster       TEXT    NOT NULL,
    source        TEXT    NOT NULL,
    accepted      INTEGER NOT NULL DEFAULT 0,
    skipped       INTEGER NOT NULL DEFAULT 0,
    duplicates    INTEGER NOT NULL DEFAULT 0,
    rejected      TEXT    NOT NULL DEFAULT '{}',
    last_event_at INTEGER,
    PRIMARY KEY (cluster, source)
  );
  `,
  // 2: threat-intelligence lists
  `
  CREATE TABLE intel_lists (
    name       TEXT    NOT NULL PRIMARY KEY,
    kind       TEXT    NOT NULL CHECK (kind IN ('threat', 'trusted', 'tor', 'malicious')),
    format     TEXT    NOT NULL,
    source     TEXT    NOT NULL,
    entries    INTEGER NOT NULL,
    rejected   INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    content    TEXT    NOT NULL
  );
  `,
  // 3: nodes sending runtime events (coverage)
  `
  CREATE TABLE runtime_nodes (
    cluster       TEXT    NOT NULL,
    node          TEXT    NOT NULL,
    sensor        TEXT    NOT NULL,
    version       TEXT    NOT NULL DEFAULT '',
    first_seen_at INTEGER NOT NULL,
    last_event_at INTEGER NOT NULL,
    events        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (cluster, node, sensor)
  );
  `,
  // 4: API tokens get a role (viewer, analyst, admin); the audit trail of changes
  `
  CREATE TABLE tokens_v4 (
    id          TEXT    NOT NULL PRIMARY KEY,
    secret_hash TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('api', 'ingest')),
    role        TEXT    CHECK (role IN ('viewer', 'analyst', 'admin')),
    cluster     TEXT    REFERENCES clusters(name),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER,
    description TEXT    NOT NULL DEFAULT '',
    CHECK ((kind = 'api' AND role IS NOT NULL) OR (kind = 'ingest' AND role IS NULL))
  );
  INSERT INTO tokens_v4 (id, secret_hash, kind, role, cluster, created_at, revoked_at, description)
    SELECT id, secret_hash, CASE kind WHEN 'admin' THEN 'api' ELSE kind END, CASE kind WHEN 'admin' THEN 'admin' ELSE NULL END,
           cluster, created_at, revoked_at, description FROM tokens;
  DROP TABLE tokens;
  ALTER TABLE tokens_v4 RENAME TO tokens;
  CREATE INDEX tokens_created ON tokens (created_at, id);

  CREATE TABLE audit_log (
    seq     INTEGER PRIMARY KEY AUTOINCREMENT,
    at      INTEGER NOT NULL,
    actor   TEXT    NOT NULL,
    action  TEXT    NOT NULL,
    details TEXT    NOT NULL
  );
  `,
  // 5: saved filters and suppression rules
  `
  CREATE TABLE filters (
    name        TEXT    NOT NULL PRIMARY KEY,
    cluster     TEXT,
    description TEXT    NOT NULL DEFAULT '',
    action      TEXT    NOT NULL CHECK (action IN ('NOOP', 'ARCHIVE')),
    rank        INTEGER NOT NULL,
    criteria    TEXT    NOT NULL,
    reason      TEXT    NOT NULL DEFAULT '',
    expires_at  INTEGER,
    created_at  INTEGER NOT NULL,
    updated_at  INTEGER NOT NULL
  );
  `,
  // 6: detector features per cluster
  `
  CREATE TABLE cluster_features (
    cluster            TEXT    NOT NULL PRIMARY KEY REFERENCES clusters(name),
    audit_logs         INTEGER NOT NULL,
    runtime_monitoring INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
  );
  `,
  // 7: SigV4 access keys (secrets sealed by the caller) and GuardDuty detector settings per cluster
  `
  CREATE TABLE access_keys (
    access_key_id TEXT    NOT NULL PRIMARY KEY,
    sealed_secret TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('viewer', 'analyst', 'admin')),
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER,
    description   TEXT    NOT NULL DEFAULT ''
  );
  CREATE INDEX access_keys_created ON access_keys (created_at, access_key_id);

  CREATE TABLE detector_settings (
    cluster    TEXT    NOT NULL PRIMARY KEY REFERENCES clusters(name),
    settings   TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  );
  `,
  // 8: the event archive (raw events for investigation) and findings indexed by entity.
  // The archive's rowid is its id. ekey is a 48-bit hash of (cluster, event key): with the time and
  // the cluster it makes a re-sent event a no-op, and that index also serves time-ordered scans with
  // or without a cluster (retention, unfiltered lists). Entity indexes are partial: most events
  // have no image or node (audit) or no actor (runtime). A pod's events are found through workload
  // (pods/NAMESPACE/NAME), so pod has no index of its own. raw is the last column so the others stay
  // on the row's first page.
  `
  CREATE TABLE event_archive (
    id        INTEGER PRIMARY KEY,
    ekey      INTEGER NOT NULL,
    cluster   TEXT    NOT NULL,
    time      INTEGER NOT NULL,
    plane     TEXT    NOT NULL CHECK (plane IN ('audit', 'runtime')),
    actor     TEXT,
    namespace TEXT,
    workload  TEXT,
    pod       TEXT,
    image     TEXT,
    node      TEXT,
    source_ip TEXT,
    summary   TEXT    NOT NULL,
    truncated INTEGER NOT NULL DEFAULT 0 CHECK (truncated IN (0, 1)),
    raw       TEXT    NOT NULL
  );
  CREATE UNIQUE INDEX event_archive_identity ON event_archive (time, cluster, ekey);
  CREATE INDEX event_archive_actor     ON event_archive (actor, time)     WHERE actor IS NOT NULL;
  CREATE INDEX event_archive_workload  ON event_archive (workload, time)  WHERE workload IS NOT NULL;
  CREATE INDEX event_archive_image     ON event_archive (image, time)     WHERE image IS NOT NULL;
  CREATE INDEX event_archive_node      ON event_archive (node, time)      WHERE node IS NOT NULL;
  CREATE INDEX event_archive_source_ip ON event_archive (source_ip, time) WHERE source_ip IS NOT NULL;

  -- The entities each finding is about (core/entities.ts), kept in step with the finding's document;
  -- existing findings are indexed when this migration runs (sqlite/finding-entities.ts).
  CREATE TABLE finding_entities (
    kind       TEXT NOT NULL,
    value      TEXT NOT NULL,
    finding_id TEXT NOT NULL,
    PRIMARY KEY (kind, value, finding_id)
  ) WITHOUT ROWID;
  CREATE INDEX finding_entities_finding ON finding_entities (finding_id);
  CREATE TRIGGER findings_delete_entities AFTER DELETE ON findings BEGIN
    DELETE FROM finding_entities WHERE finding_id = old.id;
  END;
  `,
  // 9: where each pulling source (a tailed file; later CloudWatch, Pub/Sub, Event Hubs) stopped, so
  // a restart resumes there. The value is the source's own (JSON) position.
  `
  CREATE TABLE source_cursors (
    source     TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  // 10: when each source last delivered a batch and how far behind its newest event was then (the
  // coverage page's lag per source).
  `
  ALTER TABLE ingest_counts ADD COLUMN last_received_at INTEGER;
  ALTER TABLE ingest_counts ADD COLUMN lag_ms INTEGER;
  `,
];

/** The version that added finding_entities: upgrading across it indexes the existing findings. */
export const FINDING_ENTITIES_VERSION = 8;

/** The schema version a fully migrated database has. */
export const SCHEMA_VERSION = migrations.length;
