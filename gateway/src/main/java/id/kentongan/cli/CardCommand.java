package id.kentongan.cli;

import id.kentongan.alert.Messages;
import id.kentongan.hardware.CardReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.Callable;

/**
 * {@code kentongan card}: waits for one card on the post's reader and prints its UID, so that a guard's card
 * can be written into the register. Runs its own {@link CardReader} (PC/SC allows several clients, so a
 * running gateway does not stop it); the UID goes to stdout alone, what it waits for to stderr.
 */
@Command(name = "card", mixinStandardHelpOptions = true,
        description = "Wait for one card on the card reader and print its UID (to register a guard's card).")
final class CardCommand implements Callable<Integer> {

    @Option(names = "--reader", defaultValue = "", description = "Part of the reader's name, if the post has several.")
    String reader;

    @Option(names = "--timeout", defaultValue = "60", description = "Seconds to wait for a card (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    LangOption lang;

    @Override
    public Integer call() throws Exception {
        Messages m = lang.messages();
        // the UID alone on stdout (for a script to take); the reader's log lines to stderr
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
        CompletableFuture<String> uid = new CompletableFuture<>();
        try (CardReader cards = new CardReader(reader, uid::complete)) {
            cards.start();
            System.err.println(m.tr("cli.card.tap", timeoutSeconds));
            try {
                System.out.println(uid.get(timeoutSeconds, TimeUnit.SECONDS));
                return 0;
            } catch (TimeoutException e) {
                String why = cards.state() == CardReader.State.READY
                        ? m.tr("cli.card.not-read", cards.readerName()) + refusals(cards)
                        : cards.problem();
                System.err.println("kentongan: " + m.tr("cli.card.none", timeoutSeconds, why));
                return 1;
            }
        }
    }

    private static String refusals(CardReader cards) {
        StringBuilder b = new StringBuilder();
        cards.refusals().forEach((r, n) -> {
            if (n > 0) {
                b.append(b.isEmpty() ? " (refused: " : ", ").append(n).append(' ').append(r.wire());
            }
        });
        return b.isEmpty() ? "" : b.append(')').toString();
    }
}
