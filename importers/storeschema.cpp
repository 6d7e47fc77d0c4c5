// SPDX-License-Identifier: GPL-3.0-or-later
#include "importers/storeschema.h"

#include <array>

namespace gbw::importers {

namespace {

// Version 1: the first schema.
constexpr std::string_view version1 = R"sql(
CREATE TABLE hosts (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    host_id INTEGER NOT NULL REFERENCES hosts(id),
    source TEXT NOT NULL,
    format TEXT NOT NULL,
    imported_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    snapshots INTEGER NOT NULL DEFAULT 0,
    events INTEGER NOT NULL DEFAULT 0,
    unknown_events INTEGER NOT NULL DEFAULT 0,
    skipped_lines INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE import_errors (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    line INTEGER NOT NULL,
    reason TEXT NOT NULL
);
CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    taken_at REAL,
    timestamp_text TEXT,
    source_line INTEGER NOT NULL,
    trailing_space INTEGER NOT NULL DEFAULT 1,
    UNIQUE (session_id, seq)
);
CREATE INDEX snapshots_by_time ON snapshots(taken_at);
CREATE TABLE pagetype_sections (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    pageblock_order INTEGER,
    pages_per_block INTEGER,
    has_free_header INTEGER NOT NULL,
    order_count INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, section)
) WITHOUT ROWID;
CREATE TABLE free_counts (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    row INTEGER NOT NULL,
    node INTEGER NOT NULL,
    zone TEXT NOT NULL,
    migratetype TEXT,
    "order" INTEGER NOT NULL,
    count INTEGER NOT NULL,
    lower_bound INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (snapshot_id, section, row, "order")
) WITHOUT ROWID;
CREATE TABLE block_columns (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    mixed INTEGER NOT NULL,
    "column" INTEGER NOT NULL,
    migratetype TEXT NOT NULL,
    PRIMARY KEY (snapshot_id, section, mixed, "column")
) WITHOUT ROWID;
CREATE TABLE block_counts (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    section INTEGER NOT NULL,
    mixed INTEGER NOT NULL,
    row INTEGER NOT NULL,
    node INTEGER NOT NULL,
    zone TEXT NOT NULL,
    "column" INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, section, mixed, row, "column")
) WITHOUT ROWID;
CREATE TABLE zone_values (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    zone_index INTEGER NOT NULL,
    node INTEGER NOT NULL,
    zone TEXT NOT NULL,
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, zone_index, category, position)
) WITHOUT ROWID;
CREATE TABLE vmstat_values (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, position)
) WITHOUT ROWID;
CREATE TABLE frag_index (
    snapshot_id INTEGER NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
    row INTEGER NOT NULL,
    node INTEGER NOT NULL,
    zone TEXT NOT NULL,
    "order" INTEGER NOT NULL,
    milli INTEGER NOT NULL,
    PRIMARY KEY (snapshot_id, row, "order")
) WITHOUT ROWID;
CREATE TABLE event_types (
    id INTEGER PRIMARY KEY,
    system TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    UNIQUE (system, name)
);
CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    comm TEXT NOT NULL UNIQUE
);
CREATE TABLE gfp_masks (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL UNIQUE
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    time_ns INTEGER NOT NULL,
    cpu INTEGER NOT NULL,
    pid INTEGER NOT NULL,
    task_id INTEGER NOT NULL REFERENCES tasks(id),
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    pfn INTEGER,
    "order" INTEGER,
    migratetype INTEGER,
    gfp_id INTEGER REFERENCES gfp_masks(id),
    fields TEXT,
    line INTEGER NOT NULL
);
CREATE INDEX events_by_time ON events(session_id, time_ns);
CREATE INDEX events_by_pfn ON events(pfn) WHERE pfn IS NOT NULL;
CREATE TABLE simulation_runs (
    id INTEGER PRIMARY KEY,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    policy TEXT NOT NULL,
    seed INTEGER NOT NULL,
    config TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
)sql";

// Version 2: events clustered on (session_id, time_ns, line), so that a time-ordered trace is
// appended and time-range queries need no index; integers only, with the raw field text of
// unusual lines in event_fields; a task is a (comm, pid) pair, so events need no pid column;
// the pfn lookup is a table the importer fills in key order (a view joins it back), because
// building an index over tens of millions of rows costs more than the import itself; events
// per type and session are counted at import time, so `gigablock info` needs no scan.
constexpr std::string_view version2 = R"sql(
CREATE TABLE task_pids (
    id INTEGER PRIMARY KEY,
    comm TEXT NOT NULL,
    pid INTEGER NOT NULL,
    UNIQUE (comm, pid)
);
INSERT INTO task_pids (comm, pid)
    SELECT DISTINCT t.comm, e.pid FROM events e JOIN tasks t ON t.id = e.task_id ORDER BY 1, 2;
CREATE TABLE events_v2 (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    time_ns INTEGER NOT NULL,
    line INTEGER NOT NULL,
    cpu INTEGER NOT NULL,
    task_id INTEGER NOT NULL REFERENCES task_pids(id),
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    pfn INTEGER,
    "order" INTEGER,
    migratetype INTEGER,
    gfp_id INTEGER REFERENCES gfp_masks(id),
    PRIMARY KEY (session_id, time_ns, line)
) WITHOUT ROWID;
INSERT INTO events_v2
    SELECT e.session_id, e.time_ns, e.line, e.cpu, p.id, e.type_id, e.pfn, e."order", e.migratetype, e.gfp_id
    FROM events e JOIN tasks t ON t.id = e.task_id JOIN task_pids p ON p.comm = t.comm AND p.pid = e.pid;
