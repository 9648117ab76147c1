package dev.poslake.embedded;

import dev.poslake.config.PrivateFiles;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * {@code stack.properties}: who owns the data dir's embedded stack and, once its servers run, their endpoints.
 * Written twice by the owner: right after it takes {@code stack.lock} (owner only, so that a second command
 * learns at once whether it may attach) and again when the servers are up (with the endpoints).
 *
 * @param endpoints config overrides pointing at the servers (keys of {@code PosSettings}); empty while starting
 */
record PublishedStack(StackOwner owner, boolean ready, Map<String, String> endpoints) {
  static final String FILE = "stack.properties";
  private static final String OWNER_PID = "owner.pid";
  private static final String OWNER_COMMAND = "owner.command";
  private static final String OWNER_SHARES = "owner.shares";
  private static final String STATE = "stack.state";

  PublishedStack {
    endpoints = Map.copyOf(endpoints);
  }

  /** What the file says now; empty if it is missing or not (yet) readable. */
  static Optional<PublishedStack> read(Path dir) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve(FILE))) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
    Optional<Long> pid = StackOwner.parsePid(p.getProperty(OWNER_PID));
    if (pid.isEmpty()) return Optional.empty();
    Map<String, String> endpoints = new LinkedHashMap<>();
    for (String k : p.stringPropertyNames()) {
      if (!k.startsWith("owner.") && !k.equals(STATE)) endpoints.put(k, p.getProperty(k));
    }
    StackOwner owner = new StackOwner(pid.get(), p.getProperty(OWNER_COMMAND, "?"),
        !"false".equals(p.getProperty(OWNER_SHARES)));
    return Optional.of(new PublishedStack(owner, "ready".equals(p.getProperty(STATE)), endpoints));
  }

  /** Replaces the file atomically; only its owner may read it. */
  void write(Path dir) throws IOException {
    Properties p = new Properties();
    p.putAll(endpoints);
    p.setProperty(OWNER_PID, Long.toString(owner.pid()));
    p.setProperty(OWNER_COMMAND, owner.command());
    p.setProperty(OWNER_SHARES, Boolean.toString(owner.shares()));
    p.setProperty(STATE, ready ? "ready" : "starting");
    java.io.StringWriter w = new java.io.StringWriter();
    p.store(w, "embedded stack of this data dir, owned by the process holding stack.lock");
    PrivateFiles.write(dir.resolve(FILE), w.toString()); // it holds the embedded S3 keys
  }
}
