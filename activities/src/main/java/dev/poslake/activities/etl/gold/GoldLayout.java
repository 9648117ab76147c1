package dev.poslake.activities.etl.gold;

import dev.poslake.catalog.tables.CurrentInventoryTable;
import java.nio.ByteBuffer;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Types;

/**
 * How gold's table partitions hold stores: one store per partition ({@code identity(store_id)}, tables created by
 * older releases) or several ({@code bucket(N, store_id)}, {@link CurrentInventoryTable#SPEC}). Either way a store's
 * loaded or rewritten rows are a data file of its own (store_id bounds equal); with several stores per partition, a
 * merge-on-read writes one data file and one delete file per partition, shared by its stores ({@link GoldWrites}).
 */
final class GoldLayout {
  private final Table gold;
  private final PartitionSpec spec;
  private final int storeField;
  private final boolean storePerPartition;

  private GoldLayout(Table gold) {
    this.gold = gold;
    this.spec = gold.spec();
    this.storeField = gold.schema().findField(CurrentInventoryTable.STORE_ID).fieldId();
    if (spec.fields().size() != 1 || spec.fields().get(0).sourceId() != storeField
        || !(spec.fields().get(0).transform().isIdentity() || isBucket(spec.fields().get(0)))) {
      throw new IllegalStateException(gold.name() + " must be partitioned by store_id alone, by identity or bucket"
          + " (as created: " + CurrentInventoryTable.SPEC + "), its spec is " + spec
          + ": restore the spec, or rebuild the table");
    }
    this.storePerPartition = spec.fields().get(0).transform().isIdentity();
  }

  static GoldLayout of(Table gold) {
    return new GoldLayout(gold);
  }

  private static boolean isBucket(PartitionField f) {
    return f.transform().toString().startsWith("bucket[");
  }

  /** Whether each partition holds one store (identity): then every file of a partition is that store's. */
  boolean storePerPartition() {
    return storePerPartition;
  }

  /** The partition of a store's rows. */
  PartitionKey partitionOf(int store) {
    PartitionKey partition = new PartitionKey(spec, gold.schema());
    GenericRecord key = GenericRecord.create(gold.schema());
    key.setField(CurrentInventoryTable.STORE_ID, store);
    partition.partition(new InternalRecordWrapper(gold.schema().asStruct()).wrap(key));
    return partition;
  }

  /** The partition's path: a key for the partition of a store or a file. */
  String pathOf(int store) {
    return spec.partitionToPath(partitionOf(store));
  }

  String pathOf(ContentFile<?> file) {
    return gold.specs().get(file.specId()).partitionToPath(file.partition());
  }

  /** The one store whose rows the file holds, or null when it may hold several (a shared merge-on-read file). */
  Integer storeOf(ContentFile<?> file) {
    int[] bounds = storeBounds(file);
    if (bounds != null && bounds[0] == bounds[1]) return bounds[0];
    if (storePerPartition && file.specId() == spec.specId()) return file.partition().get(0, Integer.class);
    return null;
  }

  /** The file's store_id bounds [lower, upper], or null when it has none. */
  int[] storeBounds(ContentFile<?> file) {
    if (file.lowerBounds() == null || file.upperBounds() == null) return null;
    ByteBuffer lo = file.lowerBounds().get(storeField);
    ByteBuffer hi = file.upperBounds().get(storeField);
    if (lo == null || hi == null) return null;
    return new int[] {Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), lo),
        Conversions.<Integer>fromByteBuffer(Types.IntegerType.get(), hi)};
  }
}
