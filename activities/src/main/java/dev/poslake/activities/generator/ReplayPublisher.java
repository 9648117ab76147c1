package dev.poslake.activities.generator;

import dev.poslake.activities.contracts.RecountCsv;
import dev.poslake.activities.contracts.RecountFileKey;
import dev.poslake.activities.contracts.Timestamps;
import dev.poslake.activities.env.ProgressReporter;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiConsumer;

/**
 * Replays given files instead of simulating: demo change CSVs to Kafka (one message per trans_id/store/type,
 * in time order, split when over 256 KB), demo snapshot CSVs to object storage under the standard snapshot keys,
 * and raw files line by line (to test silver's rejection of bad records).
 */
public final class ReplayPublisher {
  private final MessagePublisher publisher;
  private final BiConsumer<String, Path> putFile;
  private final ProgressReporter progress;
  private final MessageSplitter splitter;

  /** @param putFile stores a local file under an object key (ObjectStore::put in production) */
  public ReplayPublisher(MessagePublisher publisher, BiConsumer<String, Path> putFile, ProgressReporter progress) {
    this(publisher, putFile, progress, new MessageSplitter());
  }

  ReplayPublisher(MessagePublisher publisher, BiConsumer<String, Path> putFile, ProgressReporter progress,
      MessageSplitter splitter) {
    this.publisher = publisher;
    this.putFile = putFile;
    this.progress = progress;
    this.splitter = splitter;
  }

  public ReplayResult replay(ReplayRequest req) {
    List<String> keys = replaySnapshots(req.snapshotFiles().stream().map(Path::of).toList());
    long[] counts = replayChanges(req.changeFiles().stream().map(Path::of).toList());
    return new ReplayResult(counts[0], counts[1], counts[2], keys);
  }

  private record TxKey(UUID transId, int storeId, int changeTypeId) {}

  private static final class Tx {
    final Instant time;
    final List<TransactionMessage.Line> lines = new ArrayList<>();

    Tx(Instant time) {
      this.time = time;
    }
  }

  /**
   * Change rows grouped into one message per (trans_id, store_id, change_type_id); the message's date_time is
   * the group's first row's. Groups are held in memory to sort them by time (fine for files of a few million
   * rows). Returns {transactions, messages, lines}.
   */
  public long[] replayChanges(List<Path> files) {
    Map<TxKey, Tx> groups = new LinkedHashMap<>();
    for (Path f : files) {
      CsvRows.forEach(f, row -> {
        TxKey key = new TxKey(parseGuid(row), row.getInt("store_id"), row.getInt("change_type_id"));
        Instant time = parseTime(row);
        groups.computeIfAbsent(key, k -> new Tx(time)).lines
            .add(new TransactionMessage.Line(row.getInt("item_id"), row.getInt("quantity")));
      });
    }
    List<Map.Entry<TxKey, Tx>> ordered = new ArrayList<>(groups.entrySet());
    ordered.sort(Comparator.comparing(e -> e.getValue().time)); // stable: file order among equal times
    long messages = 0;
    long lines = 0;
    for (Map.Entry<TxKey, Tx> e : ordered) {
      TxKey k = e.getKey();
      TransactionMessage m = TransactionMessage.of(e.getValue().time, k.transId(), k.storeId(), k.changeTypeId(),
          e.getValue().lines);
      for (EncodedMessage part : splitter.split(m)) {
        publisher.publish(part.key(), part.value());
        messages++;
      }
      lines += m.items().size();
      long sent = messages;
      progress.progress(() -> Map.of("messages", sent));
    }
    publisher.flush();
    return new long[] {ordered.size(), messages, lines};
  }

