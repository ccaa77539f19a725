package io.nestauth.generated.drift;

import org.openapitools.openapidiff.core.OpenApiCompare;
import org.openapitools.openapidiff.core.model.ChangedOpenApi;
import org.openapitools.openapidiff.core.model.ChangedOperation;
import org.openapitools.openapidiff.core.model.Endpoint;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares spec/ (what the SDK is built for) with a backend's OpenAPI document and reports the
 * differences: breaking ones (the SDK's calls or readings could fail) and the rest.
 *
 * <p>Run: {@code mvn -q -pl nestauth-generated test-compile exec:java@drift -Dnestauth.drift.against=PATH_OR_URL}.
 * Exit status 1 when a breaking difference exists, 0 otherwise.
 */
public final class SpecDrift {
  private SpecDrift() {
  }

  /** What the comparison found. */
  public record Report(boolean breaking, List<String> breakingChanges, List<String> otherChanges) {
    public boolean isEmpty() {
      return breakingChanges.isEmpty() && otherChanges.isEmpty();
    }
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: SpecDrift <spec/nest-auth.openapi.yaml> <backend document: path or URL>");
      System.exit(2);
    }
    Report report = compare(args[0], args[1]);
    print(report, System.out);
    System.exit(report.breaking() ? 1 : 0);
  }

  /** Compares the two documents; locations are file paths or URLs. */
  public static Report compare(String sdkSpec, String backendDocument) {
    ChangedOpenApi diff = OpenApiCompare.fromLocations(location(sdkSpec), location(backendDocument));
    List<String> breaking = new ArrayList<>();
    List<String> other = new ArrayList<>();
    for (Endpoint missing : diff.getMissingEndpoints()) {
      breaking.add("removed by the backend: " + missing.getMethod() + " " + missing.getPathUrl());
    }
    for (Endpoint added : diff.getNewEndpoints()) {
      other.add("only in the backend: " + added.getMethod() + " " + added.getPathUrl());
    }
    for (ChangedOperation changed : diff.getChangedOperations()) {
      String what = changed.getHttpMethod() + " " + changed.getPathUrl() + ": " + describe(changed);
      if (changed.isIncompatible()) {
        breaking.add("changed incompatibly: " + what);
      } else {
        other.add("changed compatibly: " + what);
      }
    }
    return new Report(diff.isIncompatible(), breaking, other);
  }

  private static String describe(ChangedOperation changed) {
    List<String> parts = new ArrayList<>();
    if (changed.getRequestBody() != null) {
      parts.add("request body");
    }
    if (changed.getParameters() != null) {
      parts.add("parameters");
    }
    if (changed.getApiResponses() != null) {
      parts.add("responses");
    }
    if (changed.getSecurityRequirements() != null) {
      parts.add("security");
    }
    if (changed.getOperationId() != null) {
      parts.add("operationId");
    }
    return parts.isEmpty() ? "metadata" : String.join(", ", parts);
  }

  private static String location(String pathOrUrl) {
    if (pathOrUrl.startsWith("http://") || pathOrUrl.startsWith("https://") || pathOrUrl.startsWith("file:")) {
      return pathOrUrl;
    }
    Path path = Path.of(pathOrUrl).toAbsolutePath();
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException("no such file: " + path);
    }
    return path.toString();
  }

  /** Prints the report, breaking differences first. */
  public static void print(Report report, PrintStream out) {
    out.println("Breaking differences (" + report.breakingChanges().size() + "):");
    report.breakingChanges().forEach(line -> out.println("  - " + line));
    out.println("Other differences (" + report.otherChanges().size() + "):");
    report.otherChanges().forEach(line -> out.println("  - " + line));
    out.println(report.breaking() ? "RESULT: BREAKING" : "RESULT: compatible");
    out.flush();
  }

}
