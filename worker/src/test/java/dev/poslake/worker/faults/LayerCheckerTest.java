package dev.poslake.worker.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.poslake.activities.env.PipelineResources;
import dev.poslake.activities.etl.gold.VerifyReport;
import dev.poslake.catalog.tables.InventoryChangeTable;
import dev.poslake.catalog.tables.RawInventoryChangeTable;
import dev.poslake.testing.PosStackExtension;
import dev.poslake.activities.reference.ChangeType;
import dev.poslake.activities.reference.ReferenceData;
import dev.poslake.activities.reference.ReferenceTables;
import dev.poslake.catalog.tables.PosTables;
import dev.poslake.config.PosSettings;
import dev.poslake.worker.PipelineWorker;
import dev.poslake.worker.TemporalConnection;
import dev.poslake.workflows.etl.EtlOptions;
import dev.poslake.workflows.etl.EtlWorkflow;
import dev.poslake.workflows.schedule.RunTrigger;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The fault scenarios' checker sees rows doubled and lost in bronze and silver (here made on purpose). */
@Tag("faults")
@ExtendWith(PosStackExtension.class)
class LayerCheckerTest {
  private static final VerifyReport VERIFIED = new VerifyReport(1, 0, 1, 0, List.of(), true, 0, 0, "");

  @Test
  void countsDoubledAndLostRowsPerLayer(PosStackExtension.Running stack) throws Exception {
    try (PipelineResources res = PipelineResources.open(stack.config())) {
      PosTables.ensureAll(res.catalog(), res.namespace());
      publish(res, 40);
      runEtl(stack, res);
      LayerChecker.Counts clean = LayerChecker.check(res, VERIFIED);
      assertTrue(clean.clean() && clean.bronze().rows() > 0 && clean.silver().rows() > 0, clean.toString());

      // a bronze file committed twice doubles its rows; a silver file deleted loses its rows
      Table bronze = res.catalog().loadTable(res.table(RawInventoryChangeTable.NAME));
      DataFile bronzeFile = firstFile(bronze);
      bronze.newAppend().appendFile(bronzeFile).commit();
      Table silver = res.catalog().loadTable(res.table(InventoryChangeTable.NAME));
      DataFile silverFile = firstFile(silver);
      silver.newDelete().deleteFile(silverFile).commit();
      LayerChecker.Counts broken = LayerChecker.check(res, VERIFIED);
      assertEquals(new LayerChecker.Layer(clean.bronze().rows() + bronzeFile.recordCount(), 0,
          bronzeFile.recordCount()), broken.bronze(), broken.toString());
      assertEquals(new LayerChecker.Layer(clean.silver().rows() - silverFile.recordCount(), silverFile.recordCount(),
          0), broken.silver(), broken.toString());

      // the silver file back twice: nothing lost, its rows doubled
      silver.newAppend().appendFile(silverFile).commit(); // one commit adds a file once: two commits
      silver.newAppend().appendFile(silverFile).commit();
      LayerChecker.Counts doubled = LayerChecker.check(res, VERIFIED);
      assertEquals(new LayerChecker.Layer(clean.silver().rows() + silverFile.recordCount(), 0,
          silverFile.recordCount()), doubled.silver(), doubled.toString());
      assertEquals(0, doubled.kafkaNotInBronze());
    }
  }

  /**
   * {@code count} valid transactions of 3 lines each and one of an unknown store (quarantined, so neither lost nor
   * in silver), keyed by trans_id like the generator's. Without the generator: no recount of 100,000 items to load.
   */
  private static void publish(PipelineResources res, int count) throws Exception {
    ReferenceTables reference = ReferenceTables.of(res);
    reference.ensureUploaded(0);
    reference.refresh();
    ReferenceData ref = reference.readReferenceData();
    int store = ref.stores().stream().filter(s -> !s.isOnline()).findFirst().orElseThrow().storeId();
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(res.kafkaProperties(), new StringSerializer(),
        new StringSerializer())) {
      for (int i = 0; i <= count; i++) {
        String transId = UUID.randomUUID().toString();
        int first = i * 3;
        String items = IntStream.range(0, 3).mapToObj(l -> "{\"item_id\":" + ref.items().get(first + l).itemId()
            + ",\"quantity\":-1}").collect(Collectors.joining(","));
        String json = "{\"date_time\":\"2026-11-25T10:00:00Z\",\"trans_id\":\"" + transId + "\",\"store_id\":"
            + (i == count ? 999_999 : store) + ",\"change_type_id\":" + ChangeType.SALE + ",\"items\":[" + items + "]}";
        producer.send(new ProducerRecord<>(res.topic(), transId, json)).get();
      }
    }
  }

  /** One ETL run on a worker in this JVM (`pos etl --once` would wait up to a minute for its polls to end). */
  private static void runEtl(PosStackExtension.Running stack, PipelineResources res) {
    String queue = stack.config().get(PosSettings.TEMPORAL_TASK_QUEUE);
    try (TemporalConnection temporal = TemporalConnection.connect(stack.config())) {
      WorkerFactory workers = WorkerFactory.newInstance(temporal.client());
      PipelineWorker.register(workers, queue, res);
      workers.start();
      try {
        temporal.client().newWorkflowStub(EtlWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(queue)
            .setWorkflowId("pos-etl-layer-checker").setWorkflowExecutionTimeout(Duration.ofMinutes(5)).build())
            .run(RunTrigger.manual("LayerCheckerTest"), EtlOptions.from(stack.config()));
      } finally {
        workers.shutdownNow();
      }
    }
  }

  private static DataFile firstFile(Table table) throws Exception {
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      return tasks.iterator().next().file().copy();
    }
  }
}
