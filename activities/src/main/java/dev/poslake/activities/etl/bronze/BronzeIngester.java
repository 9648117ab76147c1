package dev.poslake.activities.etl.bronze;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.env.ProgressReporter;
import dev.poslake.catalog.io.RecordAppender;
import dev.poslake.catalog.io.StateGuard;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads exactly one Kafka offset range into new bronze data files and commits them together with the new end
 * offset in ONE Iceberg commit, exactly once.
 *
 * <p>Exactly-once: right before committing we compare the partition's committed end with the range: equal to
 * its start → commit; at/after its end → an earlier attempt did it: delete our files, report
 * {@code alreadyCommitted}; anything else → {@link OffsetConflictException}. Iceberg applies a commit to the
 * newest table state WITHOUT re-running our check, so the append carries a {@link StateGuard}: if anyone (a stale
 * attempt of the same range, another partition, an operator's offset reset) changed bronze's state since we read
 * it, Iceberg throws {@link ValidationException} instead of committing, and our own loop re-reads the offsets
 * and re-decides. This also serializes bronze commits, so every commit's copied-forward offsets of the other
 * partitions are exact.
 */
public final class BronzeIngester {
  private static final Logger LOG = LoggerFactory.getLogger(BronzeIngester.class);
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  static final int MAX_COMMIT_ATTEMPTS = 100;
  /** Summary key: the range the commit covers, e.g. {@code 3:[100,200)} (informational). */
  public static final String RANGE_KEY = "pos.bronze.range";
  /** Summary key: offsets of this partition that retention deleted before they were read (only when > 0). */
  public static final String LOST_KEY = "pos.bronze.lost-offsets";

  private final PipelineResources resources;
  private final BronzeCommitHook hook;
  private final Duration readTimeout;

  public BronzeIngester(PipelineResources resources) {
    this(resources, BronzeCommitHook.NONE, Duration.ofMinutes(5));
  }

  public BronzeIngester(PipelineResources resources, BronzeCommitHook hook, Duration readTimeout) {
    this.resources = resources;
    this.hook = hook;
    this.readTimeout = readTimeout;
  }

  public BronzeResult ingest(PartitionRange range, ProgressReporter progress) {
    long cpu0 = THREADS.getCurrentThreadCpuTime();
    if (!range.topic().equals(resources.topic())) {
      throw new IllegalArgumentException("range of topic " + range.topic() + ", pipeline topic is "
          + resources.topic());
    }
    Table table = resources.catalog().loadTable(resources.table(RawInventoryChangeTable.NAME));
    long committed = committedEnd(table, range);
    if (committed >= range.toOffset()) {
      return BronzeResult.already(range); // retry of a range that committed: nothing to read
    }
    TopicPartition tp = new TopicPartition(range.topic(), range.partition());
    try (KafkaConsumer<ByteBuffer, ByteBuffer> consumer = KafkaReaders.records(resources.kafkaProperties())) {
      long lost = 0;
      if (committed != range.fromOffset()) {
        long logStart = consumer.beginningOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        if (committed < range.fromOffset() && logStart >= range.fromOffset()) {
          lost = range.fromOffset() - committed; // the plan skipped offsets retention deleted: accept, loudly
          LOG.error("DATA LOSS: {} offsets [{}, {}) deleted by retention before bronze read them", tp,
              committed, range.fromOffset());
        } else {
          throw conflict(range, committed);
        }
      }
      Instant ingestedAt = Instant.now();
      try (BronzeFiles out = new BronzeFiles(table, range, ingestedAt)) {
        read(consumer, tp, range, out, progress);
        if (range.topicId() != null) {
          String now = KafkaTopicIds.of(resources.kafkaProperties(), range.topic());
          if (!range.topicId().equals(now)) {
            out.abort(); // recreated while we read: these records are the new topic's, at the old one's offsets
            throw new TopicChangedException(range.topic(), range.topicId(), now);
          }
        }
        RecordAppender.Result written = out.complete();
        return commit(table, range, committed, lost, written, out, cpu0);
      }
    }
  }

  private void read(KafkaConsumer<ByteBuffer, ByteBuffer> consumer, TopicPartition tp, PartitionRange range,
      BronzeFiles out, ProgressReporter progress) {
    consumer.assign(List.of(tp));
    consumer.seek(tp, range.fromOffset());
    long deadline = System.nanoTime() + readTimeout.toNanos();
    // position() is the next offset to fetch: it passes the end even when the range ends in a gap (aborted
    // transactions, compaction), so this loop ends without waiting for a record at toOffset - 1
    while (consumer.position(tp) < range.toOffset()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out reading " + range + " at offset " + consumer.position(tp));
      }
      ConsumerRecords<ByteBuffer, ByteBuffer> records = consumer.poll(Duration.ofMillis(200));
      for (ConsumerRecord<ByteBuffer, ByteBuffer> r : records.records(tp)) {
        if (r.offset() >= range.toOffset()) {
          break; // more exists, but this range stops here: the next range starts exactly at toOffset
        }
        if (r.offset() < range.fromOffset()) {
          continue;
        }
        out.write(r);
      }
      long at = consumer.position(tp);
      progress.progress(() -> range + " at " + at);
    }
  }

  private BronzeResult commit(Table table, PartitionRange range, long expectedCommitted, long lost,
      RecordAppender.Result written, BronzeFiles out, long cpu0) {
    for (int attempt = 1; attempt <= MAX_COMMIT_ATTEMPTS; attempt++) {
      BronzeResult result;
      // Every commit must start from the previous one (it carries all partitions' exact ends), so commits are
      // serial by nature; in one JVM they take turns instead of racing, which would only make the losers
      // rewrite their manifests and back off. Other processes still race, and validation still decides.
      synchronized (commitLock(table)) {
        result = tryCommit(table, range, expectedCommitted, lost, written, out, attempt, cpu0);
      }
      if (result != null) return result;
      backoff(attempt);
    }
    out.abort();
    throw new IllegalStateException("could not commit " + range + " after " + MAX_COMMIT_ATTEMPTS
        + " attempts (too many concurrent bronze commits); retry");
  }

  private static final ConcurrentHashMap<String, Object> COMMIT_LOCKS = new ConcurrentHashMap<>();

  private static Object commitLock(Table table) {
    return COMMIT_LOCKS.computeIfAbsent(table.location(), l -> new Object());
  }

  /** One commit attempt; null if a concurrent commit made it fail validation (re-check and try again). */
  private BronzeResult tryCommit(Table table, PartitionRange range, long expectedCommitted, long lost,
      RecordAppender.Result written, BronzeFiles out, int attempt, long cpu0) {
    table.refresh();
    StateGuard guard = StateGuard.unchangedSince(table);
    BronzeOffsets.Committed state = BronzeOffsets.read(table, range.topic());
    if (state.topicId() != null && range.topicId() != null && !state.topicId().equals(range.topicId())) {
      out.abort();
      throw new TopicChangedException(range.topic(), state.topicId(), range.topicId());
    }
    Map<Integer, Long> ends = new java.util.TreeMap<>(state.ends());
    long committed = ends.getOrDefault(range.partition(), 0L);
    if (committed >= range.toOffset()) {
      out.abort(); // a concurrent attempt of the same range won: our files must never be referenced
      LOG.info("{} was committed by another attempt; discarded {} files", range, written.fileCount());
      return BronzeResult.already(range);
    }
    if (committed != expectedCommitted) {
      out.abort();
      throw conflict(range, committed);
    }
    ends.put(range.partition(), range.toOffset());
    AppendFiles update = table.newAppend().validateWith(guard);
    written.dataFiles().forEach(update::appendFile);
    BronzeOffsets.summary(range.topic(), ends, range.topicId() != null ? range.topicId() : state.topicId())
        .forEach(update::set);
    update.set(RANGE_KEY, range.partition() + ":[" + range.fromOffset() + "," + range.toOffset() + ")");
    if (lost > 0) {
      update.set(LOST_KEY, range.partition() + ":" + lost);
    }
    hook.beforeCommit(range, written.dataFiles(), attempt);
    try {
      update.commit();
    } catch (ValidationException concurrent) {
      // another commit changed bronze's state since we read it (another partition, or an attempt of ours)
      LOG.debug("{}: concurrent bronze commit, re-checking (attempt {})", range, attempt);
      return null;
    }
    table.refresh();
    long snapshotId = table.currentSnapshot().snapshotId();
    return new BronzeResult(range.partition(), range.fromOffset(), range.toOffset(), written.recordCount(),
        written.bytesWritten(), written.fileCount(), false, lost, snapshotId, out.payloadBytes(),
        THREADS.getCurrentThreadCpuTime() - cpu0);
  }

  private static void backoff(int attempt) {
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static long committedEnd(Table table, PartitionRange range) {
    return BronzeOffsets.committed(table, range.topic()).getOrDefault(range.partition(), 0L);
  }

  private static OffsetConflictException conflict(PartitionRange range, long committed) {
    return new OffsetConflictException("bronze has committed " + range.topic() + "/" + range.partition()
        + " up to offset " + committed + ", which is neither the start nor at/after the end of " + range
        + ": the range overlaps or leaves a gap with what is committed; make a new plan");
  }
}
