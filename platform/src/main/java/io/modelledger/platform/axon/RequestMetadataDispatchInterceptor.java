package io.modelledger.platform.axon;

import io.modelledger.platform.metadata.RequestMetadata;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.MessageDispatchInterceptor;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Puts the current HTTP request's actor, reason and trace on each command sent while handling it. The
 * request's values win over anything the caller put in the command's metadata: a client cannot name
 * another actor. Commands sent outside a request keep their own metadata.
 */
class RequestMetadataDispatchInterceptor implements MessageDispatchInterceptor<CommandMessage<?>> {

    @Override
    public BiFunction<Integer, CommandMessage<?>, CommandMessage<?>> handle(List<? extends CommandMessage<?>> messages) {
        return (index, command) -> RequestMetadata.current()
                                                  .<CommandMessage<?>>map(m -> command.andMetaData(m.asMap()))
                                                  .orElse(command);
    }
}