CREATE TABLE event_counts (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    type_id INTEGER NOT NULL REFERENCES event_types(id),
    events INTEGER NOT NULL,
    PRIMARY KEY (session_id, type_id)
) WITHOUT ROWID;
INSERT INTO event_counts SELECT session_id, type_id, count(*) FROM events_v2 GROUP BY 1, 2;
CREATE TABLE event_fields (
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    time_ns INTEGER NOT NULL,
    line INTEGER NOT NULL,
    fields TEXT NOT NULL,
    PRIMARY KEY (session_id, time_ns, line)
) WITHOUT ROWID;
INSERT INTO event_fields SELECT session_id, time_ns, line, fields FROM events WHERE fields IS NOT NULL;
CREATE TABLE event_pfns (
    pfn INTEGER NOT NULL,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    time_ns INTEGER NOT NULL,
    line INTEGER NOT NULL,
    PRIMARY KEY (pfn, session_id, time_ns, line)
) WITHOUT ROWID;
INSERT INTO event_pfns SELECT pfn, session_id, time_ns, line FROM events WHERE pfn IS NOT NULL ORDER BY 1, 2, 3, 4;
DROP TABLE events;
DROP TABLE tasks;
ALTER TABLE task_pids RENAME TO tasks;
ALTER TABLE events_v2 RENAME TO events;
CREATE VIEW events_by_pfn AS
    SELECT p.pfn, e.session_id, e.time_ns, e.line, e.cpu, e.task_id, e.type_id, e."order", e.migratetype, e.gfp_id
    FROM event_pfns p JOIN events e ON e.session_id = p.session_id AND e.time_ns = p.time_ns AND e.line = p.line;
)sql";

// Version 3: recorded simulations (gigablock simulate --db). Their events are stored as packed
// 16-byte records in chunks of up to 64 Ki events: replay reads ten million events a second,
// which a row per event cannot give (docs/schema.md).
constexpr std::string_view version3 = R"sql(
ALTER TABLE simulation_runs ADD COLUMN events INTEGER NOT NULL DEFAULT 0;
ALTER TABLE simulation_runs ADD COLUMN duration_ns INTEGER NOT NULL DEFAULT 0;
ALTER TABLE simulation_runs ADD COLUMN format INTEGER NOT NULL DEFAULT 1;
CREATE INDEX simulation_runs_by_session ON simulation_runs(session_id);
CREATE TABLE simulation_samples (
    run_id INTEGER NOT NULL REFERENCES simulation_runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    time_ns INTEGER NOT NULL,
    event_index INTEGER NOT NULL,
    engine_events INTEGER NOT NULL,
    empty INTEGER NOT NULL,
    clean INTEGER NOT NULL,
    tainted INTEGER NOT NULL,
    isolated INTEGER NOT NULL,
    allocatable_1g INTEGER NOT NULL,
    allocatable_1g_free INTEGER NOT NULL,
    free_pages INTEGER NOT NULL,
    free_blocks TEXT NOT NULL,
    fragmentation_score REAL NOT NULL,
    compaction_migrated INTEGER NOT NULL,
    reclaimed INTEGER NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
CREATE TABLE simulation_events (
    run_id INTEGER NOT NULL REFERENCES simulation_runs(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    first_index INTEGER NOT NULL,
    count INTEGER NOT NULL,
    first_time_ns INTEGER NOT NULL,
    last_time_ns INTEGER NOT NULL,
    data BLOB NOT NULL,
    PRIMARY KEY (run_id, seq)
) WITHOUT ROWID;
)sql";

// Version 4: knob sweeps (gigablock sweep). A run is keyed by the hash of its configuration
// (RunSpec::id()), so a resumed sweep, a second sweep over the same settings and results
// collected from a Slurm job array all find the runs already stored.
constexpr std::string_view version4 = R"sql(
CREATE TABLE sweeps (
    id INTEGER PRIMARY KEY,
    file TEXT NOT NULL,
    text TEXT NOT NULL,
    objectives TEXT NOT NULL,
    runs INTEGER NOT NULL,
    started_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE TABLE sweep_runs (
    id TEXT PRIMARY KEY,
    sweep_id INTEGER REFERENCES sweeps(id) ON DELETE SET NULL,
    run_index INTEGER NOT NULL,
    policy TEXT NOT NULL,
    workload TEXT NOT NULL,
    host TEXT NOT NULL,
    host_bytes INTEGER NOT NULL,
    seed INTEGER NOT NULL,
    duration_seconds REAL NOT NULL,
    sample_seconds REAL NOT NULL,
    config TEXT NOT NULL,
    ok INTEGER NOT NULL,
    error TEXT NOT NULL,
    wall_seconds REAL NOT NULL,
    allocatable_1g_series TEXT NOT NULL,
    finished_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) WITHOUT ROWID;
CREATE INDEX sweep_runs_by_workload ON sweep_runs(workload, policy);
CREATE TABLE sweep_run_knobs (
    run_id TEXT NOT NULL REFERENCES sweep_runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE sweep_metrics (
    run_id TEXT NOT NULL REFERENCES sweep_runs(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    value REAL NOT NULL,
    PRIMARY KEY (run_id, name)
) WITHOUT ROWID;
CREATE TABLE sweep_orders (
    run_id TEXT NOT NULL REFERENCES sweep_runs(id) ON DELETE CASCADE,
    "order" INTEGER NOT NULL,
    allocated INTEGER NOT NULL,
    failed INTEGER NOT NULL,
    stalls INTEGER NOT NULL,
    PRIMARY KEY (run_id, "order")
) WITHOUT ROWID;
)sql";

constexpr std::array<std::string_view, StoreSchema::version> steps {version1, version2, version3, version4};

} // namespace

std::span<const std::string_view> StoreSchema::migrations()
{
    return steps;
}

} // namespace gbw::importers
