package dev.poslake.activities.generator;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Everything a generator run needs to continue exactly where the previous one stopped: the simulated clock,
 * the next recount time, the run sequence, the last completed request (for idempotent retries) and the true
 * stock per (store, item). Stock is one int[] per store indexed by item position (100 stores x 100k items =
 * 40 MB), never boxed. Saved in one object, so saving it is the run's commit point.
 */
public final class GeneratorState {
  /** Object key of the saved state in the pipeline bucket. */
  public static final String OBJECT_KEY = "generator/state.bin";
  private static final int MAGIC = 0x504C4753; // "PLGS"
  private static final int FORMAT_VERSION = 1;

  private long clockMillis;
  private long nextRecountMillis;
  private long lastWallTimeMillis;
  private long runSequence;
  private String lastRequestId;
  private byte[] lastSummary;
  private final int[] storeIds;
  private final int[] itemIds;
  private final int[][] stock;

  public GeneratorState(long clockMillis, long nextRecountMillis, long lastWallTimeMillis, int[] storeIds,
      int[] itemIds) {
    for (int i = 1; i < itemIds.length; i++) {
      if (itemIds[i] <= itemIds[i - 1]) throw new IllegalArgumentException("item ids must be ascending");
    }
    this.clockMillis = clockMillis;
    this.nextRecountMillis = nextRecountMillis;
    this.lastWallTimeMillis = lastWallTimeMillis;
    this.storeIds = storeIds.clone();
    this.itemIds = itemIds.clone();
    this.stock = new int[storeIds.length][itemIds.length];
  }

  public Instant clock() { return Instant.ofEpochMilli(clockMillis); }
  public long clockMillis() { return clockMillis; }
  void setClockMillis(long m) { clockMillis = m; }
  public Instant nextRecount() { return Instant.ofEpochMilli(nextRecountMillis); }
  long nextRecountMillis() { return nextRecountMillis; }
  void setNextRecountMillis(long m) { nextRecountMillis = m; }
  public long lastWallTimeMillis() { return lastWallTimeMillis; }
  void setLastWallTimeMillis(long m) { lastWallTimeMillis = m; }
  public long runSequence() { return runSequence; }
  void setRunSequence(long s) { runSequence = s; }
  public String lastRequestId() { return lastRequestId; }
  /** Opaque summary of the last completed run (JSON), returned again when that run is retried. */
  public byte[] lastSummary() { return lastSummary; }

  void setLastRun(String requestId, byte[] summary) {
    this.lastRequestId = requestId;
    this.lastSummary = summary;
  }

  public int[] storeIds() { return storeIds.clone(); }
  public int[] itemIds() { return itemIds.clone(); }
  int storeCount() { return storeIds.length; }
  int itemCount() { return itemIds.length; }
  int storeId(int storeIdx) { return storeIds[storeIdx]; }
  int itemId(int itemPos) { return itemIds[itemPos]; }
  /** The live stock row of a store; the simulation mutates it in place. */
  int[] stockRow(int storeIdx) { return stock[storeIdx]; }

  public int storeIndex(int storeId) {
    for (int i = 0; i < storeIds.length; i++) {
      if (storeIds[i] == storeId) return i;
    }
    return -1;
  }

  public int itemPosition(int itemId) {
    int p = Arrays.binarySearch(itemIds, itemId);
    return p >= 0 ? p : -1;
  }

  /** Ground truth: the true on-hand quantity at {@link #clock()}, empty if the pair is not simulated. */
  public OptionalInt trueStock(int storeId, int itemId) {
    int s = storeIndex(storeId);
    int p = itemPosition(itemId);
    return s < 0 || p < 0 ? OptionalInt.empty() : OptionalInt.of(stock[s][p]);
  }

