import CEditLine
import Dispatch
import Foundation
import Synchronization

// MARK: - Editor thread

/// Everything that touches libedit. Created, used and destroyed only on the editor
/// thread (C callbacks find it through EL_CLIENTDATA), so it needs no locking and is
/// deliberately not Sendable.
final class EditorSession {
    struct Configuration: Sendable {
        let programName: String
        let historyFile: String?
        let completer: LineEditor.Completer
        let continues: @Sendable (String) -> Bool
        let interactive: Bool
    }

    static let historySize: Int32 = 1000

    let configuration: Configuration
    let editLine: OpaquePointer
    let history: OpaquePointer
    let output: UnsafeMutablePointer<FILE>
    /// NUL-terminated prompt handed to libedit (the prompt callback returns it).
    private var promptBuffer: UnsafeMutablePointer<CChar>
    /// Set by the Ctrl-C key function; tells `read` to discard the line.
    private var interrupted = false
    /// Set when the line being edited received bytes that are not UTF-8 (shown as U+FFFD).
    private var receivedInvalidText = false
    /// A byte read past an invalid sequence, to be decoded next.
    private var pendingByte: UInt8?
    /// Whether typed keys echo between prompts (libedit's own mode for running commands).
    private var keysEcho = true
    /// Line state at the last Tab that had nothing to insert; a second Tab in the
    /// same state lists the candidates.
    private var lastUnproductiveTab: (line: String, cursor: Int)?

    /// Thread entry point: set up libedit, serve requests until shutdown, tear down.
    static func runLoop(_ configuration: Configuration, mailbox: Mailbox) {
        let session = EditorSession(configuration)
        while true {
            mailbox.wakeUp.wait()
            let request: Mailbox.Request? = mailbox.state.withLock { state in
                guard !state.queue.isEmpty else { return nil }
                let request = state.queue.removeFirst()
                if case .read(_, _, let continuation) = request { state.active = continuation }
                return request
            }
            switch request {
            case nil:
                continue  // a request withdrawn by close(); its wake-up is stale
            case .read(let prompt, let remembers, _)?:
                // If close() ran since the dequeue it has restored the terminal: do not
                // go back to raw mode. A prompt that was active when close() ran is
                // deliberately never resumed (see close()).
                if mailbox.state.withLock({ $0.closed }) { continue }
                let input = session.read(prompt: prompt, remembers: remembers)
                let continuation = mailbox.state.withLock { state in
                    state.closed ? nil : state.active.take()
                }
                continuation?.resume(returning: input)
            case .silenceKeys?:
                if !mailbox.state.withLock({ $0.closed }) { session.setKeyEcho(false) }
            case .shutdown?:
                session.shutDown()
                mailbox.finished.signal()
                return
            }
        }
    }

    init(_ configuration: Configuration) {
        self.configuration = configuration
        output = fo_stdout()
        promptBuffer = strdup("")!
        editLine = el_init(configuration.programName, fo_stdin(), fo_stdout(), fo_stderr())
        history = history_init()

        var event = HistEvent()
        _ = fo_history_setsize(history, &event, Self.historySize)
        _ = fo_history_setunique(history, &event, 1)  // drop consecutive duplicates
        if configuration.interactive, let path = configuration.historyFile {
            Self.createParentDirectories(of: path)
            _ = fo_history_load(history, &event, path)  // fails harmlessly if absent
        }

        let me = Unmanaged.passUnretained(self).toOpaque()  // self outlives editLine (shutDown)
        _ = fo_el_set_clientdata(editLine, me)
        _ = fo_el_set_prompt(editLine, promptCallback, 1)
        _ = fo_el_set_editor(editLine, "emacs")
        _ = fo_el_set_hist(editLine, history)
        // Our own reader: libedit's drops bytes that are not UTF-8 without a word.
        _ = fo_el_set_getcfn(editLine, readCharacterCallback)
        // Keyboard signals off while editing: ^C reaches us as a key, not as SIGINT.
        _ = fo_el_setty(editLine, "-d", "-isig")

        _ = fo_el_addfn(editLine, "fanout-complete", "Complete the word before the cursor", completeCallback)
        _ = fo_el_bind(editLine, "^I", "fanout-complete")
        _ = fo_el_addfn(editLine, "fanout-interrupt", "Discard the line (Ctrl-C)", interruptCallback)
        _ = fo_el_bind(editLine, "^C", "fanout-interrupt")
        // libedit's emacs map has ^R as redisplay; make it reverse incremental search.
        _ = fo_el_bind(editLine, "^R", "em-inc-search-prev")
        // Ctrl-Left/Right and Alt-Left/Right by word, as in most shells.
        for key in ["\\e[1;5D", "\\e[1;3D"] { _ = fo_el_bind(editLine, key, "ed-prev-word") }
        for key in ["\\e[1;5C", "\\e[1;3C"] { _ = fo_el_bind(editLine, key, "em-next-word") }
        _ = fo_el_bind(editLine, "\\e[3~", "ed-delete-next-char")  // Delete key
    }

