package id.kentongan.config;


import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The register: the phone numbers of the phone tree's people and of the residents, by zone, with the
 * language each wants (Bahasa Indonesia unless said). Personal data, so it lives in its own file beside
 * the secrets file, the service's alone (a file others may read is refused, as the secrets file is),
 * never in the profile; nothing prints a number from it but masked, and the journal names people by
 * their key. Hundreds of residents per zone are fine.
 *
 * <pre>
 * # Kentongan register: chmod 600, owned by the service user.
 * people:
 *   ketua-rt:        { number: "+628004567890", role: "Ketua RT 03" }
 *   bhabinkamtibmas: { number: "0812-3456-7891", role: "Bhabinkamtibmas", lang: id }
 * residents:
 *   rw05-utara:
 *     - { id: u001, number: "+628004567892" }
 *     - { id: u002, number: "+628004567893", lang: en }
 * </pre>
 *
 * The night watch's guards (ronda, #14) are under {@code guards}, by the short name the profile's roster
 * uses, each with the UID of the card they tap (uppercase hex, as the reader gives it) and/or the number
 * they text {@code RONDA} from:
 *
 * <pre>
 * guards:
 *   budi: { card: "04A1B2C3", number: "+628004567894" }
 *   agus: { card: "04D4E5F6" }
 * </pre>
 *
 * Keys (people's keys, residents' ids) are unique across the file and are what the journal keeps: give
 * a resident a lasting id (a house number, say), so a message queued before an edit still finds them.
 * Immutable; any thread.
 */
public final class Register implements Directory {

