package id.kentongan.dispatch;

/** How the dispatch loop answers a command. Called once, on the loop thread; must not block. */
public interface CommandReply {

    void accepted(String detail);

    void rejected(String reason);
}
