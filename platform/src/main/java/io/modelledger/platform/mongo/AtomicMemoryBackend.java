package io.modelledger.platform.mongo;

import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * In-memory backend (tests) whose writes are atomic with respect to each other, and whose reads see each
 * document whole: the memory backend answers a read with references to the stored documents and encodes
 * them later, so a write in between could show a reader half of it (e.g. a compare-and-swap's new version
 * beside its old state). Reads copy their answer under the same lock. See {@link EmbeddedCommands}.
 */
public class AtomicMemoryBackend extends MemoryBackend {

    private final Object writeLock = new Object();

    @Override
    public Document handleCommand(Channel channel, String database, String requested, Document query) {
        String command = EmbeddedCommands.known(requested);
        if (!EmbeddedCommands.isWrite(command) && !EmbeddedCommands.returnsDocuments(command)) {
            return super.handleCommand(channel, database, command, query);
        }
        synchronized (writeLock) {
            return super.handleCommand(channel, database, command, query).cloneDeeply();
        }
    }
}
