/**
 * The ETL's domain rules as pure, I/O-free, Temporal-free classes: parsing and validating change messages
 * ({@link dev.poslake.activities.etl.domain.PosMessageParser}), de-duplication identity
 * ({@link dev.poslake.activities.etl.domain.DedupKey}), recount CSV parsing
 * ({@link dev.poslake.activities.etl.domain.SnapshotCsvParser}), the latest-snapshot choice
 * ({@link dev.poslake.activities.etl.domain.LatestSnapshotRule}) and the gold formula
 * ({@link dev.poslake.activities.etl.domain.GoldRule}, {@link dev.poslake.activities.etl.domain.GoldAccumulator}).
 *
 * <h2>Choices where the SPEC is silent</h2>
 * <ul>
 *   <li>Reason codes are the {@link dev.poslake.activities.etl.domain.RejectReason} codes; they are stable.</li>
 *   <li>An empty {@code items} array is rejected ({@code empty_items}), not taken as a no-op.</li>
 *   <li>A message is accepted or rejected as a whole: one unknown item rejects the whole part.</li>
 *   <li>JSON {@code null} is "absent": {@code missing_field} for required fields, default for part/parts.</li>
 *   <li>Only one of part/parts, parts &lt; 1, or part outside [0, parts) is {@code invalid_part}.</li>
 *   <li>Numbers must be JSON integer literals in int range; {@code 1.0}, {@code 1e2}, {@code "2"} are
 *       {@code wrong_type}.</li>
 *   <li>trans_id is any string of 1 to {@link dev.poslake.activities.etl.domain.TransIds#MAX_LENGTH} characters,
 *       not blank, without control characters (else {@code invalid_trans_id}); a UUID is normalised (braces and
 *       upper case accepted), any other id is kept and compared exactly. A non-string is {@code wrong_type}.</li>
 *   <li>date_time must carry Z or an offset in messages; an unparseable string is {@code bad_timestamp} (a code
 *       shared with the CSV parser). Recount CSV times without zone are UTC. All times are truncated to
 *       microseconds (Iceberg precision).</li>
 *   <li>change_type_id -1 (snapshot) in a change message is {@code unknown_change_type}.</li>
 *   <li>Duplicate JSON keys, trailing content and a non-object top level are {@code malformed_json}.</li>
 *   <li>Quantities are not sign-checked against the change type; 0 is valid; recount quantities are kept as
 *       counted.</li>
 *   <li>A recount file with a bad header is refused whole (one {@code bad_header} at line 1). Columns are read by
 *       header name; blank lines are skipped and counted.</li>
 *   <li>Latest snapshot tie-break on equal date_time: greater source file, then line, then quantity, then
 *       employee id — so {@code latest_inventory_snapshot} needs the source file and line columns.</li>
 *   <li>Gold sums are {@code long}.</li>
 * </ul>
 */
package dev.poslake.activities.etl.domain;
