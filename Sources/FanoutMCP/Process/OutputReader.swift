import FanoutCore
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a server's standard output and error on one thread of its own, with blocking `poll` and
/// `read`, and hands over each line as it completes.
///
/// A thread, not tasks: a blocking read on a cooperative thread would hold one of the few there are
/// for as long as the server is quiet. It owns the descriptors it reads and closes them as it ends:
/// when both streams have ended, or when ``stop()`` is called (a server whose own children keep its
/// output open never gives an end of file).
final class OutputReader: Sendable {
    /// What the reader calls, on its thread.
    struct Handlers: Sendable {
        /// A line of standard output: one JSON-RPC message.
        var outputLine: @Sendable (ArraySlice<UInt8>) -> Void
        /// A line of standard output over the length limit was dropped.
        var outputOverflow: @Sendable () -> Void
        /// A line of standard error.
        var errorLine: @Sendable (ArraySlice<UInt8>) -> Void
        /// Standard output ended: the server can answer no more.
        var outputClosed: @Sendable () -> Void
    }

    /// Longest message taken: a tool may return a large file, but not an endless line.
    static let maximumLine = 64 << 20
    private static let maximumErrorLine = 16 << 10

    /// The write end of the pipe that stops the reader: closing it wakes `poll`.
    private let stopper = Locked<Int32?>(nil)
    /// Set as the thread ends, every line it read handed over.
    private let done = Atomic<Bool>(false)

    init(output: Int32, errorOutput: Int32, name: String, handlers: Handlers) {
        let stopPipe = closeOnExecPipe()
        stopper.withLock { $0 = stopPipe?.write }
        let stopRead = stopPipe?.read ?? -1
        let thread = Thread { [self] in
            OutputReader.run(output: output, errorOutput: errorOutput, stop: stopRead, handlers: handlers)
            done.store(true, ordering: .releasing)
        }
        thread.name = "mcp-reader-\(name)"
        thread.start()
    }

    /// Waits up to `timeout` for the reader to reach the end of both streams by itself: once the
    /// server has exited, what it wrote last (its dying words on stderr) is still in the pipes.
    func finish(within timeout: Duration) async {
        let deadline = ContinuousClock.now + timeout
        while !done.load(ordering: .acquiring), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(1))
        }
        stop()
    }

    /// Makes the reader end, even if the server's output is still open.
    func stop() {
        if let fd = stopper.withLock({ fd -> Int32? in defer { fd = nil }; return fd }) { closeDescriptor(fd) }
    }

    private static func run(output: Int32, errorOutput: Int32, stop: Int32, handlers: Handlers) {
        var polled = [
            pollfd(fd: output, events: Int16(POLLIN), revents: 0),
            pollfd(fd: errorOutput, events: Int16(POLLIN), revents: 0),
            pollfd(fd: stop, events: Int16(POLLIN), revents: 0),
        ]
        var splitters = [LineSplitter(maximum: maximumLine), LineSplitter(maximum: maximumErrorLine)]
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        func deliver(_ stream: Int, _ line: ArraySlice<UInt8>) {
            stream == 0 ? handlers.outputLine(line) : handlers.errorLine(line)
        }
        var stopped = false
        while polled[0].fd >= 0 || polled[1].fd >= 0 {
            if poll(&polled, nfds_t(polled.count), -1) < 0 {
                if errno == EINTR { continue }
                break
            }
            if polled[2].revents != 0 {
                stopped = true
                break
            }
            for stream in 0..<2 where polled[stream].fd >= 0 && polled[stream].revents != 0 {
                let count = buffer.withUnsafeMutableBytes { read(polled[stream].fd, $0.baseAddress, $0.count) }
                if count < 0, errno == EINTR || errno == EAGAIN { continue }
                guard count > 0 else {
                    splitters[stream].finish { deliver(stream, $0) }
                    closeDescriptor(polled[stream].fd)
                    polled[stream].fd = -1
                    if stream == 0 { handlers.outputClosed() }
                    continue
                }
                splitters[stream].feed(buffer[0..<count], line: { deliver(stream, $0) }) {
                    if stream == 0 { handlers.outputOverflow() }
                }
            }
        }
        for index in 0..<2 where polled[index].fd >= 0 { closeDescriptor(polled[index].fd) }
        if stop >= 0 { closeDescriptor(stop) }
        // Reading failed with output still open: no answer can arrive any more, as at its end.
        if polled[0].fd >= 0, !stopped { handlers.outputClosed() }
    }
}

/// `close(2)`, named apart from the `close()` methods of the types that use it.
func closeDescriptor(_ fd: Int32) {
    _ = close(fd)
}
