package dev.poslake.catalog.io;

import java.util.Map;
import org.apache.iceberg.TableProperties;

/**
 * Writer settings for files known to hold few rows (a merge-on-read's new rows and position deletes of one store),
 * over the table's own: pages of at most {@value #PAGE_SIZE_BYTES} bytes.
 *
 * <p>Why: Parquet's compressor allocates a buffer of the page size for every file it opens (1 MiB by default). In a
 * 1 GiB heap that is a humongous object for G1, placed in fresh regions the kernel zeroes page by page, and a
 * gold merge opens two writers per store: `perf` of a merge touching 1,000 stores put 11% of its threads' CPU in
 * that one allocation. A file of a few rows fills a fraction of a page either way, so the files are the same but for
 * the page boundaries of a larger one.
 */
public final class SmallFileWrites {
  /** Below G1's humongous threshold (half a region: 512 KiB in the smallest regions). */
  public static final int PAGE_SIZE_BYTES = 64 << 10;

  /** For data and position-delete writers alike. */
  public static final Map<String, String> PROPERTIES = Map.of(
      TableProperties.PARQUET_PAGE_SIZE_BYTES, Integer.toString(PAGE_SIZE_BYTES),
      TableProperties.DELETE_PARQUET_PAGE_SIZE_BYTES, Integer.toString(PAGE_SIZE_BYTES));

  private SmallFileWrites() {}
}
