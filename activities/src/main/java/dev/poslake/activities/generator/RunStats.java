package dev.poslake.activities.generator;

/** Counters of one generator run; filled by the simulation (transactions) and the publishing sink (messages). */
public final class RunStats {
  long transactions;
  long lines;
  long messages;
  long recounts;
  long sales;
  long shrinks;
  long restocks;
  long bulkRestocks;
  long bopis;
  long skippedNoStock;

  public long transactions() { return transactions; }
  public long lines() { return lines; }
  public long messages() { return messages; }
  public long recounts() { return recounts; }
  public long sales() { return sales; }
  public long shrinks() { return shrinks; }
  public long restocks() { return restocks; }
  public long bulkRestocks() { return bulkRestocks; }
  public long bopis() { return bopis; }
  /** Sales/shrink/BOPIS draws that found no stock for any picked item and so emitted nothing. */
  public long skippedNoStock() { return skippedNoStock; }
}
