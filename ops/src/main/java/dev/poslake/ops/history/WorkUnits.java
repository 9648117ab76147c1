package dev.poslake.ops.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.common.v1.Payloads;
import java.io.IOException;

/**
 * Which unit of a fanned-out ETL step an activity worked on, read from its input in the history: the Kafka
 * partition of a bronze range, the parse group of silver, the recount file group of the snapshot step, the store
 * bucket of gold. Answers "which worker ran which bucket" in `ops history` and the benchmark.
 */
final class WorkUnits {
  private static final ObjectMapper JSON = new ObjectMapper();

  private WorkUnits() {}

  /** A short description such as "bucket 3", or null for an activity that is not one unit of a fan-out. */
  static String describe(String activityType, Payloads input) {
    try {
      return switch (activityType) {
        case "BronzeIngest" -> field(input, 0, "partition", "partition");
        case "SilverParse" -> "group " + argument(input, 1).asInt();
        case "GoldFanOutMergeBucket" -> field(input, 0, "bucket", "bucket");
        default -> null;
      };
    } catch (IOException | RuntimeException e) {
      return null; // an input of another shape (an older or newer release): no description
    }
  }

  private static String field(Payloads input, int argument, String field, String label) throws IOException {
    JsonNode value = argument(input, argument).get(field);
    return value == null ? null : label + " " + value.asText();
  }

  private static JsonNode argument(Payloads input, int index) throws IOException {
    return JSON.readTree(input.getPayloads(index).getData().toByteArray());
  }
}
