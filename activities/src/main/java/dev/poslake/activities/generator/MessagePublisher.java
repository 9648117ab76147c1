package dev.poslake.activities.generator;

/** Sends records to the transactions topic; {@link #flush} returns only when all were acknowledged. */
public interface MessagePublisher extends AutoCloseable {
  /** @param key may be null (raw replays) */
  void publish(String key, byte[] value);

  /** Blocks until every published record is acknowledged; throws if any failed. */
  void flush();

  @Override
  void close();
}
