package dev.poslake.activities.etl.reprocess;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.FileIO;

/**
 * The reject rows a reprocess's silver commit settled (its passing records), written before that commit and named
 * in its summary: the marking step marks exactly these, whatever the reference data says by the time it runs
 * (a retry after a crash between the two steps must not decide again). One line per row ({@link RejectId#line()}).
 */
final class DecisionFile {
  private DecisionFile() {}

  /** Under the quarantine table's location; {@code attempt} keeps attempts from overwriting each other's file. */
  static String path(Table rejected, String reprocessId, String attempt) {
    String base = rejected.location().endsWith("/") ? rejected.location() : rejected.location() + "/";
    return base + "reprocess/" + reprocessId + "-" + attempt + ".ids";
  }

  static void write(FileIO io, String path, List<RejectId> ids) {
    try (OutputStream out = io.newOutputFile(path).createOrOverwrite()) {
      StringBuilder b = new StringBuilder();
      for (RejectId id : ids) {
        b.append(id.line()).append('\n');
        if (b.length() > 1 << 16) {
          out.write(b.toString().getBytes(StandardCharsets.UTF_8));
          b.setLength(0);
        }
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  static Set<RejectId> read(FileIO io, String path) {
    Set<RejectId> out = new HashSet<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(io.newInputFile(path).newStream(),
        StandardCharsets.UTF_8))) {
      for (String line; (line = in.readLine()) != null; ) {
        if (!line.isEmpty()) out.add(RejectId.parse(line));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
    return out;
  }

  static void deleteQuietly(FileIO io, String path) {
    try {
      io.deleteFile(path);
    } catch (RuntimeException ignored) {
      // an unreferenced file of a failed attempt: harmless if it stays
    }
  }
}
