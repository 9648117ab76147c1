package dev.poslake.activities.generator;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a transaction whose JSON exceeds the size limit (256 KB by default) into parts that each fit, every
 * part carrying "part":k,"parts":n (0-based) and the same trans_id/store/type/date_time; lines keep their order.
 * Why: Kafka brokers and consumers commonly cap record sizes; a distribution-centre restock can be 10k lines.
 */
public final class MessageSplitter {
  public static final int DEFAULT_MAX_BYTES = 256 * 1024;
  private final int maxBytes;

  public MessageSplitter() {
    this(DEFAULT_MAX_BYTES);
  }

  public MessageSplitter(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public List<EncodedMessage> split(TransactionMessage m) {
    byte[] whole = MessageJson.encode(m);
    if (whole.length <= maxBytes) {
      return List.of(new EncodedMessage(m.key(), whole, m.storeId(), m.items().size()));
    }
    // Upper bound of everything but the lines: part numbers at their widest.
    int overhead = MessageJson.encode(m.asPart(Integer.MAX_VALUE, Integer.MAX_VALUE, List.of())).length;
    List<List<TransactionMessage.Line>> groups = new ArrayList<>();
    List<TransactionMessage.Line> current = new ArrayList<>();
    int size = overhead;
    for (TransactionMessage.Line l : m.items()) {
      int add = lineBytes(l) + (current.isEmpty() ? 0 : 1);
      if (size + add > maxBytes && !current.isEmpty()) {
        groups.add(current);
        current = new ArrayList<>();
        size = overhead;
        add = lineBytes(l);
      }
      if (size + add > maxBytes) throw new IllegalArgumentException("limit too small for one line: " + maxBytes);
      current.add(l);
      size += add;
    }
    groups.add(current);
    int n = groups.size();
    List<EncodedMessage> out = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      byte[] bytes = MessageJson.encode(m.asPart(k, n, groups.get(k)));
      if (bytes.length > maxBytes) throw new IllegalStateException("part " + k + " is " + bytes.length + " bytes");
      out.add(new EncodedMessage(m.key(), bytes, m.storeId(), groups.get(k).size()));
    }
    return out;
  }

  /** Bytes of {"item_id":X,"quantity":Y} exactly as MessageJson writes it. */
  private static int lineBytes(TransactionMessage.Line l) {
    return 24 + Integer.toString(l.itemId()).length() + Integer.toString(l.quantity()).length();
  }
}
