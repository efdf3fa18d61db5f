package io.edgeenergy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every public or protected type, constructor, method and field of the api has a Javadoc comment,
 * by the JDK's own doclint ("no comment"). The build's doclint run leaves the "missing"
 * group off, because {@code @param}/{@code @return} on every accessor would be noise; a missing
 * comment is not.
 */
class PublicApiDocumentedTest {
  @Test
  void everyPublicElementHasAComment(@TempDir Path out) throws IOException {
    List<File> sources;
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(Path::toFile).collect(Collectors.toList());
    }
    assertThat(sources).as("api sources (run from the module directory)").hasSizeGreaterThan(50);
    // javac runs the same doclint as javadoc, without writing HTML (several times faster)
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      javac.getTask(null, files, diagnostics,
          List.of("-Xdoclint:missing/protected", "-Xmaxwarns", "100000", "-proc:none", "-d", out.toString()), null,
          files.getJavaFileObjectsFromFiles(sources)).call();
    }
    List<String> undocumented = diagnostics.getDiagnostics().stream()
        .filter(d -> d.getMessage(Locale.ROOT).startsWith("no comment"))
        .map(PublicApiDocumentedTest::where)
        .collect(Collectors.toList());
    assertThat(undocumented).as("public api elements without a Javadoc comment").isEmpty();
  }

  private static String where(Diagnostic<? extends JavaFileObject> d) {
    return (d.getSource() == null ? "?" : Path.of(d.getSource().toUri()).getFileName()) + ":" + d.getLineNumber();
  }
}
