package dev.poslake.activities.etl.silver;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.SeekableInputStream;

/**
 * A parse group's de-dup keys, written next to its uncommitted files for the commit step to merge: a header with
 * the (day, store) pairs the group touched, then one entry per distinct key of the group, in key order
 * ({@link KeyEntries}), with the position of the occurrence the group kept, then the key's text (empty for a UUID
 * trans_id; a text is never empty). 34 bytes per UUID key: read as a stream, so the commit step holds one entry per
 * group, not the batch's keys. Version 1 files (no texts, written before trans_ids could be other than UUIDs) are
 * still read, since a parse and its commit may run on workers of different releases.
 *
 * <p>After the entries, a trailer holds the minutes of each day the group touched ({@link DayStores}): per day its
 * epoch day and minute bits, then the number of days and {@link #TRAILER_MAGIC}. A trailer rather than a new
 * version: a commit of an older release reads the header and the entries and never reaches it, and a file without
 * one (an older parse) counts as touching every minute of its days.
 */
final class KeyFile {
  private static final int MAGIC = 0x534B4559; // "SKEY"
  private static final int VERSION = 2;
  private static final int BUFFER = 1 << 16;
  /** "SKEYMINS": the end of a minutes trailer. */
  static final long TRAILER_MAGIC = 0x534B45594D494E53L;
  private static final int TRAILER_END = Integer.BYTES + Long.BYTES;
  private static final int DAY_BYTES = Long.BYTES * (1 + DayStores.MINUTE_WORDS);

  private KeyFile() {}

  static void write(FileIO io, String path, KeyPositions.Sorted sorted, int count, DayStores touched) {
    long[] sortedEntries = sorted.entries();
    long[] dayStores = touched.packed();
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
        io.newOutputFile(path).createOrOverwrite(), BUFFER))) {
      out.writeInt(MAGIC);
      out.writeInt(VERSION);
      out.writeInt(dayStores.length);
      for (long p : dayStores) out.writeLong(p);
      out.writeLong(count);
      for (int i = 0; i < count; i++) {
        for (int k = 0; k < KeyEntries.STRIDE; k++) out.writeLong(sortedEntries[i * KeyEntries.STRIDE + k]);
        String text = sorted.text(i);
        out.writeUTF(text == null ? "" : text); // modified UTF-8: exact for any Java string
      }
      Map<Long, long[]> minutes = touched.minuteBits();
      for (Map.Entry<Long, long[]> day : minutes.entrySet()) {
        out.writeLong(day.getKey());
        for (long w : day.getValue()) out.writeLong(w);
      }
      out.writeInt(minutes.size());
      out.writeLong(TRAILER_MAGIC);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + path, e);
    }
  }

  static Reader open(FileIO io, String path) {
    return new Reader(io, path);
  }

  /** Streams the entries; after {@link #next()} returned true, the fields hold the current entry. */
  static final class Reader implements Closeable {
    private final FileIO io;
    final String path;
    final long[] dayStores;
    final long count;
    private final DataInputStream in;
    private final int version;
    private long read;
    long msb;
    long lsb;
    long storePart;
    /** The key's text, null for a UUID trans_id. */
    String text;
    long position;

    private Reader(FileIO io, String path) {
      this.io = io;
      this.path = path;
      try {
        in = new DataInputStream(new BufferedInputStream(io.newInputFile(path).newStream(), BUFFER));
        if (in.readInt() != MAGIC) throw new IOException("not a silver key file");
        version = in.readInt();
        if (version != 1 && version != VERSION) throw new IOException("silver key file of unknown version " + version);
        dayStores = new long[in.readInt()];
        for (int i = 0; i < dayStores.length; i++) dayStores[i] = in.readLong();
        count = in.readLong();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read key file " + path, e);
      }
    }

    boolean next() {
      if (read == count) return false;
      try {
        msb = in.readLong();
        lsb = in.readLong();
        storePart = in.readLong();
        position = in.readLong();
        String t = version == 1 ? "" : in.readUTF();
        text = t.isEmpty() ? null : t;
      } catch (EOFException e) {
        throw new UncheckedIOException("key file " + path + " ends after " + read + " of " + count + " keys", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read key file " + path, e);
      }
      read++;
      return true;
    }

    /**
     * The minutes of each day the group touched, from the trailer (another read of the file's end); null when the
     * file has none (written by an older release: then every minute of its days counts).
     */
    Map<Long, long[]> minutes() {
      InputFile f = io.newInputFile(path);
      long length = f.getLength();
      if (length < TRAILER_END) return null;
      try (SeekableInputStream s = f.newStream()) {
        s.seek(length - TRAILER_END);
        DataInputStream end = new DataInputStream(s);
        int days = end.readInt();
        if (end.readLong() != TRAILER_MAGIC || days < 0 || (long) days * DAY_BYTES > length - TRAILER_END) {
          return null;
        }
        s.seek(length - TRAILER_END - (long) days * DAY_BYTES);
        DataInputStream body = new DataInputStream(new BufferedInputStream(s, BUFFER));
        Map<Long, long[]> out = new TreeMap<>();
        for (int d = 0; d < days; d++) {
          long day = body.readLong();
          long[] bits = new long[DayStores.MINUTE_WORDS];
          for (int i = 0; i < bits.length; i++) bits[i] = body.readLong();
          out.put(day, bits);
        }
        // a writer records minutes for exactly the days of its header; anything else is not a trailer (an older
        // file whose last key text happens to end like one): then the whole days count
        Set<Long> headerDays = new TreeSet<>();
        for (long p : dayStores) headerDays.add(p >> 32);
        return out.keySet().equals(headerDays) ? out : null;
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the minutes of key file " + path, e);
      }
    }

    @Override
    public void close() {
      try {
        in.close();
      } catch (IOException ignored) {
        // read-only stream
      }
    }
  }
}
