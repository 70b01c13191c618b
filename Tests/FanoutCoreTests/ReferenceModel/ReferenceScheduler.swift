import FanoutCore

/// How one call ended, in the model or as the executor reported it.
struct ModelCallTimeline: Equatable, Sendable {
    var status: CallStatus
    /// When its first attempt started; `nil` if it never started.
    var start: Duration?
    var end: Duration
    /// How many of its attempts failed and were tried again.
    var retried: Int
}

/// A whole run: every call in queue order, the wall time and the run's status.
struct ModelTimeline: Equatable, Sendable {
    var calls: [ModelCallTimeline]
    var wall: Duration
    var status: RunStatus
}

/// The reference model of DESIGN.md §2: a plain discrete-event simulation of a run of async calls
/// with fixed latencies on the virtual clock, written from the contract and sharing no code with
/// the executor.
///
/// Time jumps from one instant to the next at which something happens (an attempt ends, a retry's
/// wait is over). At each instant, in this order:
/// 1. every attempt ending now ends, in queue order: a success ends its call `ok`; a failure (error,
///    or timeout when the timeout is shorter than the latency: a result exactly on its deadline made
///    it) waits to retry if its policy has retries left, else ends its call with that status;
/// 2. the calls' failures have their consequences: under `taskgroup` every call not yet ended ends
///    `cancelled` (running, waiting to retry, or never started) and nothing starts again; under
///    `gather` and `sequential` the calls depending on a failed call, directly or not, end `skipped`;
/// 3. each call whose wait to retry is over starts its next attempt, with a timer of its own. The
///    end of a wait is an event of its own, like a timer firing: a wait of zero that began in this
///    step of the instant is over at the next step (the contract leaves the order of steps within an
///    instant open; this is the executor's, where the wait is a timer task);
/// 4. in queue order, every call not yet started whose dependencies all succeeded starts, while fewer
///    than the limit (1 under `sequential`) hold a slot and no other call of its serial handler
///    holds one. A call holds its slot from its first start to its end, waits to retry included;
///    a call that cannot start for its serial handler takes no slot and holds up no later call.
/// An instant is done when nothing more happens in it (an attempt of zero latency ends in it too).
enum ReferenceScheduler {
    /// The wait before retry number `retry` (1 for the first) of call `index` under `policy`: the
    /// draw is the one thing the model takes from outside (see `SchedulerModelTests`).
    typealias Backoff = (_ index: Int, _ retry: Int, _ policy: ModelRetry) -> Duration

    private struct Attempt {
        var end: Duration
        /// `ok`, `error` or `timeout`.
        var status: CallStatus
    }

    private enum State {
        case notStarted
        case running(Attempt)
        /// Waiting to retry until `until`; `step` is the step of the run in which the wait began.
        case waitingToRetry(until: Duration, step: Int)
        case ended(ModelCallTimeline)
    }

    static func run(_ queue: ModelQueue, backoff: Backoff) -> ModelTimeline {
        let calls = queue.calls
        var states = Array(repeating: State.notStarted, count: calls.count)
        var firstStart = [Duration?](repeating: nil, count: calls.count)
        var retried = Array(repeating: 0, count: calls.count)
        var aborted = false
        let width = queue.strategy == .sequential ? 1 : (queue.limit ?? Int.max)

        func handler(of index: Int) -> ModelHandler { queue.handlers[calls[index].handler] }

        func attempt(of index: Int, at now: Duration) -> State {
            let handler = handler(of: index)
            if let timeout = handler.timeout ?? queue.timeout, timeout < handler.latency {
                return .running(Attempt(end: now + timeout, status: .timeout))
            }
            return .running(Attempt(end: now + handler.latency, status: handler.fails ? .error : .ok))
        }

        func end(_ index: Int, _ status: CallStatus, at now: Duration) {
            states[index] = .ended(ModelCallTimeline(status: status, start: firstStart[index], end: now, retried: retried[index]))
        }

        func endedStatus(_ index: Int) -> CallStatus? {
            if case .ended(let timeline) = states[index] { return timeline.status }
            return nil
        }

        func holdsSlot(_ index: Int) -> Bool {
            switch states[index] {
            case .running, .waitingToRetry: return true
            case .notStarted, .ended: return false
            }
        }

        func startWhatMayStart(at now: Duration) {
            guard !aborted else { return }
            var slotsHeld = calls.indices.filter(holdsSlot).count
            for index in calls.indices where slotsHeld < width {
                guard case .notStarted = states[index],
                      calls[index].dependencies.allSatisfy({ endedStatus($0) == .ok })
                else { continue }
                let serialBusy = handler(of: index).serial && calls.indices.contains { other in
                    calls[other].handler == calls[index].handler && holdsSlot(other)
                }
                if serialBusy { continue }
                firstStart[index] = now
                states[index] = attempt(of: index, at: now)
                slotsHeld += 1
            }
        }

        startWhatMayStart(at: .zero)
        // Steps of the run: one a pass of the loop, several in one instant when things take no time.
        var step = 0
        while true {
            step += 1
            var next: Duration?
            for state in states {
                switch state {
                case .running(let attempt): next = min(next ?? attempt.end, attempt.end)
                case .waitingToRetry(let until, _): next = min(next ?? until, until)
                case .notStarted, .ended: break
                }
            }
            // Nothing running and nothing waiting to retry: every call has ended (a call not started
            // then could never start, which the contract rules out).
            guard let now = next else { break }

            // 1. Attempts ending now.
            var failed = false
            for index in calls.indices {
                guard case .running(let attempt) = states[index], attempt.end == now else { continue }
                if attempt.status == .ok {
                    end(index, .ok, at: now)
                } else if let policy = handler(of: index).retries ?? queue.retries, retried[index] < policy.maxRetries {
                    retried[index] += 1
                    states[index] = .waitingToRetry(until: now + backoff(index, retried[index], policy), step: step)
                } else {
                    end(index, attempt.status, at: now)
                    failed = true
                }
            }
            // 2. Consequences of failures.
            if failed, queue.strategy == .taskgroup {
                aborted = true
                for index in calls.indices where endedStatus(index) == nil { end(index, .cancelled, at: now) }
            } else if failed {
                // Dependencies come earlier in the queue, so one pass reaches dependents of dependents.
                for index in calls.indices {
                    guard case .notStarted = states[index] else { continue }
                    let dependencyFailed = calls[index].dependencies.contains { dependency in
                        endedStatus(dependency).map { $0 != .ok } ?? false
                    }
                    if dependencyFailed { end(index, .skipped, at: now) }
                }
            }
            // 3. Retries whose wait is over.
            for index in calls.indices {
                if case .waitingToRetry(let until, let began) = states[index], until == now, began < step {
                    states[index] = attempt(of: index, at: now)
                }
            }
            // 4. New starts.
            startWhatMayStart(at: now)
        }

        let timelines = states.map { state -> ModelCallTimeline in
            guard case .ended(let timeline) = state else {
                preconditionFailure("the model left a call without an end")
            }
            return timeline
        }
        return ModelTimeline(
            calls: timelines, wall: timelines.map(\.end).max() ?? .zero, status: aborted ? .failed : .ok)
    }
}
