package id.kentongan.post;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.kentongan.observability.Refusals;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * The local control socket: how {@code kentongan status} and {@code kentongan press} reach a running
 * gateway. A UNIX domain socket in the state directory, mode 0660, so only the service's user and group
 * can use it and nothing listens on the network. One JSON request line in, one JSON line out.
 *
 * <pre>
 *   {"op":"status"}                               -> {"ok":true,"status":{...}}
 *   {"op":"press","input":"panic-1","hold_ms":200} -> {"ok":true}   (simulation only)
 *   {"op":"set","input":"flood-1","active":true}  -> {"ok":true}   (simulation only)
 *   {"op":"report","decision":"confirm","report":17} -> {"ok":true,"detail":"..."}   (the guard, #13)
 * </pre>
 *
 * <p>Bounded ({@link Limits}), since whoever reaches the socket may be a runaway script: a request line
 * is at most 4 KiB, read into a buffer of that size and refused when it fills; a client has 5 s to send
 * its line and 5 s to take its reply; at most 64 connections are open and 8 requests carried out at
 * once. At the connection cap a new connection pushes out the oldest one still sending its line (a real
 * client sends it within a millisecond of connecting, so only a stalled one is that old); if none is, the
 * new one is refused at once. Every refusal is answered with one {@code {"ok":false,...}} line where the
 * client still reads, counted ({@link #status()}), and logged at most once a minute per reason.
 *
 * <p>Threads: the {@code kentongan-control} thread owns every connection: it accepts, reads, writes
 * replies and closes connections past their time, all non-blocking on one selector, so no client can
 * hold it. Requests are carried out on {@code kentongan-control-op} threads, which hand their reply back
 * to it. {@link #start} and {@link #close} from the owner; {@link #status()} from any thread.
 */
final class ControlServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    static final ObjectMapper JSON = new ObjectMapper();
    private static final long TICK_MS = 200;
    private static final int ACCEPTS_PER_TURN = 64;

    /** Why a connection or a request was refused. */
    enum Refusal { TOO_LONG, MALFORMED, TIMEOUT, EVICTED, BUSY }

    /**
     * The socket's bounds.
     *
     * @param maxRequest     bytes of one request line with its newline. The longest real request, a press
     *                       with an input id at the profile's length limit, is under 200 bytes; 4 KiB is
     *                       twenty times that, one memory page per open connection
     * @param maxOpen        connections open at once
     * @param maxBusy        requests carried out at once (a press holds one for its {@code hold_ms})
     * @param requestTimeout from connecting to the end of the request line
     * @param replyTimeout   from the reply being ready to the client having taken it
     */
    record Limits(int maxRequest, int maxOpen, int maxBusy, Duration requestTimeout, Duration replyTimeout) {

        static final Limits DEFAULTS = new Limits(4096, 64, 8, Duration.ofSeconds(5), Duration.ofSeconds(5));
    }

    private final ServerSocketChannel server;
    private final Selector selector;
    private final Path socket;
    private final Limits limits;
    private final ControlRequests requests;
    private final Refusals<Refusal> refusals = Refusals.logged("control socket", Refusal.class, log);
    private final ThreadPoolExecutor ops;
    private final Thread owner;
    /** Replies the op threads made, for the owner to send. */
    private final Queue<Reply> replies = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;
    private volatile int openCount;
    // owner thread only: the open connections, oldest first
    private final LinkedHashSet<Conn> open = new LinkedHashSet<>();

    /** One client's connection. Owner thread only. */
    private static final class Conn {
        final SocketChannel ch;
        final long opened;
        SelectionKey key;
        RequestLine line;
        ByteBuffer reply;
        long deadline;

        Conn(SocketChannel ch, long opened, int maxRequest) {
            this.ch = ch;
            this.opened = opened;
            this.line = new RequestLine(maxRequest);
        }

        boolean reading() {
            return line != null;
        }
    }

    private record Reply(Conn conn, byte[] bytes) {
    }

    private ControlServer(ServerSocketChannel server, Selector selector, Path socket, Limits limits,
                          Callable<?> status, BiConsumer<String, Boolean> simulate) {
        this.server = server;
        this.selector = selector;
        this.socket = socket;
        this.limits = limits;
        this.requests = new ControlRequests(status, simulate, refusals);
        this.ops = new ThreadPoolExecutor(0, limits.maxBusy(), 10, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> Thread.ofPlatform().name("kentongan-control-op").daemon(true).unstarted(r));
        this.owner = Thread.ofPlatform().name("kentongan-control").daemon(true).unstarted(this::run);
    }

    /** Call with the state directory's {@link StateLock} held. */
    static ControlServer start(Path socket, Gateway gateway) throws IOException {
        ControlServer s = start(socket, Limits.DEFAULTS, gateway::status, gateway::simulate);
        s.requests.decideReportsWith(gateway::decideReport); // the guard's word on residents' reports (#13)
        s.requests.selfTestWith(gateway::selfTest); // the sirens' circuit test on request (#16)
        return s;
    }

    static ControlServer start(Path socket, Limits limits, Callable<?> status,
                               BiConsumer<String, Boolean> simulate) throws IOException {
        Files.deleteIfExists(socket); // left behind by a killed gateway; the state lock says we are alone
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        Selector selector = Selector.open();
        try {
            ch.bind(UnixDomainSocketAddress.of(socket));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw----"));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_ACCEPT);
        } catch (IOException | RuntimeException e) {
            ch.close();
            selector.close();
            throw e;
        }
        ControlServer s = new ControlServer(ch, selector, socket, limits, status, simulate);
        s.owner.start();
        return s;
    }

    /** For {@code kentongan status --json} and the metrics: connections open now, refusals by reason. */
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("open", openCount);
        m.put("refused", refusals.counts());
        return m;
    }

    private void run() {
        try {
            while (running) {
                selector.select(TICK_MS);
                for (SelectionKey k : selector.selectedKeys()) {
                    if (k.isValid() && k.isAcceptable()) {
                        acceptSome();
                    } else if (k.isValid()) {
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isReadable()) {
                                read(c);
                            } else if (k.isWritable()) {
                                write(c);
                            }
                        } catch (IOException e) {
                            log.debug("control: client went away: {}", e.getMessage());
                            close(c);
                        }
                    }
                }
                selector.selectedKeys().clear();
                for (Reply r; (r = replies.poll()) != null; ) {
                    send(r.conn(), r.bytes());
                }
                expire(System.nanoTime());
            }
        } catch (IOException | RuntimeException e) {
            if (running) {
                log.error("control socket: stopped by {}; 'kentongan status' and 'press' cannot reach this gateway "
                        + "until it restarts, the post runs on", e.toString(), e);
            }
        } finally {
            for (Conn c : List.copyOf(open)) {
                close(c);
            }
        }
    }

    private void acceptSome() throws IOException {
        SocketChannel ch;
        for (int i = 0; i < ACCEPTS_PER_TURN && (ch = server.accept()) != null; i++) {
            long now = System.nanoTime();
            if (open.size() >= limits.maxOpen() && !evictOldestReader(now)) {
                refuseNow(ch, Refusal.BUSY, limits.maxOpen() + " control connections are open, each being "
                        + "answered; try again");
                continue;
            }
            ch.configureBlocking(false);
            Conn c = new Conn(ch, now, limits.maxRequest());
            c.deadline = now + limits.requestTimeout().toNanos();
            c.key = ch.register(selector, SelectionKey.OP_READ, c);
            open.add(c);
            openCount = open.size();
        }
    }

    private boolean evictOldestReader(long now) {
        for (Conn c : open) {
            if (c.reading()) {
                refuse(c, Refusal.EVICTED, "pushed out by a newer connection: " + limits.maxOpen() + " are open, "
                        + "and this one sent no whole request line in " + (now - c.opened) / 1_000_000 + " ms");
                return true;
            }
        }
        return false;
    }

    private void read(Conn c) throws IOException {
        switch (c.line.readFrom(c.ch)) {
            case RequestLine.Incomplete i -> {
            }
            case RequestLine.Empty e -> close(c);
            case RequestLine.TooLong t -> refuse(c, Refusal.TOO_LONG, "a request line longer than "
                    + limits.maxRequest() + " bytes");
            case RequestLine.NotUtf8 n -> refuse(c, Refusal.MALFORMED, "a request line that is not UTF-8");
            case RequestLine.Line l -> carryOut(c, l.text());
        }
    }

    private void carryOut(Conn c, String line) {
        c.line = null;
        c.key.interestOps(0);
        try {
            ops.execute(() -> {
                byte[] reply;
                try {
                    reply = requests.answer(line);
                } catch (RuntimeException e) {
                    reply = ControlRequests.refusal(e.toString());
                }
                replies.add(new Reply(c, reply));
                selector.wakeup();
            });
        } catch (RejectedExecutionException e) {
            refuse(c, Refusal.BUSY, limits.maxBusy() + " requests are being carried out; try again");
        }
    }

    private void send(Conn c, byte[] bytes) {
        if (!c.ch.isOpen()) {
            return;
        }
        c.reply = ByteBuffer.wrap(bytes);
        c.deadline = System.nanoTime() + limits.replyTimeout().toNanos();
        try {
            write(c);
        } catch (IOException e) {
            log.debug("control: client went away before its reply: {}", e.getMessage());
            close(c);
        }
    }

    private void write(Conn c) throws IOException {
        c.ch.write(c.reply);
        if (c.reply.hasRemaining()) {
            c.key.interestOps(SelectionKey.OP_WRITE);
        } else {
            close(c);
        }
    }

    private void expire(long now) {
        List<Conn> late = new ArrayList<>();
        for (Conn c : open) {
            if ((c.reading() || c.reply != null) && now - c.deadline > 0) {
                late.add(c);
            }
        }
        for (Conn c : late) {
            refuse(c, Refusal.TIMEOUT, c.reading()
                    ? "no whole request line within " + limits.requestTimeout().toMillis() + " ms of connecting"
                    : "the reply was not taken within " + limits.replyTimeout().toMillis() + " ms");
        }
    }

    /** Counts, tells the client in one line if it can take it now, and closes. */
    private void refuse(Conn c, Refusal reason, String why) {
        refusals.refuse(reason, why);
        tellAndClose(c.ch, why);
        close(c);
    }

    private void refuseNow(SocketChannel ch, Refusal reason, String why) {
        refusals.refuse(reason, why);
        tellAndClose(ch, why);
    }

    private static void tellAndClose(SocketChannel ch, String why) {
        try (ch) {
            ch.configureBlocking(false);
            ch.write(ByteBuffer.wrap(ControlRequests.refusal(why))); // a short line: fits, or the client is not reading
        } catch (IOException e) {
            log.debug("control: could not tell a refused client why: {}", e.getMessage());
        }
    }

    private void close(Conn c) {
        c.key.cancel();
        try {
            c.ch.close();
        } catch (IOException e) {
            log.debug("control: close failed: {}", e.getMessage());
        }
        open.remove(c);
        openCount = open.size();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        running = false;
        selector.wakeup();
        owner.join(TimeUnit.SECONDS.toMillis(5));
        ops.shutdownNow(); // a press in its hold is released at once
        ops.awaitTermination(5, TimeUnit.SECONDS);
        server.close();
        selector.close();
        Files.deleteIfExists(socket);
    }
}
