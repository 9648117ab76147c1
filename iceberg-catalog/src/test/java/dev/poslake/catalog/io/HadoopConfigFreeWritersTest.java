package dev.poslake.catalog.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class HadoopConfigFreeWritersTest {
  final ClassLoader app = getClass().getClassLoader();
  final ClassLoader hiding = new HadoopConfigFreeWriters.WithoutHadoopConfig(app);

  @Test
  void hidesHadoopConfigurationFilesOnly() throws Exception {
    assertNotNull(app.getResource("core-default.xml"), "hadoop-common is on the classpath");
    assertNull(hiding.getResource("core-default.xml"));
    assertNull(hiding.getResource("mapred-default.xml"));
    assertNotNull(hiding.getResource("org/apache/hadoop/conf/Configuration.class"));
    assertSame(Configuration.class, hiding.loadClass(Configuration.class.getName()), "classes come from the app");
  }

  @Test
  void aConfigurationCreatedUnderItHasNoHadoopDefaults() {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    Configuration normal = new Configuration();
    thread.setContextClassLoader(hiding);
    Configuration bare;
    try {
      bare = new Configuration();
    } finally {
      thread.setContextClassLoader(previous);
    }
    assertEquals("4096", normal.get("io.file.buffer.size"), "from core-default.xml");
    assertNull(bare.get("io.file.buffer.size"));
    assertEquals(4096, bare.getInt("io.file.buffer.size", 4096), "code defaults still apply");
  }
}
