package dev.poslake.worker.faults;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.bronze.BronzeIngester;
import dev.poslake.activities.etl.bronze.BronzeOffsets;
import dev.poslake.activities.etl.domain.DedupKey;
import dev.poslake.activities.etl.domain.ParseResult;
import dev.poslake.activities.etl.domain.ParsedTransaction;
import dev.poslake.activities.etl.domain.PosMessageParser;
import dev.poslake.activities.etl.domain.Validation;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.io.TableReader;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.catalog.tables.RejectedInventoryChangeTable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Rows lost and rows doubled per layer, counted from the tables and Kafka themselves rather than from the
 * pipeline's own bookkeeping:
 * <ul>
 *   <li><b>bronze:</b> per Kafka partition every offset in [0, committed end) exactly once, except offsets recorded
 *       as lost ({@code pos.bronze.lost-offsets}); and Kafka's end equals bronze's end (nothing left behind). The
 *       generator publishes without transactions, so its offsets have no gaps (control records would be gaps).</li>
 *   <li><b>silver:</b> no (trans_id, store_id, part, line) twice; every line of every valid bronze message part
 *       present, unless its offset is in rejected_inventory_change (re-deliveries of a part share its key).</li>
 *   <li><b>gold:</b> `pos verify`'s mismatches against the full recomputation and the generator's truth.</li>
 * </ul>
 * An offset reset (`pos ops reset-offsets`) is out of its scope: it moves bronze's end on purpose.
 */
final class LayerChecker {
  /** One layer: rows it holds, rows missing, rows present more than once (or present without a source). */
  record Layer(long rows, long lost, long doubled) {
    @Override
    public String toString() {
      return lost + " lost / " + doubled + " doubled (of " + rows + ")";
    }
  }

  /** The three layers, and Kafka records not (yet) in bronze. */
  record Counts(Layer bronze, long kafkaNotInBronze, Layer silver, long goldMismatches, long truthMismatches,
      long truthPairsCompared) {
    boolean clean() {
      return bronze.lost() == 0 && bronze.doubled() == 0 && kafkaNotInBronze == 0 && silver.lost() == 0
          && silver.doubled() == 0 && goldMismatches == 0 && truthMismatches == 0 && truthPairsCompared > 0;
    }

    @Override
    public String toString() {
      return "bronze " + bronze + ", Kafka records not in bronze " + kafkaNotInBronze + "; silver " + silver
          + "; gold " + goldMismatches + " mismatches with the recomputation, " + truthMismatches + " with the truth ("
          + truthPairsCompared + " pairs compared)";
    }
  }

  private LayerChecker() {}

  static Counts check(PipelineResources res, VerifyReport verify) throws IOException {
    Bronze bronze = bronze(res);
    Layer silver = silver(res, bronze);
    return new Counts(bronze.layer(), bronze.kafkaNotInBronze(), silver, verify.goldMismatches(),
        verify.truthMismatches(), verify.truthPairsCompared());
  }

  /** Bronze's counts, and what silver must hold: line count per valid message part, offsets of invalid records. */
  private record Bronze(Layer layer, long kafkaNotInBronze, Map<DedupKey, Integer> expectedLines,
      Set<Long> invalidOffsets) {}

  private static Bronze bronze(PipelineResources res) throws IOException {
    Table table = res.catalog().loadTable(res.table(RawInventoryChangeTable.NAME));
    Map<Integer, Long> ends = BronzeOffsets.committed(table, res.topic());
    Map<Integer, BitSet> seen = new TreeMap<>();
    long rows = 0;
    long doubled = 0;
    PosMessageParser parser = new PosMessageParser(Validation.of(ReferenceTables.of(res).readReferenceData()));
    Map<DedupKey, Integer> expectedLines = new HashMap<>();
    Set<Long> invalidOffsets = new HashSet<>();
    try (CloseableIterable<Record> records = TableReader.of(table).select(RawInventoryChangeTable.PARTITION,
        RawInventoryChangeTable.OFFSET, RawInventoryChangeTable.VALUE).open()) {
      for (Record r : records) {
        int p = (Integer) r.getField(RawInventoryChangeTable.PARTITION);
        long offset = (Long) r.getField(RawInventoryChangeTable.OFFSET);
        rows++;
        BitSet partition = seen.computeIfAbsent(p, k -> new BitSet());
        if (offset >= ends.getOrDefault(p, 0L) || partition.get((int) offset)) {
          doubled++; // twice, or beyond the committed end (a later run would read it again)
          continue;
        }
        partition.set((int) offset);
        ParseResult parsed = parser.parse(bytes((ByteBuffer) r.getField(RawInventoryChangeTable.VALUE)));
        if (parsed instanceof ParsedTransaction t) {
          expectedLines.putIfAbsent(t.dedupKey(), t.lines().size()); // a re-delivery has the same key and lines
        } else {
          invalidOffsets.add(sourceKey(p, offset));
        }
      }
    }
    Map<Integer, Long> recordedLost = recordedLost(table);
    long lost = 0;
    for (var e : ends.entrySet()) {
      long missing = e.getValue() - seen.getOrDefault(e.getKey(), new BitSet()).cardinality();
      lost += Math.max(0, missing - recordedLost.getOrDefault(e.getKey(), 0L));
    }
    long notInBronze = 0;
    for (var e : kafkaEnds(res).entrySet()) notInBronze += Math.max(0, e.getValue() - ends.getOrDefault(e.getKey(), 0L));
    return new Bronze(new Layer(rows, lost, doubled), notInBronze, expectedLines, invalidOffsets);
  }

