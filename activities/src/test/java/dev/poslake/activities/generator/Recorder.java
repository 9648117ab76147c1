package dev.poslake.activities.generator;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A sink that keeps every event (recount rows copied, since the event's arrays are live views). */
final class Recorder implements SimulationSink {
  record Recount(int storeId, Instant time, int employeeId, int[] itemIds, int[] quantities) {
    @Override
    public String toString() {
      return "recount " + storeId + "@" + time + " " + java.util.Arrays.toString(quantities);
    }
  }

  final List<Object> events = new ArrayList<>(); // TransactionMessage or Recount
  final List<String> log = new ArrayList<>(); // comparable text of every event

  @Override
  public void transaction(TransactionMessage m) {
    events.add(m);
    log.add(new String(MessageJson.encode(m), StandardCharsets.UTF_8));
  }

  @Override
  public void recount(RecountEvent r) {
    int[] items = new int[r.size()];
    int[] qty = new int[r.size()];
    for (int i = 0; i < r.size(); i++) {
      items[i] = r.itemId(i);
      qty[i] = r.quantity(i);
    }
    Recount c = new Recount(r.storeId(), r.time(), r.employeeId(), items, qty);
    events.add(c);
    log.add(c.toString());
  }

  List<TransactionMessage> messages() {
    return events.stream().filter(e -> e instanceof TransactionMessage).map(e -> (TransactionMessage) e).toList();
  }

  List<Recount> recounts() {
    return events.stream().filter(e -> e instanceof Recount).map(e -> (Recount) e).toList();
  }
}
