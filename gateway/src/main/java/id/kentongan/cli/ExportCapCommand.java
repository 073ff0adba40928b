package id.kentongan.cli;

import id.kentongan.alert.CapXml;
import id.kentongan.alert.Event;
import id.kentongan.config.ProfileLoader;
import id.kentongan.journal.JournalFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code kentongan export-cap}: any journaled alert as an OASIS CAP 1.2 XML document. */
@Command(name = "export-cap", mixinStandardHelpOptions = true,
        description = "Write a journaled alert as CAP 1.2 XML (checked against the OASIS schema).")
final class ExportCapCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SEQ|IDENTIFIER", description = "The alert's sequence number or CAP identifier.")
    String which;

    @Mixin
    ProfileOption profile; // names the sender

    @Mixin
    StateDirOption state;

    @Override
    public Integer call() throws Exception {
        Path db = state.journal();
        if (!Files.exists(db)) {
            System.err.println("kentongan: no journal at " + db);
            return 1;
        }
        Event e = JournalFile.lookUp(db, which);
        if (e == null) {
            System.err.println("kentongan: no event '" + which + "' in " + db);
            return 1;
        }
        String xml = CapXml.encode(e, ProfileLoader.load(profile.path()).post());
        CapXml.validate(xml);
        System.out.println(xml);
        return 0;
    }
}
