package jp.renkei.gateway.edge;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;

/**
 * The answers the HTTP layer gives before any filter runs — a request line above
 * {@code server.netty.max-initial-line-length} (414), headers above {@code server.max-http-request-header-size} (431), a
 * request Netty cannot parse (400) — are problem+json like every other refusal: Netty sends them without a body, and
 * this handler, next to the HTTP codec, gives them one on the way out.
 */
@Component
class HttpLayerProblems implements NettyServerCustomizer {

    private static final Map<Integer, String[]> PROBLEMS = Map.of(
            400, new String[] {"bad-request", "Bad request", "the request could not be read as HTTP"},
            414, new String[] {"uri-too-long", "URI too long", "the request line (method and URL) is too long"},
            431, new String[] {"headers-too-large", "Request headers too large", "the request's headers are too large"});

    @Override
    public reactor.netty.http.server.HttpServer apply(reactor.netty.http.server.HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "renkei.httpLayerProblems", new ProblemBodies());
            }
        });
    }

    @ChannelHandler.Sharable
    private static final class ProblemBodies extends ChannelOutboundHandlerAdapter {

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
            if (message instanceof FullHttpResponse response && response.content().readableBytes() == 0
                    && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
                    && PROBLEMS.containsKey(response.status().code())) {
                String[] problem = PROBLEMS.get(response.status().code());
                byte[] body = ("{\"type\":\"https://renkei.jp/problems/" + problem[0] + "\",\"title\":\"" + problem[1]
                        + "\",\"status\":" + response.status().code() + ",\"detail\":\"" + problem[2] + "\"}")
                        .getBytes(StandardCharsets.UTF_8);
                FullHttpResponse withBody = new DefaultFullHttpResponse(response.protocolVersion(),
                        HttpResponseStatus.valueOf(response.status().code()), Unpooled.wrappedBuffer(body));
                withBody.headers().set(response.headers())
                        .set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_PROBLEM_JSON_VALUE)
                        .set(HttpHeaderNames.CONTENT_LENGTH, body.length);
                response.release();
                ctx.write(withBody, promise);
                return;
            }
            ctx.write(message, promise);
        }
    }
}
