import Foundation
import Hummingbird
import Logging
import NIOCore

/// The per-request context: Hummingbird's core storage plus who is calling and the request id.
public struct ServerRequestContext: RequestContext, Sendable {
    public var coreContext: CoreRequestContextStorage
    /// The authenticated key, or nil for a caller without one.
    public var identity: Identity?
    /// The `X-Request-Id` echoed on the response and logged with every line of this request.
    public var requestID: String = ""
    /// The client's IP address, the rate limiter's key for callers without an API key.
    public let clientAddress: String?
    /// Facts inner middleware learn and the outer log line reports (the context is a value, so
    /// changes made further in do not flow back out; this shared box does).
    let notes = RequestNotes()

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Bodies are collected by the handlers under the configured limit, not Hummingbird's default.
    public var maxUploadSize: Int { .max }
}

/// Per-request facts shared between middleware layers.
final class RequestNotes: @unchecked Sendable {
    private let lock = NSLock()
    private var _keyID: String?

    var keyID: String? {
        get { lock.lock(); defer { lock.unlock() }; return _keyID }
        set { lock.lock(); defer { lock.unlock() }; _keyID = newValue }
    }
}
