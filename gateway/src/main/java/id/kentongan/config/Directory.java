package id.kentongan.config;

import java.util.List;

/**
 * The register as the SMS part asks it: who lives in a zone and in which language, who a phone tree's
 * person is, and whose a sender's number is. Numbers leave it only through {@link #number}, at hand-over.
 * Implementations are immutable; any thread.
 */
public interface Directory {

    /**
     * Someone in the register.
     *
     * @param zone   a resident's zone; {@code null} for a person of the phone tree
     * @param lang   {@code id} or {@code en}
     * @param role   what a person is, as an acknowledgement names them ({@code Ketua RT 03}); a resident's key
     */
    record Entry(String key, String zone, String lang, String role, boolean person) {
    }

    /** The number of {@code key}, or {@code null} if the register has no such key. */
    String number(String key);

    /** The residents of {@code zone}, in the register's order. */
    List<Entry> residents(String zone);

    /** The person {@code key} of the phone tree, or {@code null}. */
    Entry person(String key);

    /** Whoever has {@code key}, person or resident, or {@code null}. */
    Entry entry(String key);

    /** Who {@code number} (international form) is, or {@code null} for a number the register does not have. */
    Entry byNumber(String number);

    /** The country code national numbers take, {@code 62} for Indonesia. */
    /** The night watch's guard (#14) whose phone {@code number} is, by short name, or {@code null}. */
    default String guardByNumber(String number) {
        return null;
    }

    String countryCode();

    Directory EMPTY = new Directory() {
        @Override
        public String number(String key) {
            return null;
        }

        @Override
        public List<Entry> residents(String zone) {
            return List.of();
        }

        @Override
        public Entry person(String key) {
            return null;
        }

        @Override
        public Entry entry(String key) {
            return null;
        }

        @Override
        public Entry byNumber(String number) {
            return null;
        }

        @Override
        public String countryCode() {
            return "62";
        }
    };
}
