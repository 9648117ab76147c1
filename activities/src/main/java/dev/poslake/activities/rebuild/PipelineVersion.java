package dev.poslake.activities.rebuild;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The pipeline's version, as Maven built it (a filtered resource), recorded on what a rebuild publishes. */
public final class PipelineVersion {
  private static final String VERSION = load();

  private PipelineVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = PipelineVersion.class.getResourceAsStream("pipeline-version.properties")) {
      if (in == null) return "unknown";
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
