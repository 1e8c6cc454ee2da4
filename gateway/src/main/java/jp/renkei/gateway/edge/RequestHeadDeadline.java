package jp.renkei.gateway.edge;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import jp.renkei.gateway.EdgeProperties;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * A connection has {@code renkei.gateway.request-head-timeout} to deliver a whole request line and headers: from its
 * opening, and again from the end of each answer when no other request is waiting on it. Then it is closed. Reactor
 * Netty has no such limit of its own, so a connection opened and left silent, kept alive and never used again, or fed
 * a header a byte at a time (slowloris) was held for ever. Time spent on a request once its head has arrived — a
 * body, a service's answer, a 30-second long poll of the pull feed — is not counted. The body has its own limit
 * ({@link SlowRequestBodies}).
 */
@Component
class RequestHeadDeadline implements NettyServerCustomizer {

    private final long timeoutNanos;

    RequestHeadDeadline(EdgeProperties properties) {
        this.timeoutNanos = properties.requestHeadTimeout().toNanos();
    }

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, address) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, "renkei.requestHeadDeadline",
                        new Deadline(timeoutNanos));
            }
        });
    }

    /** One per connection: armed while no request head is being waited for by an answer. */
    static final class Deadline extends ChannelDuplexHandler {

        private final long timeoutNanos;
        /** Requests whose heads have arrived and whose answers have not been written whole yet. */
        private int unanswered;
        private ScheduledFuture<?> closing;
        private boolean expired;

        Deadline(long timeoutNanos) {
            this.timeoutNanos = timeoutNanos;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            arm(ctx);
            super.channelActive(ctx);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
            if (expired) {
                // what the codec makes of the half-sent head as the connection closes: nothing to answer or to log
                ReferenceCountUtil.release(message);
                return;
            }
            if (message instanceof HttpRequest) {
                unanswered++;
                disarm();
            }
            super.channelRead(ctx, message);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object message, ChannelPromise promise) throws Exception {
            // a 100 Continue is whole in itself but answers nothing: the request it lets go on is still unanswered
            boolean interim = message instanceof HttpResponse response
                    && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
            if (message instanceof LastHttpContent && !interim && unanswered > 0 && --unanswered == 0) {
                arm(ctx);
            }
            super.write(ctx, message, promise);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }

        private void arm(ChannelHandlerContext ctx) {
            disarm();
            closing = ctx.executor().schedule(() -> {
                if (unanswered == 0) {
                    expired = true;
                    ctx.close();
                }
            }, timeoutNanos, TimeUnit.NANOSECONDS);
        }

        private void disarm() {
            if (closing != null) {
                closing.cancel(false);
                closing = null;
            }
        }
    }
}
