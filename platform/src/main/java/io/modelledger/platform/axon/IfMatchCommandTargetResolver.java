package io.modelledger.platform.axon;

import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.modelling.command.AnnotationCommandTargetResolver;
import org.axonframework.modelling.command.CommandTargetResolver;
import org.axonframework.modelling.command.VersionedAggregateIdentifier;

/**
 * Optimistic concurrency over HTTP: the version a client read (its {@code If-Match}) travels in the
 * command's metadata as {@value #EXPECTED_VERSION}, and Axon's repository refuses the command if the
 * aggregate has moved on since (answered with 412).
 */
public class IfMatchCommandTargetResolver implements CommandTargetResolver {

    public static final String EXPECTED_VERSION = "expectedVersion";
    private final CommandTargetResolver annotations = AnnotationCommandTargetResolver.builder().build();

    @Override
    public VersionedAggregateIdentifier resolveTarget(CommandMessage<?> command) {
        VersionedAggregateIdentifier target = annotations.resolveTarget(command);
        if (command.getMetaData().get(EXPECTED_VERSION) instanceof Number expected) {
            return new VersionedAggregateIdentifier(target.getIdentifierValue(), expected.longValue());
        }
        return target;
    }
}