    func shutDown() {
        saveHistory()
        el_end(editLine)  // restores the terminal settings libedit saw at el_init
        history_end(history)
        free(promptBuffer)
    }

    /// One prompt. Runs `el_gets` (blocking) and maps its result.
    /// An answer to a question (`remembers` false) stays out of the history.
    func read(prompt: String, remembers: Bool = true) -> LineEditor.Input {
        free(promptBuffer)
        promptBuffer = strdup(prompt)!
        interrupted = false
        receivedInvalidText = false
        lastUnproductiveTab = nil
        // Commands after this line run with keys echoing, as in any shell.
        if !keysEcho { setKeyEcho(true) }

        var count: Int32 = 0
        var retries = 0
        while true {
            guard let raw = el_gets(editLine, &count), count > 0 else {
                // count < 0 is a read error. Retry a stray EINTR a few times; treat
                // anything else (EIO after hang-up, ...) as end of input.
                if count < 0 && errno == EINTR && retries < 3 {
                    retries += 1
                    continue
                }
                if configuration.interactive {
                    // Ctrl-D leaves the cursor after the prompt; start a fresh line.
                    fputs("\n", output)
                    fflush(output)
                }
                return .endOfFile
            }
            if interrupted { return .interrupted }
            if receivedInvalidText { return .notUTF8 }
            var line = String(cString: raw)
            if line.hasSuffix("\n") { line.removeLast() }  // "\r\n" is one Character
            if remembers { remember(line) }
            return .line(line)
        }
    }

    // MARK: Terminal modes

    /// Sets whether keys echo while commands run, through libedit, so that the mode it restores
    /// after each line is the one set here.
    func setKeyEcho(_ on: Bool) {
        _ = fo_el_setty(editLine, "-x", on ? "+echo" : "-echo")
        keysEcho = on
    }

    // MARK: Reading

    /// Reads one character for libedit: 1 when `character` holds it, 0 at end of input, -1 on a
    /// read error. Bytes that are not UTF-8 give U+FFFD, and the line is refused when done.
    fileprivate func readCharacter(into character: UnsafeMutablePointer<wchar_t>) -> Int32 {
        guard let lead = pendingByte.take() ?? Self.readByte() else { return errno == 0 ? 0 : -1 }
        let length = lead < 0x80 ? 1 : lead >= 0xC2 && lead <= 0xDF ? 2 : lead >= 0xE0 && lead <= 0xEF ? 3 : lead >= 0xF0 && lead <= 0xF4 ? 4 : 0
        var bytes = [lead]
        while length > 0, bytes.count < length {
            guard let next = Self.readByte() else { break }
            guard next & 0xC0 == 0x80 else {
                pendingByte = next
                break
            }
            bytes.append(next)
        }
        // Complete, and not overlong, a surrogate or past U+10FFFF: what String's own check allows.
        if bytes.count == length, let text = String(validating: bytes, as: UTF8.self), let scalar = text.unicodeScalars.first {
            character.pointee = wchar_t(bitPattern: scalar.value)
        } else {
            receivedInvalidText = true
            character.pointee = 0xFFFD
        }
        return 1
    }

