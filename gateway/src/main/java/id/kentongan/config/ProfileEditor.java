package id.kentongan.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adds a field node to a site profile by editing its text, so the technician's comments and layout
 * stay as they were. The edited text is loaded and checked whole before it replaces the file (written
 * beside it, then moved over it), so the profile is never left half-edited or invalid. Owner thread.
 */
public final class ProfileEditor {

    private ProfileEditor() {
    }

    /**
     * @param nodeEntry the node as one YAML flow mapping, e.g. {@code { id: masjid-2, zone: z1 }}
     * @return the profile as loaded from the edited file
     */
    public static SiteProfile addNode(Path profile, String nodeEntry) throws IOException, ProfileException {
        Edit e = prepare(profile, nodeEntry);
        e.apply();
        return e.profile();
    }

    /** An edit checked whole and not yet written, so that other steps can go first. */
    public record Edit(Path file, String text, SiteProfile profile) {
        /** Writes beside the profile, then moves over it. */
        public void apply() throws IOException {
            Path tmp = file.resolveSibling(file.getFileName() + ".new");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /** The profile with the node added, loaded and checked; nothing is written. */
    public static Edit prepare(Path profile, String nodeEntry) throws IOException, ProfileException {
        String edited = withNode(Files.readString(profile, StandardCharsets.UTF_8), nodeEntry);
        return new Edit(profile, edited, ProfileLoader.load(profile, new StringReader(edited)));
    }

    /** The profile text with {@code nodeEntry} appended to {@code field.nodes}, creating them if needed. */
    static String withNode(String text, String nodeEntry) {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
        if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);
        }
        int field = indexOf(lines, 0, lines.size(), 0, "field:");
        if (field < 0) {
            lines.add("");
            lines.add("field:");
            lines.add("  nodes:");
            lines.add("    - " + nodeEntry);
            return String.join("\n", lines) + "\n";
        }
        int fieldEnd = blockEnd(lines, field, 0);
        int nodes = -1;
        int nodesIndent = -1;
        for (int i = field + 1; i < fieldEnd; i++) {
            String t = lines.get(i).stripLeading();
            if (t.startsWith("nodes:")) {
                nodes = i;
                nodesIndent = lines.get(i).length() - t.length();
                break;
            }
        }
        if (nodes < 0) {
            lines.add(fieldEnd, "    - " + nodeEntry);
            lines.add(fieldEnd, "  nodes:");
            return String.join("\n", lines) + "\n";
        }
        int nodesEnd = blockEnd(lines, nodes, nodesIndent);
        String itemIndent = " ".repeat(nodesIndent + 2);
        for (int i = nodes + 1; i < nodesEnd; i++) {
            String l = lines.get(i);
            if (l.stripLeading().startsWith("- ")) {
                itemIndent = l.substring(0, l.length() - l.stripLeading().length());
                break;
            }
        }
        int insertAt = nodesEnd;
        while (insertAt > nodes + 1 && lines.get(insertAt - 1).isBlank()) {
            insertAt--;
        }
        lines.add(insertAt, itemIndent + "- " + nodeEntry);
        return String.join("\n", lines) + "\n";
    }

    private static int indexOf(List<String> lines, int from, int to, int indent, String key) {
        for (int i = from; i < to; i++) {
            String l = lines.get(i);
            if (l.startsWith(" ".repeat(indent) + key) && (indent == 0 || !Character.isWhitespace(l.charAt(indent)))) {
                return i;
            }
        }
        return -1;
    }

    /** First line after {@code start}'s block: a non-blank, non-comment line indented at most {@code indent}. */
    private static int blockEnd(List<String> lines, int start, int indent) {
        for (int i = start + 1; i < lines.size(); i++) {
            String l = lines.get(i);
            String t = l.stripLeading();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            if (l.length() - t.length() <= indent && !(t.startsWith("- ") && l.length() - t.length() == indent
                    && indent > 0)) {
                int end = i;
                while (end > start + 1 && (lines.get(end - 1).isBlank() || lines.get(end - 1).stripLeading()
                        .startsWith("#"))) {
                    end--;
                }
                return end;
            }
        }
        return lines.size();
    }
}
