import CProcessControl
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The process group a command ran in, to be emptied once its leader is gone.
///
/// swift-subprocess reaps the program it started, and its teardown stops once that program exits:
/// a grandchild that ignores SIGTERM, or one left running by a program that exited normally
/// (`sleep 30 &`), would outlive the call. So after every run the whole group gets SIGKILL and its
/// members are reaped. fanout is a child subreaper, so orphans in the group come back to it to be
/// reaped; only this group is waited for (never `waitpid(-1)`, which would steal other children's
/// statuses), and only after the library has reaped the leader.
enum ProcessGroup {
    /// Makes fanout a subreaper and keeps a write to a closed pipe from killing it, once.
    static let prepared: Bool = {
        // SIGPIPE: a program that exits without reading its input must fail the write, not kill fanout.
        signal(SIGPIPE, SIG_IGN)
        return fanout_become_child_subreaper() == 0
    }()

    /// Kills what is left of group `id` and reaps it, waiting at most `limit` for stragglers.
    ///
    /// Runs in a fresh task: called from a cancelled call, `Task.sleep` would return at once.
    static func empty(_ id: pid_t, limit: Duration = .seconds(2)) async {
        await Task.detached {
            let clock = ContinuousClock()
            let deadline = clock.now + limit
            while clock.now < deadline {
                let signalled = killpg(id, SIGKILL) == 0
                while waitpid(-id, nil, WNOHANG) > 0 {}
                // Nothing left to signal, and no child of ours in it: the group is gone.
                if !signalled, waitpid(-id, nil, WNOHANG) == -1 { return }
                try? await Task.sleep(for: .milliseconds(2))
            }
        }.value
    }
}
