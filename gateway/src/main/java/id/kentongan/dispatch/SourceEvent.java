package id.kentongan.dispatch;

/** An event a source (field node) sent, as the journal holds it: how a retry gets the same answer. */
public record SourceEvent(long seq, String identifier) {
}
