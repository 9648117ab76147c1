package dev.poslake.catalog.tables;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import java.util.Map;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.types.Types;

/** Quarantine: every Kafka record (or line of one) that failed parsing or validation, with a reason. */
public final class RejectedInventoryChangeTable {
  private RejectedInventoryChangeTable() {}

  public static final String NAME = "rejected_inventory_change";
  public static final String TOPIC = "topic";
  public static final String SOURCE_PARTITION = "source_partition";
  public static final String SOURCE_OFFSET = "source_offset";
  public static final String RAW_VALUE = "raw_value";
  public static final String REASON = "reason";
  public static final String DETAIL = "detail";
  public static final String REJECTED_AT = "rejected_at";
  /** Set by `pos reprocess-rejects` when the record passed again and is in inventory_change (null: still out). */
  public static final String REPROCESSED_AT = "reprocessed_at";
  public static final String REPROCESS_ID = "reprocess_id";

  public static final Schema SCHEMA = new Schema(
      required(1, TOPIC, Types.StringType.get(), "Kafka topic"),
      required(2, SOURCE_PARTITION, Types.IntegerType.get(), "Kafka partition"),
      required(3, SOURCE_OFFSET, Types.LongType.get(), "Kafka offset"),
      optional(4, RAW_VALUE, Types.BinaryType.get(), "the record value as received"),
      required(5, REASON, Types.StringType.get(), "short machine-readable reason, e.g. unknown_store_id"),
      optional(6, DETAIL, Types.StringType.get(), "human-readable detail (field, line, value)"),
      required(7, REJECTED_AT, Types.TimestampType.withZone(), "when silver rejected it"),
      // added later: optional, so SchemaUpgrade adds them to tables of older releases
      optional(8, REPROCESSED_AT, Types.TimestampType.withZone(), "when a reprocess put it into inventory_change"),
      optional(9, REPROCESS_ID, Types.StringType.get(), "the reprocess that did"));

  /** day(rejected_at): rejects are rare and looked at by recency ("what failed today"). */
  public static final PartitionSpec SPEC = PartitionSpec.builderFor(SCHEMA).day(REJECTED_AT).build();
  public static final SortOrder SORT_ORDER = SortOrder.builderFor(SCHEMA)
      .asc(SOURCE_PARTITION).asc(SOURCE_OFFSET).build();

  public static final TableDefinition DEFINITION = new TableDefinition(NAME, "quarantine",
      "Quarantine: POS records that failed parsing or validation", SCHEMA, SPEC, SORT_ORDER,
      TableDefinition.properties(Map.of()));
}
