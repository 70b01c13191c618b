import FanoutCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes messages to the server's standard input on a thread of its own.
///
/// Nothing else writes to the server, so no caller ever blocks on a full pipe: not a task on a
/// cooperative thread, and not the reader thread answering a `ping` (which, blocked on a server that
/// is itself blocked writing to fanout, would deadlock both). Messages queued while a write is under
/// way go out together in the next one.
///
/// SIGPIPE is blocked on this thread, the only one that writes to a server: a write to a server that
/// has gone returns EPIPE instead of killing fanout (exit 141), and the rest of the program keeps the
/// signal's usual disposition. The signal stays pending on this thread and is discarded with it.
final class InputWriter: Sendable {
    private struct State {
        var queued: [UInt8] = []
        /// The writer thread waits on `wake`; the next `send` signals it.
        var sleeping = false
        var closing = false
        var broken = false
    }

    private let state = Locked(State())
    private let wake = DispatchSemaphore(value: 0)
    private let fd: Int32

    /// Starts the writer thread for `fd`; `onBroken` is called once, on that thread, when a write
    /// fails (the server has gone, or closed its input).
    init(fd: Int32, name: String, onBroken: @escaping @Sendable () -> Void) {
        self.fd = fd
        let thread = Thread { [self] in run(onBroken: onBroken) }
        thread.name = "mcp-writer-\(name)"
        thread.start()
    }

    /// Queues `bytes`; `false` when nothing more can be written (broken, or closing).
    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        let wakeUp = state.withLock { state -> Bool? in
            guard !state.broken, !state.closing else { return nil }
            state.queued.append(contentsOf: bytes)
            defer { state.sleeping = false }
            return state.sleeping
        }
        if wakeUp == true { wake.signal() }
        return wakeUp != nil
    }

    /// Writes what is queued, then closes the server's input: the end of input tells it to exit.
    func close() {
        let wakeUp = state.withLock { state -> Bool in
            guard !state.closing else { return false }
            state.closing = true
            defer { state.sleeping = false }
            return state.sleeping
        }
        if wakeUp { wake.signal() }
    }

    private func run(onBroken: @Sendable () -> Void) {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGPIPE)
        pthread_sigmask(SIG_BLOCK, &blocked, nil)
        var spare: [UInt8] = []
        while true {
            let closing = state.withLock { state -> Bool? in
                if state.queued.isEmpty, !state.closing {
                    state.sleeping = true
                    return nil
                }
                swap(&spare, &state.queued)
                return state.closing
            }
            guard let closing else {
                wake.wait()
                continue
            }
            if !spare.isEmpty, !writeAll(spare) {
                state.withLock { state in
                    state.broken = true
                    state.queued = []
                }
                onBroken()
                break
            }
            spare.removeAll(keepingCapacity: true)
            if closing { break }
        }
        closeDescriptor(fd)
    }

    private func writeAll(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}
