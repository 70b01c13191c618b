import FanoutCore

extension PythonProgram {
    /// `report`, the strategy's `main` and `asyncio.run(main())`.
    var mainSection: String {
        var parts = [PythonProgram.report]
        if options.strategy == .taskgroup { parts.append(PythonProgram.groupOutcomes) }
        var body: [String] = []
        if blocks, options.offload == .thread {
            let threads = options.effectiveThreads
            body += [
                "# set threads \(threads): asyncio.to_thread's pool, as wide as fanout's offload pool.",
                "asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=\(threads)))",
            ]
        }
        body.append("start = time.monotonic()")
        body += strategyLines
        body += [
            "elapsed = time.monotonic() - start",
            "",
            "for call_id, result in zip(CALLS, results):",
            "    report(call_id, result)",
            "print(f\"\\nTotal: {elapsed:.2f}s\")",
        ]
        parts.append((["async def main():"] + body.map { $0.isEmpty ? "" : "    " + $0 }).joined(separator: "\n"))
        parts.append("asyncio.run(main())")
        return parts.joined(separator: "\n\n\n")
    }

    private var strategyLines: [String] {
        switch options.strategy {
        case .gather:
            return [
                "# gather: every call starts at once, as a task (one that refers to another waits inside",
                "# for it); a failure is a result in its call's place, and the others go on.",
                "for call_id, (name, call) in CALLS.items():",
                "    tasks[call_id] = asyncio.create_task(call())",
                "results = await asyncio.gather(*tasks.values(), return_exceptions=True)",
            ]
        case .taskgroup:
            return [
                "# taskgroup: every call starts at once, in a TaskGroup; the first failure cancels the",
                "# rest, and the group raises the failures as an ExceptionGroup.",
                "try:",
                "    async with asyncio.TaskGroup() as group:",
                "        for call_id, (name, call) in CALLS.items():",
                "            tasks[call_id] = group.create_task(call(), name=call_id)",
                "            tasks[call_id].add_done_callback(note_failure)",
                "except* Exception:",
                "    pass  # each call's own error is in its task",
                "results = [outcome(task) for task in tasks.values()]",
            ]
        case .sequential:
            return [
                "# sequential: one call at a time, in queue order, each awaited before the next starts;",
                "# a failure is a result, as under gather.",
                "results = []",
                "for call_id, (name, call) in CALLS.items():",
                "    tasks[call_id] = asyncio.create_task(call())",
                "    try:",
                "        results.append(await tasks[call_id])",
                "    except Exception as error:",
                "        results.append(error)",
            ]
        }
    }

    private static let report = """
        def report(call_id: str, result) -> None:
            \"\"\"Prints a call's result as fanout's `results` lists it: id, name, status, then the output,
            or the error as the lesson's execution layer writes it.\"\"\"
            name = CALLS[call_id][0]
            if isinstance(result, CallError):
                print(call_id, name, result.status, json.dumps({"error": str(result)}))
            elif isinstance(result, Exception):
                print(call_id, name, "error", json.dumps({"error": f"{type(result).__name__}: {result}"}))
            else:
                print(call_id, name, "ok", json.dumps(result))
        """

    private static let groupOutcomes = """
        def note_failure(task: asyncio.Task) -> None:
            \"\"\"Keeps the tasks that failed, in the order they did: the first is why the group
            cancelled the rest.\"\"\"
            if not task.cancelled() and task.exception() is not None:
                failures.append(task)


        def outcome(task: asyncio.Task):
            \"\"\"What a task of the group came to: its result, its error, or, cancelled, the failure
            that made the group cancel it.\"\"\"
            if not task.cancelled():
                return task.exception() or task.result()
            first = failures[0]
            verb = "timed out" if getattr(first.exception(), "status", "") == "timeout" else "failed"
            return CallError("cancelled", f"{first.get_name()} ({CALLS[first.get_name()][0]}) {verb}")
        """
}
