package dev.poslake.catalog.rest;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.rest.CatalogHandlers;
import org.apache.iceberg.rest.Endpoint;
import org.apache.iceberg.rest.RESTCatalogProperties;
import org.apache.iceberg.rest.RESTSerializers;
import org.apache.iceberg.rest.RESTUtil;
import org.apache.iceberg.rest.responses.ConfigResponse;

/**
 * The read side of the Iceberg REST catalog API ({@code /v1/config}, namespaces, tables), answered by
 * {@link CatalogHandlers} on the pipeline's catalog. Anything else is 405 (a write) or 404.
 */
final class RestRoutes {
  /** What the server answers: a status and a JSON body (null: none). */
  record Reply(int status, String json) {}

  /** What {@code /v1/config} announces; clients then call nothing else. */
  static final List<Endpoint> ENDPOINTS = List.of(Endpoint.V1_LIST_NAMESPACES, Endpoint.V1_LOAD_NAMESPACE,
      Endpoint.V1_NAMESPACE_EXISTS, Endpoint.V1_LIST_TABLES, Endpoint.V1_LOAD_TABLE, Endpoint.V1_TABLE_EXISTS);

  private static final String SEPARATOR = "%1F"; // the REST spec's default namespace separator

  private final Catalog catalog;
  private final SupportsNamespaces namespaces;
  private final Map<String, String> clientDefaults;
  private final ObjectMapper json = mapper();

  RestRoutes(Catalog catalog, Map<String, String> clientDefaults) {
    this.catalog = catalog;
    this.namespaces = (SupportsNamespaces) catalog;
    this.clientDefaults = new java.util.HashMap<>(clientDefaults); // the builder asks containsKey(null)
  }

  Reply route(String method, URI uri) {
    // raw segments: a namespace may hold an encoded separator, which decodeNamespace splits on
    List<String> path = Arrays.stream(uri.getRawPath().split("/")).filter(s -> !s.isEmpty()).toList();
    boolean read = "GET".equals(method) || "HEAD".equals(method);
    if (path.size() < 2 || !"v1".equals(path.get(0))) return RestCatalogServer.error(404, "NotFound", "no such route");
    if (!read) {
      return RestCatalogServer.error(405, "NotAllowed",
          "this REST catalog is read-only: the pipeline is the only writer of its tables");
    }
    boolean head = "HEAD".equals(method);
    if (path.size() == 2 && "config".equals(path.get(1))) {
      return ok(ConfigResponse.builder().withDefaults(clientDefaults).withEndpoints(ENDPOINTS).build());
    }
    if (!"namespaces".equals(path.get(1))) return RestCatalogServer.error(404, "NotFound", "no such route");
    if (path.size() == 2) {
      String parent = query(uri, "parent");
      Namespace p = parent == null ? Namespace.empty() : RESTUtil.namespaceFromQueryParam(parent);
      return ok(CatalogHandlers.listNamespaces(namespaces, p));
    }
    Namespace ns = RESTUtil.decodeNamespace(path.get(2), SEPARATOR);
    if (path.size() == 3) {
      if (head) {
        CatalogHandlers.namespaceExists(namespaces, ns);
        return new Reply(204, null);
      }
      return ok(CatalogHandlers.loadNamespace(namespaces, ns));
    }
    if (!"tables".equals(path.get(3))) return RestCatalogServer.error(404, "NotFound", "no such route");
    if (path.size() == 4) return ok(CatalogHandlers.listTables(catalog, ns));
    if (path.size() == 5) {
      TableIdentifier id = TableIdentifier.of(ns, URLDecoder.decode(path.get(4), StandardCharsets.UTF_8));
      if (head) {
        CatalogHandlers.tableExists(catalog, id);
        return new Reply(204, null);
      }
      return ok(CatalogHandlers.loadTable(catalog, id, RESTCatalogProperties.SnapshotMode.ALL));
    }
    return RestCatalogServer.error(404, "NotFound", "no such route");
  }

  private Reply ok(Object response) {
    try {
      return new Reply(200, json.writeValueAsString(response));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the REST response: " + e.getMessage(), e);
    }
  }

  private static String query(URI uri, String name) {
    String q = uri.getRawQuery();
    if (q == null) return null;
    for (String pair : q.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** As Iceberg's own REST client and server map their messages (kebab-case fields, Iceberg's serializers). */
  private static ObjectMapper mapper() {
    ObjectMapper m = new ObjectMapper();
    m.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
    m.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    m.setPropertyNamingStrategy(new PropertyNamingStrategies.KebabCaseStrategy());
    RESTSerializers.registerAll(m);
    return m;
  }
}
