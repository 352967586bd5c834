package io.modelledger.platform.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/** In-memory backend (tests) whose writes are atomic with respect to each other; see {@link EmbeddedCommands}. */
public class AtomicMemoryBackend extends MemoryBackend {

    private final Object writeLock = new Object();

    @Override
    public Document handleCommand(Channel channel, String database, String requested, Document query) {
        String command = EmbeddedCommands.known(requested);
        if (!EmbeddedCommands.isWrite(command)) {
            return super.handleCommand(channel, database, command, query);
        }
        synchronized (writeLock) {
            return super.handleCommand(channel, database, command, query).cloneDeeply();
        }
    }
}