  /** Visits the true stock of every simulated (store, item) pair at {@link #clock()}. */
  public void forEachTrueStock(StockVisitor visitor) {
    for (int s = 0; s < storeIds.length; s++) {
      for (int p = 0; p < itemIds.length; p++) {
        visitor.accept(storeIds[s], itemIds[p], stock[s][p]);
      }
    }
  }

  /** Receives (store_id, item_id, quantity). */
  @FunctionalInterface
  public interface StockVisitor {
    void accept(int storeId, int itemId, int quantity);
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes, 1 << 16))) {
      out.writeInt(MAGIC);
      out.writeInt(FORMAT_VERSION);
      out.writeLong(clockMillis);
      out.writeLong(nextRecountMillis);
      out.writeLong(lastWallTimeMillis);
      out.writeLong(runSequence);
      writeBytes(out, lastRequestId == null ? null : lastRequestId.getBytes(StandardCharsets.UTF_8));
      writeBytes(out, lastSummary);
      writeInts(out, storeIds);
      writeInts(out, itemIds);
      for (int[] row : stock) {
        writeInts(out, row);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Only the simulated clock, from the head of a saved state (the rest of the stream is not read). */
  public static long readClockMillis(java.io.InputStream saved) {
    try {
      DataInputStream in = new DataInputStream(new GZIPInputStream(saved, 1 << 12));
      if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a generator state");
      int version = in.readInt();
      if (version != FORMAT_VERSION) throw new IllegalArgumentException("unsupported state format " + version);
      return in.readLong();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read generator state", e);
    }
  }

  public static GeneratorState fromBytes(byte[] data) {
    try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(data), 1 << 16))) {
      if (in.readInt() != MAGIC) throw new IllegalArgumentException("not a generator state");
      int version = in.readInt();
      if (version != FORMAT_VERSION) throw new IllegalArgumentException("unsupported state format " + version);
      long clock = in.readLong();
      long nextRecount = in.readLong();
      long wall = in.readLong();
      long seq = in.readLong();
      byte[] req = readBytes(in);
      byte[] summary = readBytes(in);
      int[] stores = readInts(in);
      int[] items = readInts(in);
      GeneratorState s = new GeneratorState(clock, nextRecount, wall, stores, items);
      s.runSequence = seq;
      s.lastRequestId = req == null ? null : new String(req, StandardCharsets.UTF_8);
      s.lastSummary = summary;
      for (int i = 0; i < stores.length; i++) {
        int[] row = readInts(in);
        if (row.length != items.length) throw new IllegalArgumentException("corrupt stock row " + i);
        s.stock[i] = row;
      }
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read generator state", e);
    }
  }

  private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
    out.writeInt(b == null ? -1 : b.length);
    if (b != null) out.write(b);
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int n = in.readInt();
    if (n < 0) return null;
    byte[] b = new byte[n];
    in.readFully(b);
    return b;
  }

  // Bulk int[] <-> bytes through a ByteBuffer: writeInt per value is ~10x slower for 10M values.
  private static void writeInts(DataOutputStream out, int[] values) throws IOException {
    out.writeInt(values.length);
    ByteBuffer buf = ByteBuffer.allocate(4 * Math.min(values.length, 1 << 16));
    for (int i = 0; i < values.length; ) {
      buf.clear();
      int n = Math.min(values.length - i, buf.capacity() / 4);
      buf.asIntBuffer().put(values, i, n);
      out.write(buf.array(), 0, n * 4);
      i += n;
    }
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int len = in.readInt();
    if (len < 0) throw new IllegalArgumentException("corrupt length " + len);
    int[] values = new int[len];
    byte[] chunk = new byte[4 * Math.min(Math.max(len, 1), 1 << 16)];
    for (int i = 0; i < len; ) {
      int n = Math.min(len - i, chunk.length / 4);
      in.readFully(chunk, 0, n * 4);
      ByteBuffer.wrap(chunk, 0, n * 4).asIntBuffer().get(values, i, n);
      i += n;
    }
    return values;
  }
}
