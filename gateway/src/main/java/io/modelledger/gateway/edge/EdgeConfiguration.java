package io.modelledger.gateway.edge;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.NettyPipeline;

/** The gateway's HTTP server: malformed requests are answered as problem+json ({@link MalformedRequestHandler}). */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EdgeConfiguration.class);

    @Bean
    NettyServerCustomizer malformedRequestsAsProblems() {
        return server -> server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpTrafficHandler) != null) {
                channel.pipeline().addBefore(NettyPipeline.HttpTrafficHandler, MalformedRequestHandler.NAME, new MalformedRequestHandler());
            } else if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, MalformedRequestHandler.NAME, new MalformedRequestHandler());
            } else {
                log.warn("No HTTP/1.1 codec in the gateway's pipeline {}: malformed requests get Netty's bare answers",
                         channel.pipeline().names());
            }
        });
    }
}
