import FanoutCore

/// One attempt of a call as the views draw it: the table's timeline, the trace and the SVG.
struct AttemptSpan {
    /// 1 for the first attempt.
    var number: Int
    var startedAt: Duration
    var finishedAt: Duration
    /// How the attempt ended: a retried one's `error` or `timeout`, the last one's the call's own.
    var status: CallStatus
    var error: String?
    /// When the next attempt started, after its wait to retry; `nil` for the last attempt.
    var retriedAt: Duration?
}

extension CallResult {
    /// Each attempt of a call that started, first to last: one for a call that ran once, none for one
    /// that never started.
    var attemptSpans: [AttemptSpan] {
        guard let startedAt else { return [] }
        var spans: [AttemptSpan] = []
        for (offset, attempt) in retriedAttempts.enumerated() {
            spans.append(AttemptSpan(number: offset + 1, startedAt: attempt.startedAt, finishedAt: attempt.finishedAt,
                                     status: attempt.status, error: attempt.error))
        }
        let lastStart = retriedAttempts.isEmpty ? startedAt : lastAttemptStartedAt ?? startedAt
        if !spans.isEmpty { spans[spans.count - 1].retriedAt = lastStart }
        for index in spans.indices.dropLast() { spans[index].retriedAt = spans[index + 1].startedAt }
        spans.append(AttemptSpan(number: spans.count + 1, startedAt: lastStart, finishedAt: finishedAt, status: status, error: error))
        return spans
    }
}
