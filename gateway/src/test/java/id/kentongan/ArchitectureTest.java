package id.kentongan;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The layering of the gateway's packages, pinned, so that it stays what docs/architecture.md says:
 * the domain (alert, clock) at the bottom, the dispatch loop above it, the site profile and the journal
 * above that, the adapters at the edge (each knowing the core, never another adapter), and only the
 * composition root ({@code post}) and the command line knowing everything. Transport libraries stay in
 * their adapter. A package added without a line here fails, so a new part has to say where it stands.
 */
class ArchitectureTest {

    private static final String ROOT = "id.kentongan";

    /** Each package and the packages of ours it may use. */
    private static final Map<String, Set<String>> MAY_USE = new LinkedHashMap<>();

    static {
        Set<String> core = Set.of("alert", "clock", "dispatch", "config", "journal");
        MAY_USE.put("alert", Set.of());
        MAY_USE.put("clock", Set.of());
        MAY_USE.put("dispatch", Set.of("alert", "clock"));
        MAY_USE.put("config", Set.of("alert", "clock", "dispatch"));
        MAY_USE.put("journal", Set.of("alert", "clock", "dispatch", "config"));
        for (String adapter : List.of("hardware", "field", "uplink", "observability", "report", "sms", "ronda")) {
            MAY_USE.put(adapter, core);
        }
        Set<String> all = new TreeSet<>(MAY_USE.keySet());
        MAY_USE.put("post", all);                      // the composition root: wires every part
        Set<String> benchMayUse = new TreeSet<>(all);
        benchMayUse.add("post");
        MAY_USE.put("bench", benchMayUse);             // measures the parts and whole posts, never the CLI
        Set<String> cliMayUse = new TreeSet<>(benchMayUse);
        cliMayUse.add("bench");
        MAY_USE.put("cli", cliMayUse);                 // parses the command line; nothing uses it
    }

    /** Libraries that only one part may speak, beside the bench (its baselines) and the command line. */
    private static final Map<String, String> LIBRARY_OF = Map.of(
            "com.pi4j..", "hardware",
            "org.eclipse.californium..", "field",
            "io.moquette..", "uplink",
            "io.micrometer..", "observability");

    private static JavaClasses classes;

    @BeforeAll
    static void importMain() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void every_package_has_a_place_in_the_layering() {
        Set<String> packages = new TreeSet<>();
        classes.forEach(c -> {
            String rest = c.getPackageName().substring(ROOT.length());
            if (rest.startsWith(".")) {
                packages.add(rest.substring(1).split("\\.")[0]);
            }
        });
        Set<String> unplaced = new TreeSet<>(packages);
        unplaced.removeAll(MAY_USE.keySet());
        assertEquals(Set.of(), unplaced, "packages with no line in ArchitectureTest.MAY_USE: say what they may use");
    }

    @Test
    void each_package_uses_only_the_packages_below_it() {
        List<String> violations = new ArrayList<>();
        MAY_USE.forEach((pkg, allowed) -> {
            List<String> forbidden = MAY_USE.keySet().stream()
                    .filter(p -> !p.equals(pkg) && !allowed.contains(p)).map(p -> ROOT + "." + p + "..").toList();
            if (forbidden.isEmpty()) {
                return;
            }
            EvaluationResult r = noClasses().that().resideInAPackage(ROOT + "." + pkg + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(forbidden.toArray(String[]::new))
                    .allowEmptyShould(true).evaluate(classes);
            r.getFailureReport().getDetails().forEach(violations::add);
        });
        assertTrue(violations.isEmpty(), violations.size() + " forbidden dependencies:\n"
                + String.join("\n", violations.subList(0, Math.min(40, violations.size()))));
    }

    @Test
    void no_package_cycles() {
        EvaluationResult r = slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().evaluate(classes);
        assertTrue(!r.hasViolation(), r.getFailureReport().toString());
    }

    @Test
    void transport_libraries_stay_in_their_adapter() {
        List<String> violations = new ArrayList<>();
        LIBRARY_OF.forEach((library, owner) -> {
            EvaluationResult r = noClasses().that().resideInAPackage(ROOT + "..")
                    .and().resideOutsideOfPackages(ROOT + "." + owner + "..", ROOT + ".bench..", ROOT + ".post..")
                    .should().dependOnClassesThat().resideInAPackage(library).evaluate(classes);
            r.getFailureReport().getDetails().forEach(violations::add);
        });
        // the core speaks no transport at all: MQTT, CoAP, GPIO and SQL are the adapters' business
        EvaluationResult core = noClasses().that().resideInAnyPackage(ROOT + ".alert..", ROOT + ".dispatch..",
                        ROOT + ".clock..", ROOT + ".config..")
                .should().dependOnClassesThat().resideInAnyPackage("org.eclipse.paho..", "java.sql..", "org.sqlite..")
                .evaluate(classes);
        core.getFailureReport().getDetails().forEach(violations::add);
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }
}
