package io.modelledger.platform.axon;

import io.modelledger.contracts.access.RequiresRole;
import io.modelledger.contracts.metadata.MetadataKeys;
import io.modelledger.platform.domain.ForbiddenException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.messaging.InterceptorChain;
import org.axonframework.messaging.MessageHandlerInterceptor;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Enforces {@link RequiresRole} on every command the bus handles, from the roles the command's metadata
 * says the actor held. A routing mistake, a missing matrix row or a new code path therefore ends in a 403,
 * never in a state change.
 */
public class RoleCheckInterceptor implements MessageHandlerInterceptor<CommandMessage<?>> {

    public static final String SYSTEM_AUTH = "system";

    @Override
    public Object handle(UnitOfWork<? extends CommandMessage<?>> unitOfWork, InterceptorChain chain) throws Exception {
        CommandMessage<?> command = unitOfWork.getMessage();
        RequiresRole required = command.getPayloadType().getAnnotation(RequiresRole.class);
        if (required != null && !SYSTEM_AUTH.equals(command.getMetaData().get(MetadataKeys.AUTH_METHOD))) {
            Set<String> held = roles(command.getMetaData().get(MetadataKeys.ACTOR_ROLES));
            if (Arrays.stream(required.value()).noneMatch(held::contains)) {
                throw new ForbiddenException(command.getPayloadType().getSimpleName() + " needs the role "
                        + String.join(" or ", required.value()) + "; the actor holds " + (held.isEmpty() ? "none" : held));
            }
        }
        return chain.proceed();
    }

    /** The roles in an {@code actorRoles} value: separated by spaces or commas. */
    public static Set<String> roles(Object value) {
        if (value == null) {
            return Set.of();
        }
        return Arrays.stream(value.toString().split("[,\\s]+")).filter(r -> !r.isBlank())
                     .collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
