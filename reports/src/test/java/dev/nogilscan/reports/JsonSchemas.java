package dev.nogilscan.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.List;

/**
 * Validates JSON documents against a JSON Schema with the dialect the schema names in its {@code
 * $schema} (draft-04 for SARIF, 2020-12 for the report); formats such as {@code uri} and {@code
 * date-time} are asserted, not just annotated.
 */
final class JsonSchemas {
  static final ObjectMapper JSON = new ObjectMapper();

  private final Schema schema;

  private JsonSchemas(Schema schema) {
    this.schema = schema;
  }

  static JsonSchemas of(String schemaText) throws Exception {
    JsonNode node = JSON.readTree(schemaText);
    SpecificationVersion dialect =
        SpecificationVersion.fromSchemaNode(node)
            .orElseThrow(() -> new IllegalArgumentException("the schema names no $schema dialect"));
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            dialect,
            b ->
                b.schemaRegistryConfig(
                    com.networknt.schema.SchemaRegistryConfig.builder()
                        .formatAssertionsEnabled(true)
                        .build()));
    return new JsonSchemas(registry.getSchema(node));
  }

  /** One line per violation ({@code instance location: message}); empty when valid. */
  List<String> violations(String document) throws Exception {
    return violations(JSON.readTree(document));
  }

  List<String> violations(JsonNode document) {
    List<Error> errors = schema.validate(document);
    return errors.stream().map(e -> e.getInstanceLocation() + ": " + e.getMessage()).toList();
  }
}
