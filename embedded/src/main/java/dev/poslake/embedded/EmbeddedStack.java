package dev.poslake.embedded;

import dev.poslake.config.PosSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
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
 * publishes their endpoints in {@code stack.properties}; any other process on the same data dir attaches to
 * those endpoints instead of starting a second stack (which would corrupt the Kafka log and the S3 files).
 */
public final class EmbeddedStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStack.class);
  static final String LOCK_FILE = "stack.lock";
  static final String ENDPOINTS_FILE = "stack.properties";
  private static final String OWNER_PID = "owner.pid";
  private static final long ATTACH_WAIT_MS = 60_000;

  /** Which servers to run (those the user did not replace by their own) and where. */
  public record Options(Path dataDir, boolean kafka, boolean s3, boolean temporal, String bucket, String topic,
      int partitions) {
    public boolean any() {
      return kafka || s3 || temporal;
    }
  }

  private final Path dataDir;
  private final boolean owner;
  private final Map<String, String> settings;
  private final Deque<AutoCloseable> running;
  private final FileChannel lockChannel;
  private final FileLock lock;

  private EmbeddedStack(Path dataDir, boolean owner, Map<String, String> settings, Deque<AutoCloseable> running,
      FileChannel lockChannel, FileLock lock) {
    this.dataDir = dataDir;
    this.owner = owner;
    this.settings = Map.copyOf(settings);
    this.running = running;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /** Starts the requested servers, or attaches to those another process already runs on this data dir. */
  public static EmbeddedStack startOrAttach(Options o) throws Exception {
    Path dir = o.dataDir().toAbsolutePath().normalize();
    Files.createDirectories(dir);
    FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException sameJvm) {
      lock = null;
    }
    if (lock == null) {
      channel.close();
      return attach(dir);
    }
    try {
      return start(o, dir, channel, lock);
    } catch (Exception | Error e) {
      lock.release();
      channel.close();
      throw e;
    }
  }

  /**
   * Attaches to the servers another process (e.g. `pos up`) runs on this data dir, starting none: empty if no
   * process holds the data dir's lock.
   */
  public static java.util.Optional<EmbeddedStack> attachIfRunning(Path dataDir) throws Exception {
    Path dir = dataDir.toAbsolutePath().normalize();
    if (!Files.exists(dir.resolve(LOCK_FILE))) return java.util.Optional.empty();
    try (FileChannel channel = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException sameJvm) {
        lock = null;
      }
      if (lock != null) {
        lock.release();
        return java.util.Optional.empty();
      }
    }
    return java.util.Optional.of(attach(dir));
  }

  private static EmbeddedStack start(Options o, Path dir, FileChannel channel, FileLock lock) throws Exception {
    Files.deleteIfExists(dir.resolve(ENDPOINTS_FILE)); // left by a process that was killed
    Deque<AutoCloseable> running = new ArrayDeque<>();
    Map<String, String> settings = new LinkedHashMap<>();
    try {
      if (o.s3()) {
        long t = System.nanoTime();
        EmbeddedS3 s3 = EmbeddedS3.start(dir.resolve("s3"), o.bucket());
        running.push(s3);
        settings.put(PosSettings.S3_ENDPOINT.key(), s3.endpoint());
        settings.put(PosSettings.S3_ACCESS_KEY_ID.key(), EmbeddedS3.ACCESS_KEY);
        settings.put(PosSettings.S3_SECRET_ACCESS_KEY.key(), EmbeddedS3.SECRET_KEY);
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
      settings.put(OWNER_PID, Long.toString(ProcessHandle.current().pid()));
      writeEndpoints(dir, settings);
      settings.remove(OWNER_PID);
      return new EmbeddedStack(dir, true, settings, running, channel, lock);
    } catch (Exception | Error e) {
      closeAll(running);
      throw e;
    }
  }

  private static EmbeddedStack attach(Path dir) throws IOException, InterruptedException {
    Path file = dir.resolve(ENDPOINTS_FILE);
    long deadline = System.currentTimeMillis() + ATTACH_WAIT_MS;
    while (!Files.exists(file)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("another process holds " + dir.resolve(LOCK_FILE)
            + " but published no endpoints within 60 s; stop it or use another --data-dir");
      }
      Thread.sleep(100);
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    }
    Map<String, String> settings = new LinkedHashMap<>();
    p.stringPropertyNames().forEach(k -> settings.put(k, p.getProperty(k)));
    String pid = settings.remove(OWNER_PID);
    LOG.info("using the embedded stack of process {} on data dir {}", pid, dir);
    return new EmbeddedStack(dir, false, settings, new ArrayDeque<>(), null, null);
  }

  private static void writeEndpoints(Path dir, Map<String, String> settings) throws IOException {
    Properties p = new Properties();
    p.putAll(settings);
    Path tmp = dir.resolve(ENDPOINTS_FILE + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "endpoints of the embedded stack owned by the process holding stack.lock");
    }
    Files.move(tmp, dir.resolve(ENDPOINTS_FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
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
    return owner;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() throws Exception {
    if (!owner) return;
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
