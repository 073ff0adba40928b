package id.kentongan.post;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.FileSystemException;
import org.slf4j.LoggerFactory;

/**
 * One gateway per state directory: an exclusive lock on {@code gateway.lock}, taken before the journal
 * or any GPIO line is touched, and released by the OS however the process ends (even SIGKILL), so a
 * crash never leaves a stale lock behind. The file holds the owner's pid for the error message.
 */
final class StateLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * On a read-only state directory the lock cannot be taken; the post runs without it (two gateways
     * could not both write a journal there anyway, and the GPIO lines are claimed once), and says so.
     */
    static StateLock take(Path stateDir) throws IOException {
        Files.createDirectories(stateDir);
        Path file = stateDir.resolve("gateway.lock");
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (FileSystemException e) {
            if (!"Read-only file system".equals(e.getReason())) {
                throw e;
            }
            LoggerFactory.getLogger(StateLock.class).error("state lock: {} is on a read-only file system; "
                    + "running without the lock", file);
            return new StateLock(null, null);
        }
        FileLock lock = ch.tryLock();
        if (lock == null) {
            String owner = Files.readString(file, StandardCharsets.US_ASCII).trim();
            ch.close();
            throw new IOException("another gateway (pid " + (owner.isEmpty() ? "?" : owner)
                    + ") is already running with state directory " + stateDir + "; stop it first");
        }
        try {
            ch.truncate(0);
            ch.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        } catch (IOException full) {
            // a full disk: the lock holds without the pid, which only names the owner in an error message
        }
        return new StateLock(ch, lock);
    }

    @Override
    public void close() throws IOException {
        if (channel == null) {
            return;
        }
        lock.release();
        channel.close();
    }
}
