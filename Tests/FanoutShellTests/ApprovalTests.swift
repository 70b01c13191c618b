import FanoutCore
import Testing
@testable import FanoutShell

@Suite("Approval in the shell")
struct ShellApprovalTests {
    private let queued = ["register delete_file latency=1s confirm=true", "register plain latency=1s", "call delete_file path=notes.txt", "call plain", "call delete_file path=todo.txt"]

    @Test func registerSaysTheHandlerAsksAndHandlersListsIt() async {
        let text = await output(of: ["register delete_file confirm=true", "handlers delete_file"])
        #expect(text.hasPrefix("registered delete_file (async, 1s, asks before each call)\ndelete_file  async, 1s, asks before each call\n"))
        let bad = await output(of: ["register delete_file confirm=maybe"])
        #expect(bad.contains("confirm must be true or false, not 'maybe'"))
    }

    @Test func aScriptWithoutYesDeniesTheCallsAndSaysHowToApprove() async {
        let (session, sink) = makeSession(clock: .real)
        for line in queued { await session.execute(line) }
        await session.execute("results")
        _ = sink.take()
        await session.execute("run")
        let text = sink.take()
        #expect(text.contains("call_1  delete_file  error"))
        #expect(text.contains("call_2  plain        ok"))
        await session.execute("show call_1")
        #expect(sink.take().contains("a script has no one to ask; pass --yes to approve them"))
    }

    @Test func yesApprovesEveryCall() async {
        let (session, sink) = makeSession()
        session.approvesAllCalls = true
        for line in queued + ["run"] { await session.execute(line) }
        #expect(sink.text.contains("call_1  delete_file  ok"))
        #expect(sink.text.contains("call_3  delete_file  ok"))
    }

    @Test func aPersonIsAskedPerCallAndAllApprovesTheRest() async {
        let (session, sink) = makeSession(clock: .real)
        let questions = Locked<[String]>([])
        session.askApproval = { question in
            questions.withLock { $0.append(question) }
            return .all
        }
        for line in queued + ["run"] { await session.execute(line) }
        #expect(questions.withLock { $0 } == [#"run delete_file(path: "notes.txt")? [y/N/a(ll)] "#])
        #expect(sink.text.contains("call_3  delete_file  ok"))
    }

    @Test func noDeniesOnlyThatCall() async {
        let (session, sink) = makeSession(clock: .real)
        let answers = Locked<[ApprovalAnswer]>([.no, .yes])
        session.askApproval = { _ in answers.withLock { $0.removeFirst() } }
        for line in queued + ["run", "show call_1"] { await session.execute(line) }
        let text = sink.text
        #expect(text.contains("call_3  delete_file  ok"))
        #expect(text.contains("denied: delete_file was not approved at the prompt"))
    }

    @Test func theVirtualClockDoesNotWaitForAPersonButPlanPredictsApprovedCalls() async {
        let (session, sink) = makeSession()
        session.askApproval = { _ in
            Issue.record("the virtual clock asked a person")
            return .yes
        }
        for line in queued + ["plan"] { await session.execute(line) }
        #expect(sink.take().contains("predicted wall: gather 1.000s"))
        await session.execute("run")
        await session.execute("show call_1")
        #expect(sink.take().contains("which the virtual clock can't wait for; clock real, or start fanout with --yes"))
    }

    @Test func answersAreReadAsTyped() {
        #expect(ApprovalAnswer(typed: "y") == .yes)
        #expect(ApprovalAnswer(typed: " YES ") == .yes)
        #expect(ApprovalAnswer(typed: "a") == .all)
        #expect(ApprovalAnswer(typed: "") == .no)
        #expect(ApprovalAnswer(typed: "n") == .no)
    }
}
