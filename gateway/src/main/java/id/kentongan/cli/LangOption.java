package id.kentongan.cli;

import id.kentongan.alert.Messages;
import picocli.CommandLine.Option;

/**
 * {@code --lang id|en}, the same for every command a guard reads (a picocli mixin, {@code @Mixin LangOption
 * lang;}): Bahasa Indonesia by default, English on request; {@code $KENTONGAN_LANG} sets the default for a
 * whole shell. Main thread only.
 */
final class LangOption {

    @Option(names = "--lang", paramLabel = "id|en", description = "Language of the text: id (Bahasa Indonesia, "
            + "the default) or en (English). Default also from $KENTONGAN_LANG.")
    String given;

    Messages messages() {
        return Messages.of(given != null ? given : System.getenv("KENTONGAN_LANG"));
    }
}
