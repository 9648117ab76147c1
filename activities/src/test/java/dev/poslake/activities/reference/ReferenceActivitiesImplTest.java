package dev.poslake.activities.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.catalog.LocalCatalog;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceActivitiesImplTest {
  @TempDir Path dir;
  TestActivityEnvironment env;
  ReferenceTablesTest.MapFileStore files;
  ReferenceActivities activities;

  @BeforeEach
  void setUp() {
    env = TestActivityEnvironment.newInstance();
    files = new ReferenceTablesTest.MapFileStore();
    env.registerActivitiesImplementations(new ReferenceActivitiesImpl(
        new ReferenceTables(LocalCatalog.open(dir), Namespace.of("pos"), files)));
    activities = env.newActivityStub(ReferenceActivities.class);
  }

  @AfterEach
  void tearDown() {
    env.close();
  }

  @Test
  void refreshThroughTemporal() {
    assertEquals(3, activities.ensureUploaded(0).size());
    ReferenceTables.RefreshResult r = activities.refresh();
    assertEquals(3, r.tables().size());
    assertTrue(r.anyReloaded());
    assertEquals(100_000L, r.tables().get(1).rows());
  }

  @Test
  void invalidFileIsNonRetryable() {
    activities.ensureUploaded(0);
    files.objects.put("reference/store.txt", "id,name\r\n0,online\r\n".getBytes(StandardCharsets.UTF_8));
    ActivityFailure f = assertThrows(ActivityFailure.class, () -> activities.refresh());
    ApplicationFailure cause = (ApplicationFailure) f.getCause();
    assertEquals(ReferenceActivities.INVALID_REFERENCE_FILE, cause.getType());
    assertTrue(cause.isNonRetryable());
    assertTrue(cause.getOriginalMessage().startsWith("reference/store.txt line 1: wrong header"),
        cause.getOriginalMessage());
  }
}
