import NIOCore

/// Sits in each server connection's pipeline behind NIO's `IdleStateHandler(readTimeout:)` and closes clients
/// that hold a slot without using it. When no bytes arrived for the idle timeout:
/// - the results are not being read (the channel is over its write-buffer high-water mark): the client is closed,
///   so its lines are never buffered without end;
/// - the client is still sending (its write side open): it gets a one-line JSON error and is closed;
/// - the client has finished sending and waits for its results: it is left alone.
final class ClientGuard: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let idleTimeout: Duration
    /// The client has closed its write side (half-closure).
    private var inputClosed = false

    init(idleTimeout: Duration) { self.idleTimeout = idleTimeout }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let channelEvent = event as? ChannelEvent, channelEvent == .inputClosed { inputClosed = true }
        guard let idle = event as? IdleStateHandler.IdleStateEvent, idle == .read else {
            return context.fireUserInboundEventTriggered(event)
        }
        if !context.channel.isWritable {
            context.close(promise: nil)
        } else if !inputClosed {
            let seconds = Double(idleTimeout.components.seconds) + Double(idleTimeout.components.attoseconds) * 1e-18
            let line = StreamError.idle(seconds: seconds).jsonLine + "\n"
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: line)), promise: nil)
            context.close(promise: nil)
        }
    }
}
