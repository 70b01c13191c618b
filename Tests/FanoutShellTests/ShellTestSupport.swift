import FanoutCore
@testable import FanoutShell

/// A virtual-clock session that collects its output.
func makeSession(format: PresentationOptions.Format = .human, clock: ClockKind = .virtual) -> (Session, CapturingSink) {
    let sink = CapturingSink()
    let session = Session(sink: sink, presentation: PresentationOptions(format: format), options: ExecutionOptions(clock: clock))
    return (session, sink)
}

/// A fresh session on `clock` that has run `lines`, what they printed taken from its sink.
func session(on clock: ClockKind, after lines: [String]) async -> (Session, CapturingSink) {
    let (session, sink) = makeSession(clock: clock)
    for line in lines { await session.execute(line) }
    _ = sink.take()
    return (session, sink)
}

/// Runs `lines` in a fresh virtual-clock session and returns everything it printed.
func output(of lines: [String], format: PresentationOptions.Format = .human) async -> String {
    let (session, sink) = makeSession(format: format)
    for line in lines { await session.execute(line) }
    return sink.text
}

/// The output of the last of `lines`, after running the others silently.
func outputOfLast(_ lines: [String]) async -> String {
    let (session, sink) = makeSession()
    for line in lines.dropLast() { await session.execute(line) }
    _ = sink.take()
    await session.execute(lines.last!)
    return sink.text
}

/// The lesson's exercise, queued.
let exercise = [
    "demo shop",
    "call get_user user_id=user_123",
    "call get_orders user_id=user_123 as orders",
    "call get_weather location=Seattle",
    "call get_recommendations user_id=user_123 order_history=$orders.orders",
]
