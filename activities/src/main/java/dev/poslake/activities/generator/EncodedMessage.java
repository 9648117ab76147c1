package dev.poslake.activities.generator;

/** A Kafka record ready to send: key = trans_id, value = UTF-8 JSON. */
public record EncodedMessage(String key, byte[] value, int storeId, int lines) {}
