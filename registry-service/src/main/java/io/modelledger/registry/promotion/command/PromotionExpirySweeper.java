package io.modelledger.registry.promotion.command;

import io.modelledger.contracts.metadata.SystemActors;
import io.modelledger.contracts.registry.Subjects;
import io.modelledger.platform.metadata.SystemMetadata;
import io.modelledger.registry.model.api.ExpirePromotion;
import io.modelledger.registry.model.api.ModelId;
import io.modelledger.registry.promotion.api.FindOverduePromotions;
import io.modelledger.registry.promotion.api.OverduePromotions;
import io.modelledger.registry.promotion.api.PromotionView;
import io.modelledger.registry.promotion.query.PromotionProjection;
import io.modelledger.registry.prompt.api.ExpirePromptPromotion;
import io.modelledger.registry.prompt.api.PromptId;
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
        OverduePromotions overdue = queries.query(new FindOverduePromotions(now),
                ResponseTypes.instanceOf(OverduePromotions.class)).join();
        for (PromotionView promotion : overdue.items()) {
            Object expire = Subjects.PROMPT.equals(promotion.subjectKind())
                    ? new ExpirePromptPromotion(new PromptId(promotion.subjectName()),
                                                              promotion.promotionId(), now)
                    : new ExpirePromotion(new ModelId(promotion.subjectName()), promotion.promotionId(), now);
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