    /** The file is outside input too: bounded before it is parsed (some 40,000 residents fit). */
    static final long MAX_BYTES = 4L * 1024 * 1024;
    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]{0,47}");
    private static final Set<String> LANGS = Set.of("id", "en");
    /** A card's UID: 4, 7 or 10 bytes (ISO 14443) as the reader gives it, in uppercase hex. */
    public static final Pattern CARD = Pattern.compile("([0-9A-F]{2}){4,10}");

    private final Path file;
    private final String countryCode;
    private final Map<String, Entry> people;
    private final Map<String, List<Entry>> residents;
    private final Map<String, String> numbers;
    private final Map<String, Entry> byNumber;
    private final Map<String, Entry> byKey = new HashMap<>();
    private Map<String, String> guardByCard = Map.of();
    private Map<String, String> guardByNumber = Map.of();
    private Set<String> guards = Set.of();

    private Register(Path file, String countryCode, Map<String, Entry> people, Map<String, List<Entry>> residents,
                     Map<String, String> numbers, Map<String, Entry> byNumber) {
        this.file = file;
        this.countryCode = countryCode;
        this.people = Map.copyOf(people);
        this.residents = Map.copyOf(residents);
        this.numbers = Map.copyOf(numbers);
        this.byNumber = Map.copyOf(byNumber);
        this.byKey.putAll(this.people);
        this.residents.values().forEach(l -> l.forEach(r -> byKey.put(r.key(), r)));
    }

    /** No one: a post whose profile has SMS but whose register is not there yet. */
    public static Register empty(Path file, String countryCode) {
        return new Register(file, countryCode, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * Reads the register; every problem with its line, all at once. Numbers are never quoted in a problem.
     *
     * @param zones the profile's zones: a zone of residents must be one of them
     */
    public static Register load(Path file, String countryCode, List<String> zones) throws ProfileException {
        Problems problems = new Problems(file);
        String text;
        try {
            Secrets.privateOnly(file, "the register (phone numbers)", problems);
            if (Files.size(file) > MAX_BYTES) {
                problems.add(1, "the register is larger than " + MAX_BYTES / (1024 * 1024) + " MB");
                problems.throwIfAny();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProfileException(List.of(file + ":1: cannot read the register: " + e.getMessage()));
        }
        Map<String, Entry> people = new LinkedHashMap<>();
        Map<String, List<Entry>> residents = new LinkedHashMap<>();
        Map<String, String> numbers = new HashMap<>();
        Map<String, Entry> byNumber = new HashMap<>();
        if (text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            return new Register(file, countryCode, people, residents, numbers, byNumber);
        }
        Yaml.Section root = Yaml.parse(new StringReader(text), problems);
        if (root != null) {
            root.allowOnly(Set.of("people", "residents", "guards"));
            Yaml.Section ps = root.optionalSection("people");
            if (ps != null) {
                for (var e : ps.entries().entrySet()) {
                    Yaml.Section p = ps.asSection(e.getValue(), "people." + e.getKey());
                    if (p == null) {
                        continue;
                    }
                    p.allowOnly(Set.of("number", "role", "lang"));
                    String key = key(e.getKey(), ps.line(e.getKey()), numbers, problems);
                    String number = number(p, countryCode, problems);
                    String lang = lang(p, problems);
                    if (key != null && number != null) {
                        Entry entry = new Entry(key, null, lang, p.string("role", key), true);
                        people.put(key, entry);
                        numbers.put(key, number);
                        byNumber.put(number, entry); // a person's number answers for the person, even if a resident too
                    }
                }
            }
            Yaml.Section rs = root.optionalSection("residents");
            if (rs != null) {
                for (String zone : rs.entries().keySet()) {
                    if (!zones.contains(zone)) {
                        problems.add(rs.line(zone), "residents: zone '" + zone + "' is not one of the profile's zones "
                                + zones);
                    }
                    List<Entry> list = new ArrayList<>();
                    for (Yaml.Section r : rs.sections(zone)) {
                        r.allowOnly(Set.of("id", "number", "lang"));
                        String id = r.string("id");
                        String key = id == null ? null : key(id, r.line("id"), numbers, problems);
                        String number = number(r, countryCode, problems);
                        String lang = lang(r, problems);
                        if (key != null && number != null) {
                            Entry entry = new Entry(key, zone, lang, key, false);
                            list.add(entry);
                            numbers.put(key, number);
                            byNumber.putIfAbsent(number, entry);
                        }
                    }
                    residents.put(zone, List.copyOf(list));
                }
            }
        }
        Map<String, String> cards = new HashMap<>();
        Map<String, String> guardNumbers = new HashMap<>();
        Set<String> guards = new java.util.LinkedHashSet<>();
        Yaml.Section gs = root == null ? null : root.optionalSection("guards");
        if (gs != null) {
            for (var e : gs.entries().entrySet()) {
                Yaml.Section g = gs.asSection(e.getValue(), "guards." + e.getKey());
                String key = key(e.getKey(), gs.line(e.getKey()), numbers, problems);
                if (g == null || key == null) {
                    continue;
                }
                g.allowOnly(Set.of("card", "number"));
                if (!guards.add(key) || people.containsKey(key)) {
                    problems.add(gs.line(e.getKey()), "'" + key + "' is in the register twice: a key names one person");
                }
                String card = g.string("card", null);
                if (card != null && !CARD.matcher(card).matches()) {
                    problems.add(g.line("card"), g.where() + ": card must be the card's UID in uppercase hex, 8 to 20 "
                            + "digits (as the reader shows it)");
                } else if (card != null && cards.putIfAbsent(card, key) != null) {
                    problems.add(g.line("card"), g.where() + ": the same card as guard '" + cards.get(card) + "'");
                }
                if (g.has("number")) {
                    String number = number(g, countryCode, problems);
                    if (number != null) {
                        guardNumbers.put(number, key);
                    }
                }
                if (card == null && !g.has("number")) {
                    problems.add(g.line(), g.where() + ": a guard signs on by a card, a number, or both");
                }
            }
        }
        problems.throwIfAny();
        Register r = new Register(file, countryCode, people, residents, numbers, byNumber);
        r.guardByCard = Map.copyOf(cards);
        r.guardByNumber = Map.copyOf(guardNumbers);
        r.guards = Set.copyOf(guards);
        return r;
    }

    private static String key(String key, int line, Map<String, String> seen, Problems problems) {
        if (!KEY.matcher(key).matches()) {
            problems.add(line, "'" + key + "' must be 1..48 of a-z, 0-9, '.', '_' and '-' (a key, not a name or number)");
            return null;
        }
        if (seen.containsKey(key)) {
            problems.add(line, "'" + key + "' is in the register twice: a key names one person");
            return null;
        }
        return key;
    }

    private static String number(Yaml.Section s, String countryCode, Problems problems) {
        String raw = s.string("number");
        if (raw == null) {
            return null;
        }
        String n = PhoneNumber.normalise(raw, countryCode);
        if (n == null) {
            problems.add(s.line("number"), s.where() + ": the number is not a phone number (+62812..., or 0812...)");
        }
        return n;
    }

    private static String lang(Yaml.Section s, Problems problems) {
        String lang = s.string("lang", "id");
        if (lang != null && !LANGS.contains(lang)) {
            problems.add(s.line("lang"), s.where() + ": lang must be id or en, not '" + lang + "'");
            return "id";
        }
        return lang;
    }

    /**
     * The register of a post whose profile has an {@code sms} or a {@code ronda} section: every person the
     * sms section names must be under {@code people} in it, every guard of the roster under {@code guards}.
     * A missing file is an empty register (nobody to text yet), or in simulation ({@code simulation} not
     * {@code null}) one of fictional numbers and cards written there.
     */
    public static Register forPost(Path file, Path simulation, SiteProfile profile) throws ProfileException,
            IOException {
        id.kentongan.config.SmsSettings sms = profile.sms();
        String countryCode = sms == null ? "62" : sms.countryCode();
        Set<String> people = sms == null ? Set.of() : sms.people();
        Set<String> rostered = new java.util.TreeSet<>();
        profile.ronda().roster().values().forEach(rostered::addAll);
        if (!Files.exists(file) && simulation != null) {
            file = simulation;
            writeSimulation(file, people, rostered, profile.zones(), sms == null ? 0 : 5);
            org.slf4j.LoggerFactory.getLogger(Register.class).info("register: simulation: fictional numbers and "
                    + "cards in {}", file);
        }
        Register register = Files.exists(file) ? load(file, countryCode, profile.zones())
                : empty(file, countryCode);
        List<String> missing = people.stream().filter(p -> register.person(p) == null).toList();
        if (!missing.isEmpty()) {
            throw new ProfileException(List.of(profile.source() + ":1: sms names " + missing + ", who are not under "
                    + "'people' in the register " + file));
        }
        List<String> noCard = rostered.stream().filter(g -> !register.guards().contains(g)).toList();
        if (!noCard.isEmpty()) {
            throw new ProfileException(List.of(profile.source() + ":1: the ronda roster names " + noCard + ", who are "
                    + "not under 'guards' in the register " + file + " (each with a card or a number)"));
        }
        return register;
    }

    /**
     * Simulation only: a register of fictional numbers ({@code +62800...}, a range no phone has) for the
     * profile's people, {@code perZone} residents in each zone and the roster's guards (with fictional cards,
     * {@code A1000001} on), written 0600 if {@code file} is missing.
     */
    public static void writeSimulation(Path file, Set<String> people, Set<String> guards, List<String> zones,
                                       int perZone) throws IOException {
        if (Files.exists(file)) {
            return;
        }
        StringBuilder b = new StringBuilder("# Simulation only: fictional numbers for the dummy phone. Never on a post.\n");
        int n = 1;
        b.append(people.isEmpty() ? "people: {}\n" : "people:\n");
        for (String p : people) {
            b.append(String.format("  %s: { number: \"+62800%07d\", role: \"%s\" }%n", p, n++, p));
        }
        b.append(perZone == 0 ? "residents: {}\n" : "residents:\n");
        for (String z : perZone == 0 ? List.<String>of() : zones) {
            b.append("  ").append(z).append(":\n");
            for (int r = 1; r <= perZone; r++) {
                b.append(String.format("    - { id: %s-%03d, number: \"+62800%07d\"%s }%n", z, r, n++,
                        r % 3 == 0 ? ", lang: en" : ""));
            }
        }
        b.append(guards.isEmpty() ? "guards: {}\n" : "guards:\n");
        int card = 1;
        for (String g : guards) {
            b.append(String.format("  %s: { card: \"A1%06X\", number: \"+62800%07d\" }%n", g, card++, n++));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".new");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, b, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** The night watch's guards by their cards' UIDs, for the dispatch loop. */
    public Map<String, String> guardCards() {
        return guardByCard;
    }

    @Override
    public String guardByNumber(String number) {
        return guardByNumber.get(number);
    }

    public Set<String> guards() {
        return guards;
    }

    public Path file() {
        return file;
    }

    @Override
    public String number(String key) {
        return numbers.get(key);
    }

    @Override
    public List<Entry> residents(String zone) {
        return residents.getOrDefault(zone, List.of());
    }

    @Override
    public Entry person(String key) {
        return people.get(key);
    }

    @Override
    public Entry entry(String key) {
        return byKey.get(key);
    }

    @Override
    public Entry byNumber(String number) {
        return byNumber.get(number);
    }

    @Override
    public String countryCode() {
        return countryCode;
    }

    /** How many residents each zone has, for status: counts, never numbers. */
    public Map<String, Integer> residentCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        residents.forEach((z, l) -> out.put(z, l.size()));
        return out;
    }

    public int peopleCount() {
        return people.size();
    }

    @Override
    public String toString() {
        return "register " + file + " (" + people.size() + " people, " + numbers.size() + " numbers)"; // never a number
    }
}
