package io.modelledger.gateway.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Answers requests that never reach Spring, because HTTP/1.1 decoding or URI parsing fails, with RFC 7807
 * problem+json like every other refusal: a request line over the limit is 414, headers over the limit
 * 431, a target that is not a URI (a {@code %zz} escape) or an unparseable request 400. Without it, Reactor
 * Netty and Spring answer those with an empty body. The connection is closed after the answer, as the
 * rest of a malformed request cannot be trusted to be framed correctly, and nothing pipelined after it
 * runs. (A decoding failure inside a chunked body arrives as content, not as a request; Reactor Netty
 * answers that one itself.)
 */
final class MalformedRequestHandler extends ChannelInboundHandlerAdapter {

    static final String NAME = "modelledger.malformedRequests";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Set once a request was refused: everything after it on this connection is dropped until it closes. */
    private boolean closing;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg); // pipelined after the refused request: never executed
            return;
        }
        if (msg instanceof HttpRequest request) {
            Refusal refusal = refusal(request);
            if (refusal != null) {
                closing = true;
                ctx.channel().config().setAutoRead(false);
                ReferenceCountUtil.release(msg);
                ctx.writeAndFlush(response(refusal)).addListener(ChannelFutureListener.CLOSE);
                return;
            }
        }
        ctx.fireChannelRead(msg);
    }

    record Refusal(HttpResponseStatus status, String type, String title, String detail) {
    }

    static Refusal refusal(HttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            Throwable cause = decoded.cause();
            if (cause instanceof TooLongHttpLineException) {
                return new Refusal(HttpResponseStatus.REQUEST_URI_TOO_LONG, "uri-too-long", "URI too long",
                                   "The request line is longer than the gateway accepts; send long filters in a request body");
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return new Refusal(HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "headers-too-large",
                                   "Request header fields too large", "The request's headers are larger than the gateway accepts");
            }
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                               "The request is not valid HTTP/1.1");
        }
        try {
            new URI(request.uri());
        } catch (URISyntaxException e) {
            return new Refusal(HttpResponseStatus.BAD_REQUEST, "ambiguous-path", "Ambiguous path",
                               "The request target is not a valid URI: " + e.getReason());
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (host != null) {
            try {
                new URI("http://" + host + "/");
            } catch (URISyntaxException e) {
                return new Refusal(HttpResponseStatus.BAD_REQUEST, "malformed-request", "Malformed request",
                                   "The Host header is not a valid host[:port]");
            }
        }
        return null;
    }

    private static FullHttpResponse response(Refusal refusal) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "urn:modelledger:problem:" + refusal.type());
        problem.put("title", refusal.title());
        problem.put("status", refusal.status().code());
        problem.put("detail", refusal.detail());
        String requestId = UUID.randomUUID().toString();
        problem.put("requestId", requestId);
        byte[] body = JSON.writeValueAsBytes(problem);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, refusal.status(), Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                .set("X-Request-Id", requestId);
        return response;
    }
}
