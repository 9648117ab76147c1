package dev.poslake.activities.etl.silver;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.iceberg.io.FileIO;

/**
 * Merges the groups' sorted key files into one stream of distinct keys, each with the positions of its occurrences
 * (at most one per group): a heap of one current entry per file, so memory is per group, not per key.
 */
final class KeyMerge implements AutoCloseable {
  private final KeyFile.Reader[] readers;
  private final int[] heap; // reader indexes, ordered by their current entry
  private int heapSize;
  long msb;
  long lsb;
  long storePart;
  String text;
  /** Positions of the current key's occurrences, lowest first at [0]; {@link #occurrences} of them. */
  final long[] positions;
  int occurrences;

  private KeyMerge(List<KeyFile.Reader> readers) {
    this.readers = readers.toArray(new KeyFile.Reader[0]);
    this.heap = new int[this.readers.length];
    this.positions = new long[this.readers.length];
    for (int i = 0; i < this.readers.length; i++) {
      if (this.readers[i].next()) push(i);
    }
  }

  static KeyMerge open(FileIO io, List<String> keyFiles) {
    List<KeyFile.Reader> readers = new ArrayList<>();
    try {
      for (String f : keyFiles) readers.add(KeyFile.open(io, f));
    } catch (RuntimeException e) {
      readers.forEach(KeyFile.Reader::close);
      throw e;
    }
    return new KeyMerge(readers);
  }

  /** The (day, store) pairs and the minutes all groups touched, from the files' headers and trailers. */
  DayStores touched() {
    DayStores all = new DayStores();
    for (KeyFile.Reader r : readers) {
      for (long p : r.dayStores) all.addPacked(p);
      Map<Long, long[]> minutes = r.minutes();
      if (minutes == null) all.addWholeDaysOf(r.dayStores);
      else minutes.forEach(all::addMinutes);
    }
    return all;
  }

  /** Advances to the next distinct key; false at the end. */
  boolean next() {
    if (heapSize == 0) return false;
    KeyFile.Reader top = readers[heap[0]];
    msb = top.msb;
    lsb = top.lsb;
    storePart = top.storePart;
    text = top.text;
    occurrences = 0;
    while (heapSize > 0) {
      int i = heap[0];
      KeyFile.Reader r = readers[i];
      if (r.msb != msb || r.lsb != lsb || r.storePart != storePart || !Objects.equals(r.text, text)) break;
      positions[occurrences++] = r.position;
      pop();
      if (r.next()) push(i);
    }
    // lowest position first: the occurrence silver keeps
    for (int i = 1; i < occurrences; i++) {
      if (positions[i] < positions[0]) {
        long t = positions[0];
        positions[0] = positions[i];
        positions[i] = t;
      }
    }
    return true;
  }

  private boolean less(int a, int b) {
    KeyFile.Reader x = readers[a];
    KeyFile.Reader y = readers[b];
    return KeyEntries.compare(x.msb, x.lsb, x.storePart, x.text, y.msb, y.lsb, y.storePart, y.text) < 0;
  }

  private void push(int reader) {
    int i = heapSize++;
    heap[i] = reader;
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!less(heap[i], heap[parent])) break;
      swap(i, parent);
      i = parent;
    }
  }

  private void pop() {
    heap[0] = heap[--heapSize];
    int i = 0;
    while (true) {
      int l = 2 * i + 1;
      int r = l + 1;
      int min = i;
      if (l < heapSize && less(heap[l], heap[min])) min = l;
      if (r < heapSize && less(heap[r], heap[min])) min = r;
      if (min == i) return;
      swap(i, min);
      i = min;
    }
  }

  private void swap(int a, int b) {
    int t = heap[a];
    heap[a] = heap[b];
    heap[b] = t;
  }

  @Override
  public void close() {
    for (KeyFile.Reader r : readers) r.close();
  }
}