  /**
   * Snapshot rows regrouped per (store_id, date_time) into standard files, uploaded in time order. Rows are kept
   * as they are (employee_id per row); date_time is normalized to "yyyy-MM-dd HH:mm:ss".
   */
  public List<String> replaySnapshots(List<Path> files) {
    record SnapKey(int storeId, Instant time) {}
    Map<SnapKey, Path> temp = new LinkedHashMap<>();
    Map<SnapKey, OutputStream> outputs = new LinkedHashMap<>();
    Map<SnapKey, RecountCsv.Writer> writers = new LinkedHashMap<>();
    List<String> keys = new ArrayList<>();
    try {
      for (Path f : files) {
        CsvRows.forEach(f, row -> {
          SnapKey key = new SnapKey(row.getInt(RecountCsv.STORE_ID),
              parseTime(row).truncatedTo(ChronoUnit.SECONDS));
          RecountCsv.Writer w = writers.computeIfAbsent(key, k -> open(k.storeId(), temp, outputs, k));
          w.row(row.getInt(RecountCsv.ITEM_ID), row.getInt(RecountCsv.EMPLOYEE_ID), key.storeId(), key.time(),
              row.getInt(RecountCsv.QUANTITY));
        });
      }
      closeAll(writers.values(), outputs.values());
      List<SnapKey> ordered = new ArrayList<>(temp.keySet());
      ordered.sort(Comparator.comparing(SnapKey::time).thenComparing(SnapKey::storeId));
      for (SnapKey k : ordered) {
        String key = RecountFileKey.of(k.storeId(), k.time());
        putFile.accept(key, temp.get(k));
        keys.add(key);
        progress.progress(() -> Map.of("snapshotFiles", keys.size()));
      }
      return keys;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      try {
        closeAll(writers.values(), outputs.values());
      } catch (IOException | UncheckedIOException ignored) {
        // already closed or failing anyway
      }
      for (Path p : temp.values()) {
        try {
          Files.deleteIfExists(p);
        } catch (IOException ignored) {
          // a leftover temp file is harmless
        }
      }
    }
  }

  private static <K> RecountCsv.Writer open(int storeId, Map<K, Path> temp, Map<K, OutputStream> files, K key) {
    try {
      Path p = Files.createTempFile("pos-replay-snapshot-" + storeId + "-", ".csv");
      temp.put(key, p);
      OutputStream out = Files.newOutputStream(p);
      files.put(key, out);
      return new RecountCsv.Writer(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Flushes the writers and closes their files (each once: closing a closed stream is a no-op). */
  private static void closeAll(Iterable<RecountCsv.Writer> writers, Iterable<OutputStream> files) throws IOException {
    for (RecountCsv.Writer w : writers) w.close();
    for (OutputStream f : files) f.close();
  }

  /**
   * One Kafka record per line of the file, bytes exactly as they are (line terminator \n or \r\n removed). Empty
   * lines are sent too (an empty value is a malformed record); a final newline does not add one.
   *
   * @param keyed key = the line's trans_id ({@link RawMessageKey}), as the format's producers send it; false: every
   *     record keyless, so the partitioner spreads even one transaction's re-deliveries over partitions
   */
  public long publishRaw(Path file, boolean keyed) {
    long count = 0;
    // streamed: memory holds one line, whatever the file's size
    try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int b;
      boolean pending = false;
      while ((b = in.read()) != -1) {
        if (b == '\n') {
          publishLine(withoutCr(line.toByteArray()), keyed);
          line.reset();
          pending = false;
          long sent = ++count;
          progress.progress(() -> Map.of("messages", sent));
        } else {
          line.write(b);
          pending = true;
        }
      }
      if (pending) {
        publishLine(withoutCr(line.toByteArray()), keyed);
        count++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    publisher.flush();
    return count;
  }

  private void publishLine(byte[] value, boolean keyed) {
    publisher.publish(keyed ? RawMessageKey.transIdOf(value) : null, value);
  }

  private static byte[] withoutCr(byte[] line) {
    return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
  }

  static UUID parseGuid(CsvRows.Row row) {
    String s = row.get("trans_id");
    if (s.startsWith("{") && s.endsWith("}")) s = s.substring(1, s.length() - 1);
    try {
      return UUID.fromString(s);
    } catch (IllegalArgumentException e) {
      throw row.error("not a GUID trans_id='" + row.values().get("trans_id") + "'");
    }
  }

  /** date_time of a demo row: the CSV form or ISO-8601, UTC without a zone (the parser the ETL uses). */
  private static Instant parseTime(CsvRows.Row row) {
    Instant t = Timestamps.parseUtcDateTime(row.get("date_time"));
    if (t == null) throw row.error("unparseable date_time '" + row.values().get("date_time") + "'");
    return t.truncatedTo(ChronoUnit.MILLIS);
  }
}
