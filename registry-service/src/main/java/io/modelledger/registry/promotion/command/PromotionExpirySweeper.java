package io.modelledger.registry.promotion.command;

import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.registry.model.command.ModelCommands;
import io.modelledger.registry.model.command.ModelId;
import io.modelledger.registry.promotion.query.PromotionProjection;
import io.modelledger.registry.prompt.command.PromptCommands;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.messaging.responsetypes.ResponseTypes;
import org.axonframework.queryhandling.QueryGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Expiry deadlines live in memory; this sweep expires promotions whose deadline passed while no process
 * held it (a restart, a crash). Expiring is idempotent, so replicas may sweep at the same time.
 */
@Component
class PromotionExpirySweeper {

    private static final Logger log = LoggerFactory.getLogger(PromotionExpirySweeper.class);

    private final QueryGateway queries;
    private final CommandGateway commands;
    private final Clock clock;

    PromotionExpirySweeper(QueryGateway queries, CommandGateway commands, Clock clock) {
        this.clock = clock;
        this.queries = queries;
        this.commands = commands;
    }

    @Scheduled(initialDelayString = "${modelledger.registry.expiry-sweep:PT30S}", fixedDelayString = "${modelledger.registry.expiry-sweep:PT30S}")
    void sweep() {
        Instant now = clock.instant();
        PromotionProjection.OverduePromotions overdue = queries.query(new PromotionProjection.FindOverduePromotions(now),
                ResponseTypes.instanceOf(PromotionProjection.OverduePromotions.class)).join();
        for (PromotionProjection.PromotionView promotion : overdue.items()) {
            Object expire = Subjects.PROMPT.equals(promotion.subjectKind())
                    ? new PromptCommands.ExpirePromptPromotion(new PromptCommands.PromptId(promotion.subjectName()),
                                                              promotion.promotionId(), now)
                    : new ModelCommands.ExpirePromotion(new ModelId(promotion.subjectName()), promotion.promotionId(), now);
            try {
                commands.sendAndWait(GenericCommandMessage.asCommandMessage(expire)
                        .andMetaData(SystemMetadata.of(SystemActors.REGISTRY, "promotion request deadline passed")));
            } catch (RuntimeException e) {
                log.warn("Could not expire promotion {} of {} {}", promotion.promotionId(), promotion.subjectKind(),
                         promotion.subjectName(), e);
            }
        }
    }
}
