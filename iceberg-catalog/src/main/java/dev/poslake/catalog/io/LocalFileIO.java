package dev.poslake.catalog.io;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * A Hadoop-free {@link org.apache.iceberg.io.FileIO} for tables on the local file system (iceberg-core has none:
 * HadoopFileIO needs a much larger Hadoop classpath). Accepts plain absolute paths and {@code file:} URIs
 * ({@code file:/x}, {@code file:///x}). Use as catalog property {@code io-impl=dev.poslake.catalog.io.LocalFileIO}.
 */
public class LocalFileIO implements SupportsPrefixOperations {
  private static final long serialVersionUID = 1L;
  private Map<String, String> properties = Map.of();

  public LocalFileIO() {}

  @Override
  public void initialize(Map<String, String> props) {
    this.properties = Map.copyOf(props);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  /** The local path of a location: a plain path or a {@code file:} URI (no percent-decoding: Iceberg doesn't encode). */
  public static Path toPath(String location) {
    String p = location;
    if (p.startsWith("file://")) {
      p = p.substring("file://".length());
    } else if (p.startsWith("file:")) {
      p = p.substring("file:".length());
    }
    return Paths.get(p);
  }

  @Override
  public InputFile newInputFile(String location) {
    return org.apache.iceberg.Files.localInput(toPath(location).toFile());
  }

  @Override
  public OutputFile newOutputFile(String location) {
    Path path = toPath(location).toAbsolutePath();
    try {
      // race-safe, unlike the mkdirs() in Files.localOutput when two writers create the same table at once
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the directory of " + location, e);
    }
    return org.apache.iceberg.Files.localOutput(path.toFile());
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + location, e);
    }
  }

  /** Files under a prefix (a directory, or a path prefix within a directory), recursively. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    Path path = toPath(prefix);
    Path dir = Files.isDirectory(path) ? path : path.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      return List.of();
    }
    String scheme = prefix.startsWith("file:") ? "file:" : "";
    String pathPrefix = path.toString();
    List<FileInfo> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(dir)) {
      files.filter(Files::isRegularFile)
          .filter(f -> f.toString().startsWith(pathPrefix))
          .forEach(f -> {
            try {
              BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
              out.add(new FileInfo(scheme + f, a.size(), a.creationTime().toMillis()));
            } catch (NoSuchFileException gone) {
              // deleted while listing
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + prefix, e);
    }
    return out;
  }

  @Override
  public void deletePrefix(String prefix) {
    for (FileInfo f : listPrefix(prefix)) {
      deleteFile(f.location());
    }
    Path path = toPath(prefix);
    if (Files.isDirectory(path)) {
      try (Stream<Path> dirs = Files.walk(path)) {
        dirs.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + prefix, e);
      }
    }
  }
}
