import Dispatch
import FanoutShell
import Foundation
import Synchronization

/// Ctrl-C while a script or a replay runs: cancel the run in progress and stop after it (exit 130); with no
/// run in progress, exit 130 at once.
final class ScriptInterrupt {
    /// Set once Ctrl-C was pressed; readable from any thread.
    final class Flag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .sequentiallyConsistent) }
        func set() { value.store(true, ordering: .sequentiallyConsistent) }
    }

    let flag = Flag()
    private let source: any DispatchSourceSignal

    init(control: RunControl) {
        signal(SIGINT, SIG_IGN)
        let flag = self.flag
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { @Sendable in
            flag.set()
            if !control.cancel() { exit(ScriptRunner.Status.interrupted) }
        }
        source.resume()
    }

    deinit {
        source.cancel()
    }
}
