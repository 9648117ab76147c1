package dev.poslake.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files and directories only their owner may read: the data dir (Kafka log, objects, catalog) is 0700 and files with
 * secrets (the embedded stack's keys and endpoints) are 0600, whatever the umask. On file systems without POSIX
 * permissions (Windows) the platform's defaults apply.
 */
public final class PrivateFiles {
  public static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private PrivateFiles() {}

  /** Creates the directory (and missing parents) as 0700; an existing one is made 0700. */
  public static Path directory(Path dir) throws IOException {
    if (!POSIX) return Files.createDirectories(dir);
    if (!Files.isDirectory(dir)) {
      Path parent = dir.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(DIR));
      } catch (java.nio.file.FileAlreadyExistsException raced) {
        // another process created it first
      }
    }
    Files.setPosixFilePermissions(dir, DIR);
    return dir;
  }

  /** Replaces the file atomically by one that is 0600 from its first byte. */
  public static void write(Path file, String content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    if (POSIX) {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(FILE));
    }
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
