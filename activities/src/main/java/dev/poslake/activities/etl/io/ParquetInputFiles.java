package dev.poslake.activities.etl.io;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.io.IOUtil;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/** Iceberg {@code FileIO} files as Parquet {@code InputFile}s, for reading Parquet below Iceberg's readers. */
public final class ParquetInputFiles {
  private ParquetInputFiles() {}

  /**
   * Options for one Parquet reader, over a Hadoop configuration without Hadoop's default resources: the default
   * one parses core-default.xml when the options are built, 3-7 ms for every file read (in one profile, 19% of a
   * latest-snapshot upsert's samples). The reader uses only Parquet's keys, whose defaults are in code. New per
   * reader: closing a reader releases the options' codec factory.
   */
  public static ParquetReadOptions readOptions() {
    return ParquetReadOptions.builder(new HadoopParquetConfiguration(new Configuration(false))).build();
  }

  /**
   * The file for Parquet's reader. One no larger than {@code wholeFileBytes} is fetched whole, in one request:
   * the reader would otherwise make one for the footer's length, one for the footer and one per row group.
   */
  public static InputFile of(org.apache.iceberg.io.InputFile in, long wholeFileBytes) throws IOException {
    return of(in, wholeFileBytes, null);
  }

  /** Likewise, a small file's bytes taken from and kept in {@code cache} (if not null). */
  public static InputFile of(org.apache.iceberg.io.InputFile in, long wholeFileBytes, SmallFileCache cache)
      throws IOException {
    long length = in.getLength();
    byte[] kept = cache == null || !cache.keeps(length) ? null : cache.get(in.location());
    if (kept != null) return new Input(length, () -> new InMemoryStream(new Bytes(kept)));
    if (length <= wholeFileBytes) {
      byte[] bytes = new byte[Math.toIntExact(length)];
      try (org.apache.iceberg.io.SeekableInputStream s = in.newStream()) {
        IOUtil.readFully(s, bytes, 0, bytes.length);
      }
      if (cache != null) cache.put(in.location(), bytes);
      return new Input(length, () -> new InMemoryStream(new Bytes(bytes)));
    }
    return new Input(length, () -> {
      org.apache.iceberg.io.SeekableInputStream s = in.newStream();
      return new DelegatingSeekableInputStream(s) {
        @Override
        public long getPos() throws IOException {
          return s.getPos();
        }

        @Override
        public void seek(long newPos) throws IOException {
          s.seek(newPos);
        }
      };
    });
  }

  private record Input(long length, Supplier<SeekableInputStream> streams) implements InputFile {
    @Override
    public long getLength() {
      return length;
    }

    @Override
    public SeekableInputStream newStream() {
      return streams.get();
    }
  }

  /** A seekable stream over bytes already fetched. */
  private static final class InMemoryStream extends DelegatingSeekableInputStream {
    private final Bytes bytes;

    InMemoryStream(Bytes bytes) {
      super(bytes);
      this.bytes = bytes;
    }

    @Override
    public long getPos() {
      return bytes.position();
    }

    @Override
    public void seek(long newPos) {
      bytes.seek(newPos);
    }
  }

  private static final class Bytes extends ByteArrayInputStream {
    Bytes(byte[] data) {
      super(data);
    }

    long position() {
      return pos;
    }

    void seek(long newPos) {
      if (newPos < 0 || newPos > count) throw new IllegalArgumentException("seek to " + newPos + " of " + count);
      pos = (int) newPos;
    }
  }
}
