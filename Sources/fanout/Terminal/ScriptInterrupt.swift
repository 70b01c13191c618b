import Dispatch
import FanoutShell
import Foundation
import Synchronization

/// Ctrl-C (SIGINT), SIGTERM or SIGHUP while a script or a replay runs: cancel the run in progress,
/// which still ends every call and finishes its events, and stop after it with 128 + the signal's
/// number (130, 143, 129); with no run in progress, exit so at once.
final class ScriptInterrupt {
    /// The signal that stopped the script, once one came; readable from any thread.
    final class Flag: Sendable {
        private let signal = Atomic<Int32>(0)
        var isSet: Bool { signal.load(ordering: .sequentiallyConsistent) != 0 }
        /// 128 + the signal's number, as a shell reports a process the signal ended.
        var exitStatus: Int32 { 128 + signal.load(ordering: .sequentiallyConsistent) }
        func set(_ number: Int32) {
            _ = signal.compareExchange(expected: 0, desired: number, ordering: .sequentiallyConsistent)
        }
    }

    /// The signals that stop a script.
    static let signals = [SIGINT, SIGTERM, SIGHUP]

    let flag = Flag()
    private let sources: [any DispatchSourceSignal]

    init(control: RunControl) {
        let flag = self.flag
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { @Sendable in
                flag.set(number)
                if !control.cancel() { exit(flag.exitStatus) }
            }
            source.resume()
            return source
        }
    }

    deinit {
        for source in sources { source.cancel() }
    }
}
