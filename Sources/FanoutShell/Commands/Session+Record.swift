import FanoutCore

extension Session {
    /// `record FILE [force]`, `record stop`, or `record` for the current state.
    func record(_ arguments: [Word]) throws(CommandError) {
        guard let word = arguments.first else {
            if let recorder {
                say("recording to \(recorder.path) (\(recorder.commandCount) command\(recorder.commandCount == 1 ? "" : "s") so far); record stop to finish")
            } else {
                say("not recording; record FILE starts a transcript")
            }
            return
        }
        if word.text == "stop", !word.isQuoted, arguments.count == 1 {
            guard let recorder else { throw CommandError("not recording: record FILE starts a transcript") }
            recorder.close()
            self.recorder = nil
            say("stopped recording to \(recorder.path) (\(recorder.commandCount) command\(recorder.commandCount == 1 ? "" : "s"))")
            return
        }
        var force = false
        if arguments.count == 2 {
            guard arguments[1].text == "force" else {
                throw CommandError("usage: record FILE [force] · record stop", column: arguments[1].column)
            }
            force = true
        } else if arguments.count > 2 {
            throw CommandError("usage: record FILE [force] · record stop", column: arguments[2].column)
        }
        try startRecording(to: word.text, force: force)
    }

    /// Starts writing a transcript of every following command to `path`.
    public func startRecording(to path: String, force: Bool) throws(CommandError) {
        if let recorder {
            throw CommandError("already recording to \(recorder.path): record stop first")
        }
        // A transcript holds what people read, which replay and check print again; JSON lines are not that.
        guard presentation.format == .human else {
            throw CommandError("a transcript records the human format, and this session prints JSON lines: record without --format jsonl")
        }
        var header = "# fanout transcript · clock \(options.clock.rawValue) · seed \(options.seed)\n"
        header += options.clock == .virtual
            ? "# Check it with: fanout check \(path)\n"
            : "# Recorded on the real clock: replay it with fanout replay \(path) (with --allow-exec when it starts programs); to make it checkable, record with --clock virtual\n"
        let created = try TranscriptRecorder(path: path, force: force, header: header)
        say("recording to \(path): every command and its output from now on; record stop to finish")
        if !queue.isEmpty || !results.isEmpty || !registry.isEmpty {
            say("note: this session already has handlers, calls or results that the transcript will not show; for a transcript that replays and checks on its own, start recording in a fresh session (fanout --record FILE)")
        }
        recorder = created
    }

    /// Stops recording, if recording.
    public func stopRecording() {
        recorder?.close()
        recorder = nil
    }
}
