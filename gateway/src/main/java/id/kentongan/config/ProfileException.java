package id.kentongan.config;

import java.util.List;

/**
 * A site profile that cannot be used. Each problem names the file, the line and the reason, in the
 * form editors and terminals link: {@code site.yaml:17: pin 41 is not a GPIO line (2..27)}.
 */
public final class ProfileException extends Exception {

    private final List<String> problems;

    public ProfileException(List<String> problems) {
        super(String.join(System.lineSeparator(), problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, each {@code file:line: reason}. */
    public List<String> problems() {
        return problems;
    }
}
