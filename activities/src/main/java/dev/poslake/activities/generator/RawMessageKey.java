package dev.poslake.activities.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The Kafka key a producer of the message format gives a raw line: its top-level {@code trans_id} string, so that
 * the parts and the re-deliveries of one transaction share a partition. Null for a line that is not a JSON object
 * with one (bad input stays keyless; the pipeline quarantines it either way).
 */
final class RawMessageKey {
  private static final JsonFactory JSON = new JsonFactory();

  private RawMessageKey() {}

  static String transIdOf(byte[] line) {
    try (JsonParser p = JSON.createParser(line)) {
      if (p.nextToken() != JsonToken.START_OBJECT) return null;
      for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if ("trans_id".equals(field)) return value == JsonToken.VALUE_STRING ? p.getText() : null;
        p.skipChildren();
      }
      return null;
    } catch (IOException malformedBeforeTheKey) {
      return null;
    }
  }
}
