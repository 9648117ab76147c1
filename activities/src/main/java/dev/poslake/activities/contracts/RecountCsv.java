package dev.poslake.activities.contracts;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * The recount (snapshot) CSV of the product contract: a header naming the five {@link #COLUMNS}, one row per item,
 * date_time in the {@link Timestamps#CSV} form (UTC), LF line ends, UTF-8. {@link Writer} writes it (generator,
 * replay); the ETL's parser reads columns by these names (in any order) with {@link CsvLineReader} and
 * {@link CsvFields}.
 */
public final class RecountCsv {
  public static final String ITEM_ID = "item_id";
  public static final String EMPLOYEE_ID = "employee_id";
  public static final String STORE_ID = "store_id";
  public static final String DATE_TIME = "date_time";
  public static final String QUANTITY = "quantity";
  /** The columns, in the order the writer puts them. */
  public static final List<String> COLUMNS = List.of(ITEM_ID, EMPLOYEE_ID, STORE_ID, DATE_TIME, QUANTITY);
  public static final String HEADER = String.join(",", COLUMNS);

  private RecountCsv() {}

  /** Streams one recount file: header first, then rows; does not close the underlying stream. */
  public static final class Writer implements Closeable {
    private final java.io.Writer out;
    private Instant lastTime;
    private String lastTimeText;

    public Writer(OutputStream out) {
      this.out = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
      write(HEADER);
      write("\n");
    }

    public Writer row(int itemId, int employeeId, int storeId, Instant dateTime, int quantity) {
      if (!dateTime.equals(lastTime)) { // a recount shares one time: format it once
        lastTime = dateTime;
        lastTimeText = Timestamps.formatCsv(dateTime);
      }
      write(Integer.toString(itemId));
      write(",");
      write(Integer.toString(employeeId));
      write(",");
      write(Integer.toString(storeId));
      write(",");
      write(lastTimeText);
      write(",");
      write(Integer.toString(quantity));
      write("\n");
      return this;
    }

    /** Flushes what was written; the underlying stream stays open. */
    @Override
    public void close() {
      try {
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private void write(String s) {
      try {
        out.write(s);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
