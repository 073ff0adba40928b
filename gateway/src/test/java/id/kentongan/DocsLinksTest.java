package id.kentongan;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every link between the README and the documents in docs/ leads somewhere: the file exists and, where
 * the link names a section ({@code file.md#anchor}), that file has a heading of that anchor. A section
 * renamed or a document moved without its links fails here, not in the hands of a technician.
 */
class DocsLinksTest {

    private static final Path TOP = Path.of("..");
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    @Test
    void every_relative_link_in_the_readme_and_docs_leads_to_an_existing_file_and_heading() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(TOP.resolve("README.md"));
        try (Stream<Path> s = Files.list(TOP.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : docs) {
            Matcher m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http:, https:, mailto: are not ours to check
                }
                checked++;
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path to = file.isEmpty() ? doc : doc.resolveSibling(file).normalize();
                if (!Files.exists(to)) {
                    broken.add(TOP.relativize(doc) + ": " + target + " (no such file)");
                } else if (anchor != null && to.toString().endsWith(".md") && !anchors(to).contains(anchor)) {
                    broken.add(TOP.relativize(doc) + ": " + target + " (no such heading in " + to.getFileName() + ")");
                }
            }
        }
        assertTrue(checked > 20, "the README links its documents: " + checked + " links found");
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    @Test
    void the_readme_stays_short_and_links_every_document() throws IOException {
        String readme = Files.readString(TOP.resolve("README.md"));
        long lines = readme.lines().count();
        assertTrue(lines <= 200, "the README fits on a few screens: " + lines + " lines");
        try (Stream<Path> s = Files.list(TOP.resolve("docs"))) {
            List<String> unlinked = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".md"))
                    .filter(n -> !readme.contains("docs/" + n)).sorted().toList();
            assertTrue(unlinked.isEmpty(), "documents the README does not link: " + unlinked);
        }
    }

    /** GitHub's anchors: the heading lower-cased, punctuation dropped, spaces to hyphens. */
    private static Set<String> anchors(Path md) throws IOException {
        Set<String> out = new HashSet<>();
        boolean fence = false;
        for (String line : Files.readAllLines(md)) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            if (!fence && line.startsWith("#")) {
                String h = line.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT);
                out.add(h.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return out;
    }
}
