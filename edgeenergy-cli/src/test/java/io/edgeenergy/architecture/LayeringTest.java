package io.edgeenergy.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import io.edgeenergy.Energy;
import io.edgeenergy.micrometer.EdgeEnergyMetrics;
import io.edgeenergy.onnx.OnnxBackend;
import io.edgeenergy.runtime.meter.EnergyMeters;
import io.edgeenergy.tflite.TfliteBackend;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules of the house from DESIGN.md, checked on the compiled jars of each module (a module is
 * the code source its classes come from, not a package prefix: api's root package {@code
 * io.edgeenergy} is a prefix of every other module's packages).
 */
class LayeringTest {
  private static final JavaClasses API = classesOf(Energy.class);
  private static final JavaClasses RUNTIME = classesOf(EnergyMeters.class);
  private static final JavaClasses ONNX = classesOf(OnnxBackend.class);
  private static final JavaClasses TFLITE = classesOf(TfliteBackend.class);
  /** Located by a class file, not a class: loading an adapter would need the Android framework. */
  private static final JavaClasses ANDROID = classesAt("io/edgeenergy/android/AndroidEnergyMeters.class");
  private static final JavaClasses MICROMETER = classesOf(EdgeEnergyMetrics.class);

  @Test
  void apiKnowsOnlyTheJdk() {
    noClasses().should().dependOnClassesThat(outside(API).and(notJdk()))
        .because("edgeenergy-api is pure Java: it knows nothing of the OS or of a backend")
        .check(API);
  }

  @Test
  void runtimeKnowsNoBackend() {
    noClasses().should().dependOnClassesThat(in(ONNX).or(in(TFLITE)).or(inPackages("ai.onnxruntime..", "org.bytedeco..")))
        .because("the runtime (meters, DVFS) knows nothing of a backend")
        .check(RUNTIME);
  }

  @Test
  void backendsKnowNoMetersOrHints() {
    ArchRule rule = noClasses().should().dependOnClassesThat(in(RUNTIME))
        .because("a backend knows nothing of meters or DVFS: the pipeline meets them through api interfaces");
    rule.check(ONNX);
    rule.check(TFLITE);
  }

  @Test
  void backendsDoNotReachEachOther() {
    noClasses().should().dependOnClassesThat(in(TFLITE)).check(ONNX);
    noClasses().should().dependOnClassesThat(in(ONNX)).check(TFLITE);
  }

  @Test
  void androidKnowsOnlyTheApiAndAndroid() {
    noClasses().should().dependOnClassesThat(outside(ANDROID).and(outside(API)).and(notJdk())
            .and(DescribedPredicate.not(inPackages("android..", "androidx.."))))
        .because("edgeenergy-android adapts Android's own APIs to the api's interfaces: no Linux runtime, no backend")
        .check(ANDROID);
  }

  @Test
  void micrometerKnowsOnlyTheApiAndMicrometer() {
    noClasses().should().dependOnClassesThat(outside(MICROMETER).and(outside(API)).and(notJdk())
            .and(DescribedPredicate.not(inPackages("io.micrometer.."))))
        .because("the Micrometer binder reads the api's pipeline and ledger only")
        .check(MICROMETER);
  }

