package dev.poslake.activities.etl.domain;

/**
 * Why a Kafka record or a snapshot CSV line was quarantined. The {@link #code()} strings are stable: they are
 * written to {@code rejected_inventory_change.reason} and appear in run reports and metrics, so never rename one.
 */
public enum RejectReason {
  // ---- Kafka change messages (PosMessageParser) ----
  /** Null/empty record value, invalid UTF-8/JSON syntax, duplicate keys, trailing data, top level not an object. */
  MALFORMED_JSON("malformed_json"),
  /** A required field is absent or JSON null. */
  MISSING_FIELD("missing_field"),
  /** A field has the wrong JSON type: ids/quantities not JSON integers (1.5, 1.0, "2", out of int range), etc. */
  WRONG_TYPE("wrong_type"),
  /** {@code items} is an empty array: a transaction part without any line is refused, not taken as a no-op. */
  EMPTY_ITEMS("empty_items"),
  /** part/parts inconsistent: only one of them present, parts < 1, or not 0 <= part < parts. */
  INVALID_PART("invalid_part"),
  /** change_type_id not in inventory_change_type, or the snapshot type (-1), which is not a change. */
  UNKNOWN_CHANGE_TYPE("unknown_change_type"),
  /** A trans_id string that is empty, blank, longer than TransIds.MAX_LENGTH or has control characters. */
  INVALID_TRANS_ID("invalid_trans_id"),

  // ---- shared by messages and snapshot CSV lines ----
  /** A timestamp string that is not ISO-8601 (messages also need an offset or Z) / not yyyy-MM-dd HH:mm:ss. */
  BAD_TIMESTAMP("bad_timestamp"),
  UNKNOWN_STORE("unknown_store"),
  UNKNOWN_ITEM("unknown_item"),

  // ---- snapshot CSV files (SnapshotCsvParser) ----
  /** First line is not the expected header; the whole file is refused (no rows are read). */
  BAD_HEADER("bad_header"),
  WRONG_COLUMN_COUNT("wrong_column_count"),
  /** item_id, employee_id, store_id or quantity is not a base-10 int. */
  NOT_INTEGER("not_integer"),
  /** A line longer than the configured maximum (POS_CSV_MAX_LINE_LENGTH): rejected unread, the file goes on. */
  LINE_TOO_LONG("line_too_long");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  /** The stable, lower-case reason code. */
  public String code() {
    return code;
  }

  /** The reason with this code; IllegalArgumentException if none. */
  public static RejectReason fromCode(String code) {
    for (RejectReason r : values()) {
      if (r.code.equals(code)) {
        return r;
      }
    }
    throw new IllegalArgumentException("unknown reject reason code: " + code);
  }

  @Override
  public String toString() {
    return code;
  }
}
