package dev.poslake.activities.etl.silver;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.iceberg.io.FileIO;

/**
 * A parse group's de-dup keys, written next to its uncommitted files for the commit step to merge: a header with
 * the (day, store) pairs the group touched, then one entry per distinct key of the group, in key order
 * ({@link KeyEntries}), with the position of the occurrence the group kept, then the key's text (empty for a UUID
 * trans_id; a text is never empty). 34 bytes per UUID key: read as a stream, so the commit step holds one entry per
 * group, not the batch's keys. Version 1 files (no texts, written before trans_ids could be other than UUIDs) are
 * still read, since a parse and its commit may run on workers of different releases.
 */
final class KeyFile {
  private static final int MAGIC = 0x534B4559; // "SKEY"
  private static final int VERSION = 2;
  private static final int BUFFER = 1 << 16;

  private KeyFile() {}

  static void write(FileIO io, String path, KeyPositions.Sorted sorted, int count, long[] dayStores) {
    long[] sortedEntries = sorted.entries();
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
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write key file " + path, e);
    }
  }

  static Reader open(FileIO io, String path) {
    return new Reader(io, path);
  }

  /** Streams the entries; after {@link #next()} returned true, the fields hold the current entry. */
  static final class Reader implements Closeable {
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