  /** The runtime's packages by concern (#14): meters, profiles, hints and thermal zones stay apart. */
  @Test
  void runtimePackagesKeepToTheirConcern() {
    String meter = "io.edgeenergy.runtime.meter..";
    String profile = "io.edgeenergy.runtime.profile..";
    String hints = "io.edgeenergy.runtime.hints..";
    String thermal = "io.edgeenergy.runtime.thermal..";
    noClasses().that().resideInAPackage(meter).should().dependOnClassesThat().resideInAnyPackage(hints, thermal)
        .because("meters know no hints or thermal zones").check(RUNTIME);
    noClasses().that().resideInAPackage(profile).should().dependOnClassesThat().resideInAnyPackage(meter, hints, thermal)
        .because("a power profile is data: it knows no meter, hint or thermal zone").check(RUNTIME);
    noClasses().that().resideInAPackage(hints).should().dependOnClassesThat()
        .resideInAnyPackage(meter, profile, thermal, "io.edgeenergy.runtime.internal")
        .because("DVFS hints act on the OS; they know no meter, profile or thermal zone").check(RUNTIME);
    noClasses().that().resideInAPackage(thermal).should().dependOnClassesThat()
        .resideInAnyPackage(meter, profile, hints, "io.edgeenergy.runtime.internal")
        .because("thermal zones know no meter, profile or hint").check(RUNTIME);
    noClasses().that().resideOutsideOfPackage(hints).should().dependOnClassesThat()
        .resideInAPackage("io.edgeenergy.runtime.hints.internal..")
        .because("the hints' internals are the hints' own").check(RUNTIME);
    noClasses().that().resideInAPackage("io.edgeenergy.runtime.internal.sysfs..").should().dependOnClassesThat()
        .resideInAnyPackage(meter, profile, hints, thermal, "io.edgeenergy.runtime.internal")
        .because("the one sysfs reader serves every concern and knows none of them").check(RUNTIME);
  }

  @Test
  void noModuleReachesAnotherModulesInternals() {
    ArchRule apiInternal = noClasses().should().dependOnClassesThat(
        inPackages("io.edgeenergy.internal.."))
        .because("api's internal package is api's own; backends build on the public io.edgeenergy.model.spi");
    apiInternal.check(RUNTIME);
    apiInternal.check(ONNX);
    apiInternal.check(TFLITE);
    apiInternal.check(ANDROID);
    apiInternal.check(MICROMETER);
    noClasses().should().dependOnClassesThat(inPackages("io.edgeenergy.runtime..internal..")).check(ONNX);
    noClasses().should().dependOnClassesThat(inPackages("io.edgeenergy.onnx.internal..")).check(RUNTIME);
    noClasses().should().dependOnClassesThat(inPackages("io.edgeenergy.tflite.internal..")).check(RUNTIME);
  }

  static JavaClasses classesOf(Class<?> anyClassOfModule) {
    try {
      var location = anyClassOfModule.getProtectionDomain().getCodeSource().getLocation().toURI();
      return new ClassFileImporter().importLocations(Set.of(Location.of(location)));
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The classes of the module (jar or directory) that holds the class file {@code resource}. */
  static JavaClasses classesAt(String resource) {
    URL url = LayeringTest.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(resource + " is not on the test class path (a test dependency of edgeenergy-cli)");
    }
    String u = url.toString();
    String root = u.startsWith("jar:") ? u.substring("jar:".length(), u.indexOf("!/")) : u.substring(0, u.length() - resource.length());
    try {
      return new ClassFileImporter().importLocations(Set.of(Location.of(new URL(root).toURI())));
    } catch (java.io.IOException | URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static DescribedPredicate<JavaClass> in(JavaClasses module) {
    return DescribedPredicate.describe("in " + module.size() + " classes of another module",
        c -> module.contain(base(c).getName()));
  }

  private static DescribedPredicate<JavaClass> outside(JavaClasses module) {
    return DescribedPredicate.describe("outside the module", c -> !module.contain(base(c).getName()));
  }

  private static DescribedPredicate<JavaClass> notJdk() {
    return DescribedPredicate.describe("not in the JDK", c -> !base(c).isPrimitive()
        && !base(c).getPackageName().startsWith("java.") && !base(c).getPackageName().startsWith("javax."));
  }

  /** An array type belongs where its element type does. */
  private static JavaClass base(JavaClass c) {
    return c.isArray() ? c.getBaseComponentType() : c;
  }

  private static DescribedPredicate<JavaClass> inPackages(String... packages) {
    return JavaClass.Predicates.resideInAnyPackage(packages);
  }
}
