package io.modelledger.eval.suite.command;

import io.modelledger.eval.suite.api.PublishSuiteContent;
import io.modelledger.eval.suite.api.PublishSuiteVersion;
import io.modelledger.eval.suite.api.PublishedSuiteVersion;
import io.modelledger.eval.suite.query.SuiteStore;
import io.modelledger.eval.suite.query.SuiteVectorStore;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Stores uploaded suite content by its SHA-256, then asks the {@link Suite} to publish it. The content is
 * written first so that no event ever names content that is not there; content that no version names is
 * harmless, and the same upload a second time writes nothing. Once published, the embeddings its checks will compare
 * answers with are prepared in the background ({@link SuiteVectorStore}).
 */
@Component
class SuitePublisher {

    private final SuiteStore store;
    private final SuiteVectorStore vectors;
    private final CommandGateway commands;

    SuitePublisher(SuiteStore store, SuiteVectorStore vectors, CommandGateway commands) {
        this.store = store;
        this.vectors = vectors;
        this.commands = commands;
    }

    @CommandHandler
    PublishedSuiteVersion handle(PublishSuiteContent command) {
        String sha256 = command.content().sha256();
        int caseCount = command.content().cases().size();
        store.save(command.content(), sha256);
        PublishSuiteVersion.Published published = commands.sendAndWait(
                new PublishSuiteVersion(command.suiteId(), sha256, caseCount, command.content().metrics(), command.description()));
        vectors.prepare(sha256, command.content().metrics());
        return new PublishedSuiteVersion(command.suiteId().name(), published.version(), sha256, caseCount, published.created());
    }
}
