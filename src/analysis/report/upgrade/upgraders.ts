// The upgrader of each schemaVersion to the next. A change to the report format adds a
// version: bump SCHEMA_VERSION (report-types.ts), add `[old]: (r) => …` here that turns a
// report of version `old` into one of `old + 1`, describe it in schema/report.schema.json,
// and add a sample of the old version to upgrade.test.ts. Upgraders take and give plain
// JSON (they run before any validation) and never drop data the new version can hold.

/** A report of one version as JSON, turned into the next version. */
export type Upgrader = (report: Record<string, unknown>) => Record<string, unknown>;

/** Upgraders by the version they upgrade from. Version 1 is the first: none yet. */
export const UPGRADERS: Readonly<Record<number, Upgrader>> = {};