  private static Layer silver(PipelineResources res, Bronze bronze) throws IOException {
    Map<DedupKey, BitSet> present = new HashMap<>();
    long rows = 0;
    long doubled = 0;
    Table table = res.catalog().loadTable(res.table(InventoryChangeTable.NAME));
    try (CloseableIterable<Record> records = TableReader.of(table).select(InventoryChangeTable.TRANS_ID,
        InventoryChangeTable.STORE_ID, InventoryChangeTable.PART, InventoryChangeTable.LINE).open()) {
      for (Record r : records) {
        rows++;
        DedupKey key = DedupKey.of((String) r.getField(InventoryChangeTable.TRANS_ID),
            (Integer) r.getField(InventoryChangeTable.STORE_ID), (Integer) r.getField(InventoryChangeTable.PART));
        int line = (Integer) r.getField(InventoryChangeTable.LINE);
        BitSet lines = present.computeIfAbsent(key, k -> new BitSet());
        // twice, or a row no bronze message explains: either way stock that never moved
        if (lines.get(line) || line >= bronze.expectedLines().getOrDefault(key, 0)) doubled++;
        lines.set(line);
      }
    }
    long lost = 0;
    for (var e : bronze.expectedLines().entrySet()) {
      BitSet lines = present.get(e.getKey());
      lost += e.getValue() - (lines == null ? 0 : lines.get(0, e.getValue()).cardinality());
    }
    Set<Long> notQuarantined = new HashSet<>(bronze.invalidOffsets());
    TableReader.of(res.catalog().loadTable(res.table(RejectedInventoryChangeTable.NAME)))
        .select(RejectedInventoryChangeTable.SOURCE_PARTITION, RejectedInventoryChangeTable.SOURCE_OFFSET)
        .forEach(r -> notQuarantined.remove(sourceKey((Integer) r.getField(RejectedInventoryChangeTable.SOURCE_PARTITION),
            (Long) r.getField(RejectedInventoryChangeTable.SOURCE_OFFSET))));
    return new Layer(rows, lost + notQuarantined.size(), doubled);
  }

  /** Offsets skipped with consent, per partition, summed over bronze's snapshots ("p:n,p:n"). */
  private static Map<Integer, Long> recordedLost(Table bronze) {
    Map<Integer, Long> lost = new TreeMap<>();
    for (Snapshot s : bronze.snapshots()) {
      String v = s.summary().get(BronzeIngester.LOST_KEY);
      if (v == null || v.isBlank()) continue;
      for (String entry : v.split(",")) {
        String[] pn = entry.trim().split(":");
        lost.merge(Integer.parseInt(pn[0]), Long.parseLong(pn[1]), Long::sum);
      }
    }
    return lost;
  }

  /** Kafka's end offsets (last stable offsets, as bronze reads them) per partition. */
  private static Map<Integer, Long> kafkaEnds(PipelineResources res) {
    Map<String, Object> p = new HashMap<>(res.kafkaProperties());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      var partitions = c.partitionsFor(res.topic(), Duration.ofSeconds(30)).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      Map<Integer, Long> ends = new TreeMap<>();
      c.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, end) -> ends.put(tp.partition(), end));
      return ends;
    }
  }

  private static long sourceKey(int partition, long offset) {
    return ((long) partition << 40) | offset;
  }

  private static byte[] bytes(ByteBuffer b) {
    if (b == null) return null;
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }
}
