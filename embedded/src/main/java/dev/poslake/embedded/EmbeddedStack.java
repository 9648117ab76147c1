package dev.poslake.embedded;

import dev.poslake.config.PosSettings;
import dev.poslake.config.PrivateFiles;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded servers of one data dir. The first process to take {@code stack.lock} starts them and
 * publishes who it is and, once they run, their endpoints in {@code stack.properties}; another process on the
 * same data dir attaches to those endpoints instead of starting a second stack (which would corrupt the Kafka
 * log and the S3 files), unless the owner does not share its stack ({@link StackBusyException}).
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  static final String LOCK_FILE = "stack.lock";
  static final String ENDPOINTS_FILE = PublishedStack.FILE;
  private static final long ATTACH_WAIT_MS = 60_000;

  /**
   * Which servers to run (those the user did not replace by their own) and where; {@code owner}: who this
   * process is, should it start them.
   */
  public record Options(Path dataDir, boolean kafka, boolean s3, boolean temporal, String bucket, String topic,
      int partitions, StackOwner owner) {
    /** A stack other processes may attach to (tests, embedding). */
    public Options(Path dataDir, boolean kafka, boolean s3, boolean temporal, String bucket, String topic,
        int partitions) {
      this(dataDir, kafka, s3, temporal, bucket, topic, partitions, StackOwner.thisProcess(StackOwner.IN_PROCESS, true));
    }

    public boolean any() {
      return kafka || s3 || temporal;
    }
  }

  private final Path dataDir;
  private final StackOwner owner;
  private final boolean ownedHere;
  private final Map<String, String> settings;
  private final Deque<AutoCloseable> running;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private EmbeddedStack(Path dataDir, StackOwner owner, boolean ownedHere, Map<String, String> settings,
      Deque<AutoCloseable> running, FileChannel lockChannel, FileLock lock) {
    this.dataDir = dataDir;
    this.owner = owner;
    this.ownedHere = ownedHere;
    this.settings = Map.copyOf(settings);
    this.running = running;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Starts the requested servers, or attaches to those another process already runs on this data dir.
   *
   * @throws StackBusyException if that process does not share them
   */
  public static EmbeddedStack startOrAttach(Options o) throws Exception {
    Path dir = o.dataDir().toAbsolutePath().normalize();
    PrivateFiles.directory(dir); // the Kafka log, the objects and the catalog: nobody else's business
    long deadline = System.currentTimeMillis() + ATTACH_WAIT_MS;
    while (true) {
      FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
          StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null;
      }
      if (lock != null) {
        try {
          return start(o, dir, channel, lock);
        } catch (Exception | Error e) {
          lock.release();
          channel.close();
          throw e;
        }
      }
      channel.close();
      Optional<EmbeddedStack> attached = awaitPublished(dir, deadline);
      if (attached.isPresent()) return attached.get();
      // the owner let go of the lock before publishing (it failed or stopped): try to become the owner
    }
  }

  /**
   * Attaches to the servers another process (e.g. `pos up`) runs on this data dir, starting none: empty if no
   * process holds the data dir's lock.
   *
   * @throws StackBusyException if that process does not share them
   */
  public static Optional<EmbeddedStack> attachIfRunning(Path dataDir) throws Exception {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.exists(dir.resolve(LOCK_FILE))) return Optional.empty();
    return awaitPublished(dir, System.currentTimeMillis() + ATTACH_WAIT_MS);
  }

  /**
   * Waits until the process holding the lock has published a shared, running stack and attaches to it; empty
   * if nobody holds the lock (any more).
   */
  private static Optional<EmbeddedStack> awaitPublished(Path dir, long deadline) throws Exception {
    while (true) {
      Optional<PublishedStack> published = PublishedStack.read(dir);
      // a file whose owner is dead was left by a killed process: its successor rewrites it at once
      if (published.isPresent() && published.get().owner().alive()) {
        PublishedStack p = published.get();
        if (!p.owner().shares()) throw new StackBusyException(p.owner(), dir);
        if (p.ready()) {
          LOG.info("using the embedded stack of {} on data dir {}", p.owner().describe(), dir);
          return Optional.of(new EmbeddedStack(dir, p.owner(), false, p.endpoints(), new ArrayDeque<>(), null, null));
        }
      }
      if (!lockHeld(dir)) return Optional.empty();
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("another process holds " + dir.resolve(LOCK_FILE)
            + " but published no endpoints within 60 s; stop it or use another --data-dir");
      }
      Thread.sleep(100);
    }
  }

  /** True while some process (this JVM included) holds the data dir's lock. */
  static boolean lockHeld(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
      FileLock probe;
      try {
        probe = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        return true;
      }
      if (probe == null) return true;
      probe.release();
      return false;
    } catch (java.nio.file.NoSuchFileException e) {
      return false;
    }
  }

  private static EmbeddedStack start(Options o, Path dir, FileChannel channel, FileLock lock) throws Exception {
    // first of all say who owns the stack, so that a second command knows at once whether it may attach
    // (this also replaces a file left by a killed process)
    new PublishedStack(o.owner(), false, Map.of()).write(dir);
    Deque<AutoCloseable> running = new ArrayDeque<>();
    Map<String, String> settings = new LinkedHashMap<>();
    try {
      if (o.s3()) {
        long t = System.nanoTime();
        EmbeddedCredentials keys = EmbeddedCredentials.loadOrCreate(dir);
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), o.bucket(), keys.accessKey(), keys.secretKey());
        running.push(s3);
        settings.put(PosSettings.S3_ENDPOINT.key(), s3.endpoint());
        settings.put(PosSettings.S3_ACCESS_KEY_ID.key(), keys.accessKey());
        settings.put(PosSettings.S3_SECRET_ACCESS_KEY.key(), keys.secretKey());
        LOG.info("S3 (s3proxy, files under {}) on {} in {} ms", dir.resolve("s3"), s3.endpoint(), ms(t));
      }
      if (o.kafka()) {
        long t = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        running.push(kafka);
        createTopic(kafka.bootstrapServers(), o.topic(), o.partitions());
        settings.put(PosSettings.KAFKA_BOOTSTRAP_SERVERS.key(), kafka.bootstrapServers());
        LOG.info("Kafka (KRaft broker, log under {}) on {} in {} ms", dir.resolve("kafka"),
            kafka.bootstrapServers(), ms(t));
      }
      if (o.temporal()) {
        long t = System.nanoTime();
        EmbeddedTemporal temporal = EmbeddedTemporal.start();
        running.push(temporal);
        settings.put(PosSettings.TEMPORAL_ADDRESS.key(), temporal.target());
        LOG.info("Temporal test server on {} in {} ms", temporal.target(), ms(t));
      }
      new PublishedStack(o.owner(), true, settings).write(dir);
      return new EmbeddedStack(dir, o.owner(), true, settings, running, channel, lock);
    } catch (Exception | Error e) {
      closeAll(running);
      Files.deleteIfExists(dir.resolve(ENDPOINTS_FILE));
      throw e;
    }
  }

  private static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) throw e;
    }
  }

  private static long ms(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** Config overrides pointing at the running servers (keys of {@code PosSettings}). */
  public Map<String, String> settings() {
    return settings;
  }

  /** True if this process runs the servers; false if it uses another process's. */
  public boolean owner() {
    return ownedHere;
  }

  /** The process that runs the servers (this one if {@link #owner()}). */
  public StackOwner ownerProcess() {
    return owner;
  }

  public Path dataDir() {
    return dataDir;
  }

  /**
   * For a process attached to another's stack: why that stack is gone (its owner exited, stopped it or was
   * replaced), or empty while it still runs. Always empty for the owner itself.
   */
  public Optional<String> ownerGone() {
    if (ownedHere) return Optional.empty();
    String stack = "the embedded stack of " + dataDir;
    String exited = owner.describe() + ", which ran " + stack + ", exited";
    if (!owner.alive()) return Optional.of(exited);
    // an owner that stops deletes stack.properties first; one that dies (its last moments: it let go of its files
    // and is not reaped yet) leaves it behind
    Optional<PublishedStack> now = PublishedStack.read(dataDir);
    if (now.isEmpty()) return Optional.of(owner.describe() + " stopped " + stack);
    if (now.get().owner().pid() != owner.pid()) {
      return Optional.of(owner.describe() + " no longer runs " + stack + " (" + now.get().owner().describe()
          + " does now)");
    }
    try {
      if (!lockHeld(dataDir)) return Optional.of(exited);
    } catch (IOException e) {
      return Optional.of("cannot check " + dataDir.resolve(LOCK_FILE) + ": " + e.getMessage());
    }
    return Optional.empty();
  }

  @Override
  public void close() throws Exception {
    if (!ownedHere) return;
    Files.deleteIfExists(dataDir.resolve(ENDPOINTS_FILE));
    closeAll(running);
    lock.release();
    lockChannel.close();
  }

  private static void closeAll(Deque<AutoCloseable> running) {
    while (!running.isEmpty()) {
      AutoCloseable c = running.pop();
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("stopping {} failed: {}", c.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
