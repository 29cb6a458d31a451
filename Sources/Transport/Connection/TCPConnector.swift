/// Connects a non-blocking socket on an event loop and hands over the connected socket; loop-confined.
final class TCPConnector: EventLoopIOHandler {
    private let loop: EventLoop
    private var socket: Socket?
    private var completion: ((Result<Socket, TransportError>) -> Void)?
    private var timer: TimerHandle?

    /// Starts connecting to `address`; `completion` runs once on `loop`, with the socket or the error.
    /// Call on `loop`.
    static func connect(
        to address: SocketAddress, on loop: EventLoop, timeout: Duration,
        completion: @escaping (Result<Socket, TransportError>) -> Void
    ) {
        let connector = TCPConnector(loop: loop, completion: completion)
        connector.start(address, timeout: timeout)
    }

    private init(loop: EventLoop, completion: @escaping (Result<Socket, TransportError>) -> Void) {
        self.loop = loop
        self.completion = completion
    }

    private func start(_ address: SocketAddress, timeout: Duration) {
        do {
            let socket = try Socket(family: address.family)
            self.socket = socket
            if try socket.connect(to: address) {
                finish(.success(socket))
                return
            }
            try loop.register(socket.descriptor, reading: false, writing: true, handler: self)
            timer = loop.schedule(after: timeout) { [self] in
                finish(.failure(TransportError(.timeout, "connecting to \(address) took longer than \(timeout)")))
            }
        } catch let error as TransportError {
            finish(.failure(error))
        } catch {
            finish(.failure(TransportError(.connect, "connecting to \(address) failed: \(error)")))
        }
    }

    func handleReadable() {
        handleWritable()
    }

    func handleWritable() {
        guard let socket else { return }
        if let error = socket.pendingError() {
            finish(.failure(error))
        } else {
            finish(.success(socket))
        }
    }

    func handleLoopStop() {
        finish(.failure(TransportError(.state, "the event loop stopped while connecting")))
    }

    private func finish(_ result: Result<Socket, TransportError>) {
        guard let completion else { return }
        self.completion = nil
        if let timer { loop.cancel(timer) }
        timer = nil
        if let socket { loop.unregister(socket.descriptor) }
        socket = nil  // on failure this was the last reference, and the descriptor closes with it
        completion(result)
    }
}
