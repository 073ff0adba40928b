package id.kentongan.it;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian package that {@code mvn package} builds, read with Debian's own tools: its fields,
 * files, modes, conffiles and maintainer scripts; then unpacked and run as a technician would run it;
 * and judged by lintian where lintian is installed.
 */
@Timeout(120)
class DebianPackageIT {

    static final Path REPO = Path.of("..").toAbsolutePath().normalize();
    static Path deb;

    @TempDir
    Path tmp;

    record Run(int exit, String output) {
    }

    static Run run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(String.join(" ", cmd) + " did not end");
        }
        return new Run(p.exitValue(), out);
    }

    static String ok(String... cmd) throws IOException, InterruptedException {
        Run r = run(Map.of(), cmd);
        assertEquals(0, r.exit(), String.join(" ", cmd) + ":\n" + r.output());
        return r.output();
    }

    @BeforeAll
    static void findThePackage() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            List<Path> debs = files.filter(p -> p.getFileName().toString().matches("kentongan_.+_all\\.deb")).toList();
            assertEquals(1, debs.size(), "one package in target/: " + debs);
            deb = debs.get(0).toAbsolutePath();
        }
    }

    @Test
    void fields_say_what_a_pi_needs() throws Exception {
        assertEquals("kentongan", ok("dpkg-deb", "-f", deb.toString(), "Package").strip());
        assertEquals("all", ok("dpkg-deb", "-f", deb.toString(), "Architecture").strip());
        String depends = ok("dpkg-deb", "-f", deb.toString(), "Depends").strip();
        assertTrue(depends.contains("openjdk-21-jre-headless | java21-runtime-headless"), depends);
        assertTrue(depends.contains("adduser") && depends.contains("libsystemd0"), depends);
        String version = ok("dpkg-deb", "-f", deb.toString(), "Version").strip();
        assertTrue(deb.getFileName().toString().equals("kentongan_" + version + "_all.deb"), version);
    }

    @Test
    void files_modes_and_conffiles_are_as_the_unit_and_the_readme_expect() throws Exception {
        List<String> listing = ok("dpkg-deb", "-c", deb.toString()).lines().toList();
        assertMode(listing, "-rwxr-xr-x root/root", "./usr/bin/kentongan");
        assertMode(listing, "-rw-r--r-- root/root", "./usr/share/kentongan/kentongan-gateway.jar");
        assertMode(listing, "-rw-r--r-- root/root", "./usr/lib/systemd/system/kentongan.service");
        assertMode(listing, "-rw-r--r-- root/root", "./etc/kentongan/site.yaml");
        assertMode(listing, "-rw------- root/root", "./etc/kentongan/secrets.yaml");
        // the technician's and the integrator's documents travel with the package; the README links them
        for (String doc : List.of("install.md", "site-profile.md", "security.md", "monitoring.md", "journal.md",
                "mqtt.md", "centre.md", "field-nodes.md", "reports.md", "report-month.png", "sms.md")) {
            assertMode(listing, "-rw-r--r-- root/root", "./usr/share/doc/kentongan/docs/" + doc);
        }

        Path control = tmp.resolve("control");
        ok("dpkg-deb", "-e", deb.toString(), control.toString());
        assertEquals(List.of("/etc/kentongan/site.yaml", "/etc/kentongan/secrets.yaml"),
                Files.readAllLines(control.resolve("conffiles")));

        // unpacked, the files are the repository's own, and the jar finds every library it names
        Path root = tmp.resolve("root");
        ok("dpkg-deb", "-x", deb.toString(), root.toString());
        assertSame(REPO.resolve("kentongan"), root.resolve("usr/bin/kentongan"));
        assertSame(REPO.resolve("systemd/kentongan.service"), root.resolve("usr/lib/systemd/system/kentongan.service"));
        assertSame(REPO.resolve("firmware-config/sites/sukamaju-rt03.yaml"), root.resolve("etc/kentongan/site.yaml"));
        // what the installer copies into place (gammu-smsd, Mosquitto and its ACL, the dashboard, the Pi's
        // boot lines, the node template) comes with the package, byte for byte the repository's
        for (String dir : List.of("gammu", "mosquitto", "grafana", "raspberrypi", "field-node")) {
            try (var files = Files.list(REPO.resolve("firmware-config").resolve(dir))) {
                for (Path f : files.toList()) {
                    assertSame(f, root.resolve("usr/share/doc/kentongan/examples").resolve(dir).resolve(f.getFileName()));
                }
            }
        }
        try (JarFile jar = new JarFile(root.resolve("usr/share/kentongan/kentongan-gateway.jar").toFile())) {
            String classPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
            List<String> missing = Arrays.stream(classPath.split(" ")).filter(s -> !s.isBlank())
                    .filter(lib -> !Files.exists(root.resolve("usr/share/kentongan").resolve(lib))).toList();
            assertEquals(List.of(), missing, "libraries the jar names but the package lacks");
        }
    }

    @Test
    void maintainer_scripts_parse_and_do_what_the_readme_says() throws Exception {
        Path control = tmp.resolve("control");
        ok("dpkg-deb", "-e", deb.toString(), control.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            Path s = control.resolve(script);
            assertTrue(Files.isExecutable(s), script + " is executable");
            assertTrue(Files.readString(s).startsWith("#!/bin/sh\n"), script + " runs under /bin/sh");
            ok("bash", "-n", s.toString());
            ok("sh", "-n", s.toString()); // dash on Debian: what dpkg really runs
        }
        String postinst = Files.readString(control.resolve("postinst"));
        for (String step : List.of("adduser --system --group --home /var/lib/kentongan --no-create-home kentongan",
                "getent group gpio", "adduser kentongan gpio", "chmod 0600 /etc/kentongan/secrets.yaml",
                "deb-systemd-helper enable kentongan.service", "deb-systemd-invoke \"$action\" kentongan.service",
                "if [ -d /run/systemd/system ]")) {
            assertTrue(postinst.contains(step), "postinst: " + step);
        }
        String prerm = Files.readString(control.resolve("prerm"));
        assertTrue(prerm.contains("[ \"$1\" = remove ]") && prerm.contains("deb-systemd-invoke stop kentongan.service"),
                "prerm stops the service on remove (not on upgrade)");
        String postrm = Files.readString(control.resolve("postrm"));
        assertTrue(postrm.contains("deb-systemd-helper purge kentongan.service")
                && postrm.contains("rm -rf /var/lib/kentongan"), "postrm forgets the unit and the state on purge");
    }

    @Test
    void the_unpacked_launcher_runs_the_packaged_jar_and_the_packaged_unit_verifies() throws Exception {
        Path root = tmp.resolve("root");
        ok("dpkg-deb", "-x", deb.toString(), root.toString());
        Map<String, String> env = Map.of("KENTONGAN_JAR",
                root.resolve("usr/share/kentongan/kentongan-gateway.jar").toString());
        String launcher = root.resolve("usr/bin/kentongan").toString();

        Run version = run(env, launcher, "--version");
        assertEquals(0, version.exit(), version.output());
        String debVersion = ok("dpkg-deb", "-f", deb.toString(), "Version").strip();
        assertEquals("kentongan " + debVersion.replace('~', '-'), version.output().strip());

        Run help = run(env, launcher, "--help");
        assertEquals(0, help.exit(), help.output());
        assertTrue(help.output().contains("run") && help.output().contains("status"), help.output());

        Run check = run(env, launcher, "check", root.resolve("etc/kentongan/site.yaml").toString());
        assertEquals(0, check.exit(), "the packaged profile is sound:\n" + check.output());

        // systemd's check of the unit as installed: ExecStart must name the packaged launcher
        Path units = root.resolve("usr/lib/systemd/system");
        try (Stream<Path> host = Files.list(Path.of("/usr/lib/systemd/system"))) {
            for (Path t : host.filter(p -> p.getFileName().toString().endsWith(".target")).toList()) {
                Files.copy(t, units.resolve(t.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Run verify = run(Map.of(), "systemd-analyze", "verify", "--root=" + root, "kentongan.service");
        assertEquals(0, verify.exit(), verify.output());
    }

    @Test
    void lintian_finds_no_error_or_warning() throws Exception {
        boolean installed = Files.isExecutable(Path.of("/usr/bin/lintian"));
        Assumptions.assumeTrue(installed, "lintian is not installed (it brings ~150 Debian packages, too many for "
                + "every CI run): 'apt-get install lintian' to run this check");
        Run r = run(Map.of(), "lintian", "--tag-display-limit", "0", deb.toString());
        List<String> findings = new ArrayList<>(r.output().lines()
                .filter(l -> l.startsWith("E:") || l.startsWith("W:")).toList());
        assertEquals(List.of(), findings, r.output());
    }

    static void assertMode(List<String> listing, String modeAndOwner, String path) {
        assertTrue(listing.stream().anyMatch(l -> l.startsWith(modeAndOwner) && l.endsWith(" " + path)),
                path + " as " + modeAndOwner + " in:\n" + String.join("\n", listing));
    }

    static void assertSame(Path expected, Path actual) throws IOException {
        assertEquals(-1L, Files.mismatch(expected, actual), actual + " is " + expected);
    }
}