    /// The next byte of stdin; `nil` at its end (errno 0) or on an error (errno set).
    private static func readByte() -> UInt8? {
        var byte: UInt8 = 0
        while true {
            errno = 0
            let count = Glibc.read(STDIN_FILENO, &byte, 1)
            if count == 1 { return byte }
            if count < 0, errno == EINTR { continue }
            if count == 0 { errno = 0 }
            return nil
        }
    }

    // MARK: History

    private func remember(_ line: String) {
        // Piped input (scripts) must not pollute the user's history.
        guard configuration.interactive else { return }
        guard !line.hasPrefix(" "), !line.allSatisfy(\.isWhitespace) else { return }
        var event = HistEvent()
        _ = fo_history_enter(history, &event, line)
        saveHistory()  // after every line: a killed process keeps its history
    }

    /// Writes the history to a temporary file created with mode 0600 and renames it
    /// over the real one, so a crash mid-write never truncates the history and the
    /// file is never readable by others, whatever the umask or the old file's mode.
    private func saveHistory() {
        guard configuration.interactive, let path = configuration.historyFile else { return }
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return }
        _ = fchmod(fd, 0o600)
        guard let file = fdopen(fd, "w") else {
            _ = close(fd)
            _ = unlink(temporary)
            return
        }
        var event = HistEvent()
        let saved = fo_history_save_fp(history, &event, file)
        let flushed = fflush(file) == 0
        let closed = fclose(file) == 0
        if saved >= 0 && flushed && closed {
            _ = rename(temporary, path)
        } else {
            _ = unlink(temporary)
        }
    }

    private static func createParentDirectories(of path: String) {
        let parent = (path as NSString).deletingLastPathComponent
        guard !parent.isEmpty else { return }
        try? FileManager.default.createDirectory(
            atPath: parent, withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700])
    }

    // MARK: Key functions

    fileprivate var prompt: UnsafeMutablePointer<CChar> { promptBuffer }

    /// Ctrl-C: flag the line as interrupted and finish it. Moving the cursor to the
    /// end first and pushing "\n" (bound to ed-newline) lets libedit itself move below
    /// the whole (possibly wrapped) line, so the next output starts on a fresh row.
    fileprivate func interrupt() -> UInt8 {
        interrupted = true
        if let info = el_wline(editLine) {
            _ = el_cursor(editLine, Int32(info.pointee.lastchar - info.pointee.cursor))
        }
        el_push(editLine, "\n")
        return UInt8(CC_REFRESH)
    }

    /// Tab: see `LineEditor.Completer` for the behaviour.
    fileprivate func complete() -> UInt8 {
        guard let info = el_line(editLine) else { return UInt8(CC_ERROR) }
        let before = Self.decode(info.pointee.buffer, upTo: info.pointee.cursor)
        let whole = Self.decode(info.pointee.buffer, upTo: info.pointee.lastchar)
        let word = Self.lastWord(of: before)

        var seen = Set<String>()
        let candidates = configuration.completer(before).filter { seen.insert($0).inserted }
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }

        if candidates.count == 1 {
            let candidate = candidates[0]
            replaceLastWord(word, with: configuration.continues(candidate) ? candidate : candidate + " ")
            lastUnproductiveTab = nil
            return UInt8(CC_REFRESH)
        }

        let common = Self.longestCommonPrefix(candidates)
        if common.unicodeScalars.count > word.unicodeScalars.count,
           common.unicodeScalars.starts(with: word.unicodeScalars) {
            replaceLastWord(word, with: common)
            lastUnproductiveTab = nil
            return UInt8(CC_REFRESH)
        }

        let state = (line: whole, cursor: before.utf8.count)
        if let last = lastUnproductiveTab, last == state {
            printInColumns(candidates)
            return UInt8(CC_REDISPLAY)  // redraw prompt + line below the list
        }
        lastUnproductiveTab = state
        return UInt8(CC_REFRESH_BEEP)
    }

    /// Inserts what is missing of `replacement` after `word` (the text just before the
    /// cursor); if `replacement` does not extend `word`, replaces the word entirely.
    private func replaceLastWord(_ word: String, with replacement: String) {
        let wordScalars = word.unicodeScalars
        var insertion = String.UnicodeScalarView()
        if replacement.unicodeScalars.starts(with: wordScalars) {
            insertion.append(contentsOf: replacement.unicodeScalars.dropFirst(wordScalars.count))
        } else {
            // libedit counts wchar_t, i.e. one Unicode scalar each on Linux.
            el_deletestr(editLine, Int32(wordScalars.count))
            insertion = replacement.unicodeScalars
        }
        let text = String(insertion)
        if !text.isEmpty { _ = el_insertstr(editLine, text) }
    }

    private func printInColumns(_ items: [String]) {
        let terminalWidth = Int(fo_el_get_columns(editLine))
        let width = terminalWidth > 0 ? terminalWidth : 80
        let gap = 2
        let cellWidth = (items.map(Self.displayWidth).max() ?? 0) + gap
        let columns = max(1, (width + gap) / cellWidth)
        let rows = (items.count + columns - 1) / columns
        var text = "\n"
        for row in 0..<rows {
            for column in 0..<columns {
                let index = column * rows + row  // column-major, like ls
                guard index < items.count else { continue }
                let item = items[index]
                text += item
                if column < columns - 1, index + rows < items.count {
                    text += String(repeating: " ", count: cellWidth - Self.displayWidth(item))
                }
            }
            text += "\n"
        }
        fputs(text, output)
        fflush(output)
    }

    // MARK: Text helpers

    private static func decode(_ start: UnsafePointer<CChar>, upTo end: UnsafePointer<CChar>) -> String {
        let bytes = UnsafeBufferPointer(start: UnsafeRawPointer(start).assumingMemoryBound(to: UInt8.self),
                                        count: end - start)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The text after the last space that is not quoted ('...' or "...") or
    /// backslash-escaped.
    static func lastWord(of text: String) -> String {
        var quote: Character?
        var escaped = false
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if escaped {
                escaped = false
            } else if character == "\\" && quote != "'" {
                escaped = true
            } else if let open = quote {
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
            } else if character == " " || character == "\t" {
                start = next
            }
            index = next
        }
        return String(text[start...])
    }

    static func longestCommonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map(Array.init) else { return "" }
        for string in strings.dropFirst() {
            let characters = Array(string)
            var length = 0
            while length < min(prefix.count, characters.count), prefix[length] == characters[length] {
                length += 1
            }
            prefix.removeSubrange(length...)
        }
        return String(prefix)
    }

    /// Terminal columns a string occupies (East Asian wide characters count 2).
    static func displayWidth(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + max(0, Int(CEditLine.wcwidth(wchar_t(bitPattern: $1.value)))) }
    }

    fileprivate static func from(_ editLine: OpaquePointer?) -> EditorSession {
        guard let editLine, let data = fo_el_get_clientdata(editLine) else {
            preconditionFailure("libedit callback without EditorSession client data")
        }
        return Unmanaged<EditorSession>.fromOpaque(data).takeUnretainedValue()
    }
}

// MARK: - C callbacks (plain functions, so they convert to C function pointers)

private func promptCallback(_ editLine: OpaquePointer?) -> UnsafeMutablePointer<CChar>? {
    EditorSession.from(editLine).prompt
}

private func completeCallback(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    EditorSession.from(editLine).complete()
}

private func interruptCallback(_ editLine: OpaquePointer?, _ key: Int32) -> UInt8 {
    EditorSession.from(editLine).interrupt()
}

private func readCharacterCallback(_ editLine: OpaquePointer?, _ character: UnsafeMutablePointer<wchar_t>?) -> Int32 {
    guard let character else { return -1 }
    return EditorSession.from(editLine).readCharacter(into: character)
}
