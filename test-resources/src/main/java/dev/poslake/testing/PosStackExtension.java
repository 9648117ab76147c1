package dev.poslake.testing;

import dev.poslake.config.PosConfig;
import dev.poslake.config.PosSettings;
import dev.poslake.embedded.EmbeddedStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the real embedded stack (Kafka broker, s3proxy, Temporal test server) once per test class in a fresh
 * data dir, and resolves {@link PosConfig} parameters pointing at it. Use with {@code @ExtendWith}.
 */
public final class PosStackExtension implements BeforeAllCallback, AfterAllCallback, ParameterResolver {
  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(PosStackExtension.class);

  /** Started stack and the config pointing at it. */
  public record Running(EmbeddedStack stack, PosConfig config, Path dataDir) {}

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    Path dir = Files.createTempDirectory("poslake-test-");
    PosConfig base = PosConfig.of(Map.of(PosSettings.DATA_DIR.key(), dir.toString()));
    EmbeddedStack stack = EmbeddedStack.startOrAttach(new EmbeddedStack.Options(dir, true, true, true,
        base.get(PosSettings.S3_BUCKET), base.get(PosSettings.KAFKA_TOPIC), base.get(PosSettings.KAFKA_PARTITIONS)));
    Map<String, String> overrides = new HashMap<>(stack.settings());
    overrides.put(PosSettings.DATA_DIR.key(), dir.toString());
    context.getStore(NS).put(Running.class, new Running(stack, base.with(overrides), dir));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    Running r = context.getStore(NS).remove(Running.class, Running.class);
    if (r != null) {
      r.stack().close();
      TempDirs.deleteRecursively(r.dataDir());
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext p, ExtensionContext c) {
    Class<?> t = p.getParameter().getType();
    return t == PosConfig.class || t == Running.class;
  }

  @Override
  public Object resolveParameter(ParameterContext p, ExtensionContext c) {
    Running r = c.getStore(NS).get(Running.class, Running.class);
    if (r == null) {
      throw new IllegalStateException("the stack is started in @BeforeAll: use PosStackExtension on the class");
    }
    return p.getParameter().getType() == Running.class ? r : r.config();
  }
}
