package dev.poslake.worker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.config.PosConfig;
import dev.poslake.testing.PosStackExtension;
import io.temporal.common.metadata.POJOActivityImplMetadata;
import io.temporal.common.metadata.POJOActivityInterfaceMetadata;
import io.temporal.common.metadata.POJOActivityMethodMetadata;
import java.io.File;
import java.io.InputStream;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Anyone who can start an activity on the task queue can start any activity a worker registers. None of them may
 * take a local path (or a stream): a worker must never read a file it is told to and ship it to Kafka or S3.
 * Arguments are checked by type and by name, through records and collections.
 */
@ExtendWith(PosStackExtension.class)
class WorkerSurfaceTest {
  private static final Pattern PATH_LIKE = Pattern.compile("(?i).*(file|path|dir|directory)s?$");

  @Test
  void noRegisteredActivityTakesALocalPath(PosConfig config) throws Exception {
    List<String> offending = new ArrayList<>();
    List<String> types = new ArrayList<>();
    try (PipelineResources resources = PipelineResources.open(config)) {
      for (Object impl : PipelineWorker.activities(resources, "test")) {
        for (POJOActivityInterfaceMetadata i : POJOActivityImplMetadata.newInstance(impl.getClass())
            .getActivityInterfaces()) {
          for (POJOActivityMethodMetadata m : i.getMethodsMetadata()) {
            types.add(m.getActivityTypeName());
            for (Parameter p : m.getMethod().getParameters()) {
              check(m.getActivityTypeName() + "(" + p.getName(), p.getName(), p.getParameterizedType(), offending,
                  new HashSet<>());
            }
          }
        }
      }
    }
    assertTrue(types.contains("GeneratorGenerate") && types.contains("BronzeIngest"), types.toString());
    assertTrue(offending.isEmpty(), "activities taking a local path: " + offending + " (all: " + types + ")");
  }

  private static void check(String where, String name, Type type, List<String> offending, Set<Type> seen) {
    if (!seen.add(type)) return;
    Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType()
        : type instanceof Class<?> c ? c : Object.class;
    if (Path.class.isAssignableFrom(raw) || File.class.isAssignableFrom(raw) || InputStream.class.isAssignableFrom(raw)
        || (raw == String.class && PATH_LIKE.matcher(name).matches())) {
      offending.add(where + ": " + type.getTypeName() + " " + name + ")");
    }
    if (type instanceof ParameterizedType pt) {
      for (Type arg : pt.getActualTypeArguments()) check(where, name, arg, offending, seen);
    }
    if (raw.isRecord()) {
      for (RecordComponent c : raw.getRecordComponents()) {
        check(where + "." + c.getName(), c.getName(), c.getGenericType(), offending, seen);
      }
    }
  }
}
