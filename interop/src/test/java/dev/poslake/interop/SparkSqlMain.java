package dev.poslake.interop;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * What {@code spark-sql -e QUERY} does, for {@code spark-submit --class}: runs each argument as SQL and prints its
 * rows to stdout, comma-separated (Spark logs to stderr).
 */
public final class SparkSqlMain {
  private SparkSqlMain() {}

  public static void main(String[] args) {
    SparkSession spark = SparkSession.builder().getOrCreate();
    try {
      for (String sql : args) {
        for (Row r : spark.sql(sql).collectAsList()) System.out.println(r.mkString(","));
      }
    } finally {
      spark.stop();
    }
  }
}
