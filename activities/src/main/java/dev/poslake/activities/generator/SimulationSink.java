package dev.poslake.activities.generator;

/** Receives the simulation's events in simulated-time order. */
public interface SimulationSink {
  /** One transaction message (unsplit; a BOPIS transaction arrives twice: store 0, then the physical store). */
  void transaction(TransactionMessage m);

  /** A full recount; the event's arrays are only valid during this call. */
  void recount(RecountEvent r);
}
